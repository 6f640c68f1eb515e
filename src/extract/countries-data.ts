// World country table: ISO alpha-3 | names (common first, then formal/short forms) |
// demonyms | capitals and other cities that news datelines and venues name.
// One line per country keeps the table greppable and cheap to extend.
export const COUNTRY_TABLE = `
AFG|Afghanistan|Afghan|Kabul
ALB|Albania|Albanian|Tirana
DZA|Algeria|Algerian|Algiers
AGO|Angola|Angolan|Luanda
ARG|Argentina;Argentine Republic|Argentine;Argentinian|Buenos Aires
ARM|Armenia|Armenian|Yerevan
AUS|Australia;Commonwealth of Australia|Australian|Canberra;Sydney;Melbourne;Perth;Adelaide;Brisbane;Darwin
AUT|Austria|Austrian|Vienna
AZE|Azerbaijan|Azerbaijani;Azeri|Baku
BHR|Bahrain;Kingdom of Bahrain|Bahraini|Manama
BGD|Bangladesh|Bangladeshi|Dhaka;Chittagong
BLR|Belarus|Belarusian|Minsk
BEL|Belgium|Belgian|Brussels
BTN|Bhutan|Bhutanese|Thimphu
BOL|Bolivia|Bolivian|La Paz;Sucre
BIH|Bosnia and Herzegovina;Bosnia|Bosnian|Sarajevo
BWA|Botswana|Botswanan;Motswana|Gaborone
BRA|Brazil;Federative Republic of Brazil|Brazilian|Brasilia;Brasília;Rio de Janeiro;Sao Paulo;São Paulo
BRN|Brunei;Brunei Darussalam|Bruneian|Bandar Seri Begawan
BGR|Bulgaria|Bulgarian|Sofia
BFA|Burkina Faso|Burkinabe|Ouagadougou
KHM|Cambodia;Kingdom of Cambodia|Cambodian|Phnom Penh
CMR|Cameroon|Cameroonian|Yaounde;Yaoundé
CAN|Canada|Canadian|Ottawa;Toronto;Montreal;Vancouver
CHL|Chile|Chilean|Santiago
CHN|China;People's Republic of China;PRC|Chinese|Beijing;Shanghai
COL|Colombia|Colombian|Bogota;Bogotá
COD|Democratic Republic of the Congo;DR Congo;DRC|Congolese|Kinshasa
HRV|Croatia|Croatian|Zagreb
CUB|Cuba|Cuban|Havana
CYP|Cyprus;Republic of Cyprus|Cypriot|Nicosia;Larnaca;Limassol
CZE|Czech Republic;Czechia|Czech|Prague
DNK|Denmark|Danish|Copenhagen
DJI|Djibouti|Djiboutian|Djibouti City
ECU|Ecuador|Ecuadorian|Quito
EGY|Egypt;Arab Republic of Egypt|Egyptian|Cairo;Alexandria
EST|Estonia|Estonian|Tallinn
ETH|Ethiopia|Ethiopian|Addis Ababa
FJI|Fiji|Fijian|Suva
FIN|Finland|Finnish|Helsinki
FRA|France;French Republic|French|Paris;Toulon;Marseille
GAB|Gabon|Gabonese|Libreville
GEO|Georgia|Georgian|Tbilisi
DEU|Germany;Federal Republic of Germany|German|Berlin;Bonn;Munich;Hamburg;Kiel
GHA|Ghana|Ghanaian|Accra
GRC|Greece;Hellenic Republic|Greek;Hellenic|Athens;Thessaloniki
GTM|Guatemala|Guatemalan|Guatemala City
GUY|Guyana|Guyanese|Georgetown
HUN|Hungary|Hungarian|Budapest
ISL|Iceland|Icelandic|Reykjavik
IND|India;Republic of India|Indian|New Delhi;Delhi;Mumbai;Bombay;Pune;Bengaluru;Bangalore;Hyderabad;Chennai;Kolkata;Ghaziabad;Gurugram;Gurgaon;Noida;Lucknow;Kochi;Cochin;Visakhapatnam;Goa;Nashik;Kanpur;Jaipur;Ahmedabad;Gandhinagar;Agra;Jodhpur;Port Blair;Karwar;Secunderabad;Nagpur;Chandigarh;Dehradun;Bhopal;Kozhikode;Thiruvananthapuram
IDN|Indonesia;Republic of Indonesia|Indonesian|Jakarta;Surabaya;Bandung
IRN|Iran;Islamic Republic of Iran|Iranian|Tehran
IRQ|Iraq|Iraqi|Baghdad
IRL|Ireland|Irish|Dublin
ISR|Israel;State of Israel|Israeli|Tel Aviv;Jerusalem;Haifa;Beersheba;Be'er Sheva;Herzliya;Rehovot;Lod;Eilat;Ashdod
ITA|Italy;Italian Republic|Italian|Rome;Milan;Naples
CIV|Ivory Coast;Cote d'Ivoire;Côte d'Ivoire|Ivorian|Abidjan;Yamoussoukro
JAM|Jamaica|Jamaican|Kingston
JPN|Japan|Japanese|Tokyo;Yokosuka;Osaka
JOR|Jordan;Hashemite Kingdom of Jordan|Jordanian|Amman
KAZ|Kazakhstan|Kazakh;Kazakhstani|Astana;Almaty
KEN|Kenya|Kenyan|Nairobi;Mombasa
KWT|Kuwait|Kuwaiti|Kuwait City
KGZ|Kyrgyzstan|Kyrgyz|Bishkek
LAO|Laos;Lao PDR|Lao;Laotian|Vientiane
LVA|Latvia|Latvian|Riga
LBN|Lebanon|Lebanese|Beirut
LBY|Libya|Libyan|Tripoli
LTU|Lithuania|Lithuanian|Vilnius
LUX|Luxembourg|Luxembourgish|Luxembourg City
MDG|Madagascar|Malagasy|Antananarivo
MWI|Malawi|Malawian|Lilongwe
MYS|Malaysia|Malaysian|Kuala Lumpur;Putrajaya
MDV|Maldives;Republic of Maldives|Maldivian|Malé
MLI|Mali|Malian|Bamako
MLT|Malta|Maltese|Valletta
MRT|Mauritania|Mauritanian|Nouakchott
MUS|Mauritius|Mauritian|Port Louis
MEX|Mexico|Mexican|Mexico City
MDA|Moldova|Moldovan|Chisinau
MNG|Mongolia|Mongolian|Ulaanbaatar;Ulan Bator
MNE|Montenegro|Montenegrin|Podgorica
MAR|Morocco;Kingdom of Morocco|Moroccan|Rabat;Casablanca;Marrakesh
MOZ|Mozambique|Mozambican|Maputo
MMR|Myanmar;Burma|Myanmarese;Burmese|Naypyidaw;Naypyitaw;Yangon
NAM|Namibia|Namibian|Windhoek
NPL|Nepal|Nepalese;Nepali|Kathmandu
NLD|Netherlands;the Netherlands;Holland|Dutch|Amsterdam;The Hague
NZL|New Zealand|New Zealander;Kiwi|Wellington;Auckland
NIC|Nicaragua|Nicaraguan|Managua
NER|Niger|Nigerien|Niamey
NGA|Nigeria|Nigerian|Abuja;Lagos
PRK|North Korea;DPRK;Democratic People's Republic of Korea|North Korean|Pyongyang
MKD|North Macedonia|Macedonian|Skopje
NOR|Norway|Norwegian|Oslo
OMN|Oman;Sultanate of Oman|Omani|Muscat;Salalah;Duqm
PAK|Pakistan|Pakistani|Islamabad;Karachi;Lahore;Rawalpindi
PSE|Palestine;State of Palestine|Palestinian|Ramallah
PAN|Panama|Panamanian|Panama City
PNG|Papua New Guinea|Papua New Guinean|Port Moresby
PRY|Paraguay|Paraguayan|Asuncion
PER|Peru|Peruvian|Lima
PHL|Philippines;the Philippines;Republic of the Philippines|Philippine;Filipino|Manila;Quezon City
POL|Poland;Republic of Poland|Polish|Warsaw;Krakow
PRT|Portugal|Portuguese|Lisbon
QAT|Qatar;State of Qatar|Qatari|Doha
ROU|Romania|Romanian|Bucharest
RUS|Russia;Russian Federation|Russian|Moscow;Saint Petersburg;St Petersburg
RWA|Rwanda|Rwandan|Kigali
SAU|Saudi Arabia;Kingdom of Saudi Arabia;KSA|Saudi;Saudi Arabian|Riyadh;Jeddah;Jiddah
SEN|Senegal|Senegalese|Dakar
SRB|Serbia|Serbian|Belgrade
SYC|Seychelles|Seychellois|
SLE|Sierra Leone|Sierra Leonean|Freetown
SGP|Singapore;Republic of Singapore|Singaporean|Changi
SVK|Slovakia|Slovak|Bratislava
SVN|Slovenia|Slovenian;Slovene|Ljubljana
SOM|Somalia|Somali|Mogadishu
ZAF|South Africa;Republic of South Africa|South African|Pretoria;Cape Town;Johannesburg
KOR|South Korea;Republic of Korea;ROK;Korea|South Korean;Korean|Seoul;Busan
SSD|South Sudan|South Sudanese|Juba
ESP|Spain;Kingdom of Spain|Spanish|Madrid;Barcelona
LKA|Sri Lanka|Sri Lankan|Colombo;Trincomalee
SDN|Sudan|Sudanese|Khartoum
SWE|Sweden|Swedish|Stockholm
CHE|Switzerland|Swiss|Bern;Geneva;Zurich
SYR|Syria|Syrian|Damascus
TWN|Taiwan|Taiwanese|Taipei
TJK|Tajikistan|Tajik|Dushanbe
TZA|Tanzania|Tanzanian|Dodoma;Dar es Salaam
THA|Thailand;Kingdom of Thailand|Thai|Bangkok
TLS|Timor-Leste;East Timor|Timorese|Dili
TTO|Trinidad and Tobago|Trinidadian|Port of Spain
TUN|Tunisia|Tunisian|Tunis
TUR|Turkey;Türkiye;Turkiye;Republic of Turkey|Turkish|Ankara;Istanbul
TKM|Turkmenistan|Turkmen|Ashgabat
UGA|Uganda|Ugandan|Kampala
UKR|Ukraine|Ukrainian|Kyiv;Kiev;Odesa;Kharkiv
ARE|United Arab Emirates;UAE;U.A.E.;Emirates|Emirati|Abu Dhabi;Dubai;Sharjah
GBR|United Kingdom;UK;U.K.;Britain;Great Britain;England;Scotland;Wales|British;English;Scottish;Welsh|London;Portsmouth;Edinburgh
USA|United States;United States of America;US;U.S.;USA;U.S.A.;America|American|Washington;Washington DC;Washington, D.C.;New York;Pentagon;Arlington;Honolulu;Hawaii;San Diego;Norfolk
URY|Uruguay|Uruguayan|Montevideo
UZB|Uzbekistan|Uzbek|Tashkent
VEN|Venezuela|Venezuelan|Caracas
VNM|Vietnam;Viet Nam;Socialist Republic of Vietnam|Vietnamese|Hanoi;Ha Noi;Ho Chi Minh City;Da Nang;Cam Ranh
YEM|Yemen|Yemeni|Sanaa;Aden
ZMB|Zambia|Zambian|Lusaka
ZWE|Zimbabwe|Zimbabwean|Harare
ERI|Eritrea|Eritrean|Asmara
GMB|Gambia;The Gambia|Gambian|Banjul
GIN|Guinea|Guinean|Conakry
GNB|Guinea-Bissau|Bissau-Guinean|Bissau
GNQ|Equatorial Guinea|Equatoguinean|Malabo
LBR|Liberia|Liberian|Monrovia
TGO|Togo|Togolese|Lome;Lomé
BEN|Benin|Beninese|Porto-Novo;Cotonou
BDI|Burundi|Burundian|Gitega
TCD|Chad|Chadian|N'Djamena
CAF|Central African Republic|Central African|Bangui
COG|Republic of the Congo;Congo-Brazzaville|Congolese|Brazzaville
LSO|Lesotho|Basotho|Maseru
SWZ|Eswatini;Swaziland|Swazi|Mbabane
COM|Comoros|Comorian|Moroni
CPV|Cape Verde;Cabo Verde|Cape Verdean|Praia
CRI|Costa Rica|Costa Rican|San Jose
HND|Honduras|Honduran|Tegucigalpa
SLV|El Salvador|Salvadoran|San Salvador
DOM|Dominican Republic|Dominican|Santo Domingo
HTI|Haiti|Haitian|Port-au-Prince
BHS|Bahamas;The Bahamas|Bahamian|Nassau
BRB|Barbados|Barbadian|Bridgetown
SUR|Suriname|Surinamese|Paramaribo
WSM|Samoa|Samoan|Apia
TON|Tonga|Tongan|Nuku'alofa
VUT|Vanuatu|Vanuatuan|Port Vila
SLB|Solomon Islands|Solomon Islander|Honiara
`;
