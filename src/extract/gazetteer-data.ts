// Built-in gazetteer: public, general knowledge about defence ministries, armed forces,
// defence companies and laboratories of India, Israel and frequent partner countries.
// Compact line format keeps it easy to review: "Name | alias; alias | ISO3 | kind".
import type { ForumRecord, OrgKind, OrgRecord, PersonRecord } from './gazetteer.ts';

const ORGS = `
Department of Defence Production | DDP | IND | ministry
Department of Military Affairs | DMA | IND | ministry
Ministry of External Affairs | MEA | IND | ministry
Defence Research and Development Organisation | DRDO | IND | research
Indian Space Research Organisation | ISRO | IND | research
Aeronautical Development Agency | ADA | IND | research
Indian Army | | IND | armed_force
Indian Navy | | IND | armed_force
Indian Air Force | | IND | armed_force
Indian Coast Guard | ICG | IND | armed_force
Headquarters, Integrated Defence Staff | Integrated Defence Staff; HQ IDS; Headquarters Integrated Defence Staff | IND | armed_force
Western Naval Command | WNC | IND | armed_force
Eastern Naval Command | ENC | IND | armed_force
Southern Naval Command | SNC | IND | armed_force
Andaman and Nicobar Command | | IND | armed_force
Strategic Forces Command | SFC | IND | armed_force
Information Fusion Centre for Indian Ocean Region | IFC-IOR; Information Fusion Centre - Indian Ocean Region | IND | armed_force
Innovations for Defence Excellence | iDEX | IND | agency
Defence Acquisition Council | DAC | IND | agency
Hindustan Aeronautics Limited | HAL | IND | company
Bharat Electronics Limited | BEL; Bharat Electronics | IND | company
Bharat Dynamics Limited | BDL; Bharat Dynamics | IND | company
BEML Limited | BEML | IND | company
Mazagon Dock Shipbuilders Limited | MDL; Mazagon Dock; Mazagon Dock Limited; Mazagon Dock Shipbuilders | IND | company
Garden Reach Shipbuilders & Engineers | GRSE; Garden Reach Shipbuilders and Engineers | IND | company
Goa Shipyard Limited | GSL; Goa Shipyard | IND | company
Hindustan Shipyard Limited | HSL; Hindustan Shipyard | IND | company
Cochin Shipyard Limited | CSL; Cochin Shipyard | IND | company
Mishra Dhatu Nigam Limited | MIDHANI; Mishra Dhatu Nigam | IND | company
Munitions India Limited | MIL | IND | company
Armoured Vehicles Nigam Limited | AVNL | IND | company
Advanced Weapons and Equipment India Limited | AWEIL | IND | company
Yantra India Limited | YIL | IND | company
India Optel Limited | IOL | IND | company
Gliders India Limited | GIL | IND | company
Troop Comforts Limited | TCL | IND | company
Ordnance Factory Board | OFB | IND | agency
BrahMos Aerospace | BrahMos | IND | company
TATA Advanced Systems | Tata Advanced Systems Limited; TASL; Tata Advanced Systems | IND | company
L&T Defence | Larsen & Toubro; Larsen and Toubro; L&T | IND | company
Bharat Forge | Kalyani Group | IND | company
Mahindra Defence | Mahindra Defence Systems | IND | company
Adani Defence & Aerospace | Adani Defence; Adani Defence and Aerospace | IND | company
Kalyani Rafael Advanced Systems | KRAS | IND | company
Adani Elbit Advanced Systems | | IND | company
Solar Industries | | IND | company
Data Patterns | | IND | company
Paras Defence | Paras Defence and Space Technologies | IND | company
Astra Microwave | Astra Microwave Products | IND | company
Zen Technologies | | IND | company
Alpha Design Technologies | | IND | company
Israel Ministry of Defense | IMOD; Israeli Ministry of Defense; Israel Ministry of Defence; Israeli Ministry of Defence | ISR | ministry
Defence Research and Development Laboratory | DRDL | IND | research
Aeronautical Development Establishment | ADE | IND | research
Gas Turbine Research Establishment | GTRE | IND | research
Defence Metallurgical Research Laboratory | DMRL | IND | research
Electronics and Radar Development Establishment | LRDE | IND | research
Research Centre Imarat | RCI | IND | research
Centre for Airborne Systems | CABS | IND | research
Centre for Artificial Intelligence and Robotics | CAIR | IND | research
Naval Science and Technological Laboratory | NSTL | IND | research
Naval Physical and Oceanographic Laboratory | NPOL | IND | research
Armament Research and Development Establishment | ARDE | IND | research
Combat Vehicles Research and Development Establishment | CVRDE | IND | research
Defence Institute of Advanced Technology | DIAT | IND | research
Directorate General of Quality Assurance | DGQA | IND | agency
Army Design Bureau | ADB | IND | armed_force
Israel National Cyber Directorate | INCD | ISR | agency
Defence Science and Technology Group | DSTG | AUS | research
Austal | | AUS | company
ASC Pty Ltd | | AUS | company
Defence Science and Technology Laboratory | Dstl | GBR | research
Hellenic Aerospace Industry | HAI | GRC | company
Turkish Aerospace | TUSAS; Turkish Aerospace Industries | TUR | company
Aselsan | | TUR | company
Roketsan | | TUR | company
Baykar | | TUR | company
Embraer | | BRA | company
Navantia | | ESP | company
Indra | Indra Sistemas | ESP | company
Patria | | FIN | company
Nammo | | NOR | company
Denel | | ZAF | company
LIG Nex1 | | KOR | company
Hanwha Ocean | | KOR | company
Mitsubishi Electric | | JPN | company
Rostec | | RUS | company
NPO Mashinostroyeniya | | RUS | company
Israel Defense Forces | IDF; Israeli Defense Forces; Israel Defence Forces; Israeli Defence Forces | ISR | armed_force
Israeli Air Force | Israel Air Force | ISR | armed_force
Israeli Navy | Israel Navy | ISR | armed_force
Directorate of Defense Research and Development | DDR&D; MAFAT; Directorate of Defence Research & Development; Directorate of Defense Research & Development; Directorate of Defence Research and Development | ISR | research
International Defense Cooperation Directorate | SIBAT | ISR | agency
Policy & Pol-Mil Bureau | Policy and Political-Military Bureau; Policy and Pol-Mil Bureau | ISR | ministry
Planning Directorate | IDF Planning Directorate | ISR | armed_force
Israel Missile Defense Organization | IMDO | ISR | research
Israel Space Agency | | ISR | agency
Elbit Systems | Elbit | ISR | company
Rafael Advanced Defense Systems | Rafael; Rafael Advanced Defence Systems | ISR | company
Israel Aerospace Industries | IAI | ISR | company
IMI Systems | Israel Military Industries | ISR | company
Elta Systems | ELTA | ISR | company
Israel Shipyards | | ISR | company
Aeronautics Ltd | | ISR | company
Smart Shooter | | ISR | company
Department of Defense | DoD; DOD; Pentagon; US Department of Defense; U.S. Department of Defense | USA | ministry
Department of War | US Department of War; War Department | USA | ministry
Department of State | State Department; US Department of State; U.S. Department of State | USA | ministry
Office of the Under Secretary of War for Policy | Office of the Under Secretary of Defense for Policy | USA | ministry
Defense Security Cooperation Agency | DSCA | USA | agency
Defense Advanced Research Projects Agency | DARPA | USA | research
US Indo-Pacific Command | INDOPACOM; USINDOPACOM; Indo-Pacific Command | USA | armed_force
US Central Command | CENTCOM; Central Command | USA | armed_force
US Army | U.S. Army; United States Army | USA | armed_force
US Navy | U.S. Navy; United States Navy | USA | armed_force
US Air Force | U.S. Air Force; USAF; United States Air Force | USA | armed_force
US Marine Corps | USMC; U.S. Marine Corps | USA | armed_force
Lockheed Martin | | USA | company
Boeing | | USA | company
RTX | Raytheon | USA | company
Northrop Grumman | | USA | company
General Dynamics | | USA | company
General Atomics | | USA | company
L3Harris | L3Harris Technologies | USA | company
GE Aerospace | General Electric | USA | company
Federal Ministry of Defence | Federal Ministry of Defense; BMVg | DEU | ministry
Bundeswehr | German Armed Forces | DEU | armed_force
Rheinmetall | | DEU | company
ThyssenKrupp Marine Systems | TKMS; thyssenkrupp Marine Systems | DEU | company
Hensoldt | | DEU | company
Directorate General of Armaments | DGA; Direction générale de l'armement | FRA | agency
Dassault Aviation | Dassault | FRA | company
Thales | Thales Group | FRA | company
Naval Group | | FRA | company
Safran | | FRA | company
MBDA | | FRA | company
Airbus | Airbus Defence and Space | FRA | company
BAE Systems | | GBR | company
Rolls-Royce | | GBR | company
Royal Navy | | GBR | armed_force
Royal Air Force | RAF | GBR | armed_force
British Army | | GBR | armed_force
Leonardo | | ITA | company
Fincantieri | | ITA | company
Saab | | SWE | company
Kongsberg | Kongsberg Defence & Aerospace | NOR | company
Rosoboronexport | | RUS | company
United Shipbuilding Corporation | | RUS | company
Almaz-Antey | | RUS | company
Acquisition, Technology & Logistics Agency | ATLA; Acquisition, Technology and Logistics Agency | JPN | agency
Japan Self-Defense Forces | JSDF; Self-Defense Forces | JPN | armed_force
Japan Maritime Self-Defense Force | JMSDF | JPN | armed_force
Japan Ground Self-Defense Force | JGSDF | JPN | armed_force
Japan Air Self-Defense Force | JASDF | JPN | armed_force
Mitsubishi Heavy Industries | MHI | JPN | company
Kawasaki Heavy Industries | | JPN | company
Hanwha Aerospace | Hanwha | KOR | company
Hyundai Heavy Industries | HD Hyundai Heavy Industries | KOR | company
Korea Aerospace Industries | KAI | KOR | company
Defense Acquisition Program Administration | DAPA | KOR | agency
Australian Defence Force | ADF | AUS | armed_force
Royal Australian Navy | RAN | AUS | armed_force
Royal Australian Air Force | RAAF | AUS | armed_force
EDGE Group | EDGE | ARE | company
Tawazun Council | | ARE | agency
General Authority for Military Industries | GAMI | SAU | agency
Saudi Arabian Military Industries | SAMI | SAU | company
Royal Saudi Air Force | RSAF | SAU | armed_force
Indonesian National Armed Forces | TNI | IDN | armed_force
PT PAL | PT PAL Indonesia | IDN | company
PT Pindad | Pindad | IDN | company
PT Dirgantara Indonesia | | IDN | company
General Department of Defence Industry | GDDI; General Department of Defense Industry | VNM | agency
Vietnam People's Army | Vietnam People's Navy | VNM | armed_force
Sultan of Oman's Armed Forces | SAF; Royal Army of Oman; Royal Navy of Oman | OMN | armed_force
Arab Organization for Industrialization | AOI | EGY | company
Defence Science and Technology Agency | DSTA | SGP | agency
ST Engineering | | SGP | company
Singapore Armed Forces | | SGP | armed_force
Hellenic National Defence General Staff | | GRC | armed_force
Cyprus National Guard | | CYP | armed_force
Bangladesh Armed Forces | | BGD | armed_force
Sri Lanka Navy | | LKA | armed_force
Philippine Navy | | PHL | armed_force
Armed Forces of the Philippines | | PHL | armed_force
People's Liberation Army | PLA | CHN | armed_force
North Atlantic Treaty Organization | NATO; North Atlantic Treaty Organisation | | other
European Union | EU | | other
United Nations | UN; U.N. | | other
Association of Southeast Asian Nations | ASEAN | | other
African Union | | | other
Shanghai Cooperation Organisation | SCO; Shanghai Cooperation Organization | | other
Gulf Cooperation Council | GCC | | other
`;

const PEOPLE = `
Narendra Modi | Prime Minister | IND
Rajnath Singh | Defence Minister | IND
Rajesh Kumar Singh | Defence Secretary | IND
Giridhar Aramane | Defence Secretary | IND
Ajay Kumar | Defence Secretary | IND
Sanjeev Kumar | Secretary (Defence Production) | IND
Anil Chauhan | Chief of Defence Staff | IND
Bipin Rawat | Chief of Defence Staff | IND
Upendra Dwivedi | Chief of the Army Staff | IND
Manoj Pande | Chief of the Army Staff | IND
Dinesh K Tripathi | Chief of the Naval Staff | IND
R Hari Kumar | Chief of the Naval Staff | IND
A P Singh | Chief of the Air Staff | IND
V R Chaudhari | Chief of the Air Staff | IND
Samir V Kamat | Chairman, DRDO | IND
Ajit Doval | National Security Advisor | IND
S Jaishankar | External Affairs Minister | IND
Droupadi Murmu | President | IND
Benjamin Netanyahu | Prime Minister | ISR
Isaac Herzog | President | ISR
Israel Katz | Defence Minister | ISR
Yoav Gallant | Defence Minister | ISR
Benny Gantz | Defence Minister | ISR
Amir Baram | Director General, Ministry of Defence | ISR
Amir Eshel | Director General, Ministry of Defence | ISR
Eyal Zamir | Chief of the General Staff | ISR
Herzi Halevi | Chief of the General Staff | ISR
Yair Kulas | Head of SIBAT | ISR
Pete Hegseth | Secretary of War | USA
Lloyd Austin | Secretary of Defense | USA
Marco Rubio | Secretary of State | USA
Antony Blinken | Secretary of State | USA
Boris Pistorius | Defence Minister | DEU
Richard Marles | Defence Minister | AUS
Phan Van Giang | Minister of National Defence | VNM
Prabowo Subianto | President | IDN
Sjafrie Sjamsoeddin | Defence Minister | IDN
Abdel Fattah El-Sisi | President | EGY
Khalid bin Salman | Defence Minister | SAU
Gen Nakatani | Defence Minister | JPN
Sebastien Lecornu | Minister for the Armed Forces | FRA
Emmanuel Macron | President | FRA
Elbridge Colby | Under Secretary of Defense for Policy | USA
Nikos Dendias | Minister of National Defence | GRC
Yasukazu Hamada | Defence Minister | JPN
Minoru Kihara | Defence Minister | JPN
Grant Shapps | Defence Secretary | GBR
Ng Eng Hen | Defence Minister | SGP
Gilberto Teodoro | Secretary of National Defense | PHL
Andrey Belousov | Defence Minister | RUS
John Healey | Defence Secretary | GBR
`;

const FORUMS = `
Joint Working Group on Defence Cooperation | JWG
Joint Defence Cooperation Committee | JDCC
Joint Military Cooperation Committee | JMCC
Joint Committee on Defence Cooperation | JCDC
Defence Policy Dialogue | DPD
Defense Policy Advisory Group | DPAG
Defence Policy Group | DPG
Military Cooperation Group | MCG
High Level Committee | HLC
Defence Technology and Trade Initiative | DTTI
Inter-Governmental Commission on Military and Military-Technical Cooperation | IRIGC-M&MTC; IRIGC
2+2 Ministerial Dialogue | 2+2 Dialogue
Joint Staff Talks | JST
Defence Cooperation Dialogue | DCD
Strategic Dialogue |
`;

const cells = (line: string) => line.split('|').map((c) => c.trim());
const aliasList = (c: string | undefined) => (c ? c.split(';').map((a) => a.trim()).filter(Boolean) : []);
const lines = (block: string) => block.split('\n').map((l) => l.trim()).filter(Boolean);

export const DEFAULT_ORGANIZATIONS: OrgRecord[] = lines(ORGS).map((l) => {
  const [name = '', aliases, country, kind] = cells(l);
  return { name, aliases: aliasList(aliases), country: country || null, kind: (kind || 'other') as OrgKind };
});

export const DEFAULT_PEOPLE: PersonRecord[] = lines(PEOPLE).map((l) => {
  const [name = '', title, country] = cells(l);
  return { name, title: title || null, country: country || null };
});

export const DEFAULT_FORUMS: ForumRecord[] = lines(FORUMS).map((l) => {
  const [name = '', aliases] = cells(l);
  return { name, aliases: aliasList(aliases) };
});
