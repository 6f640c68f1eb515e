// Closed word lists for people, titles and organisations in defence news.
// Lower-case, dots removed; multi-word entries are matched token by token.

const words = (s: string) => new Set(s.trim().split(/\s+/));
const phrases = (s: string) => s.split('|').map((p) => p.trim().split(/\s+/)).filter((p) => p[0]);

/** Military and police ranks, longest first when matched. */
export const RANKS: string[][] = phrases(`
  air chief marshal|air vice marshal|air marshal|air commodore|group captain|group capt|wing commander|wg cdr|
  squadron leader|sqn ldr|flight lieutenant|flt lt|field marshal|marshal|
  staff major general|major general staff|senior general|senior lieutenant general|sr lt gen|sr lt general|senior colonel|sr col|
  lieutenant general|lt general|lt gen|ltgen|lieut gen|major general|maj general|maj gen|mg|
  brigadier general|brig general|brig gen|bg|brigadier|brig|general|gen|
  lieutenant colonel|lt colonel|lt col|colonel|col|major|maj|captain|capt|lieutenant|lt|
  admiral|adm|vice admiral|vice adm|vadm|rear admiral|rear adm|radm|commodore|cmde|commander|cdr|cmdr|
  sergeant|sgt|vice marshal`);

/** Courtesy and honorific words placed before names. */
export const HONORIFICS = words(
  'mr mrs ms miss dr shri sri smt shrimati prof professor sir dame he excellency his her hon honourable honorable ' +
    'sheikh shaikh sultan adv er mx syed datuk dato datin tun haji hajah prince princess',
);

/** Honorific styles of more than one word ("Tan Sri", "Dato' Seri"); "Tan" alone is a surname. */
export const HONORIFIC_PHRASES: string[][] = phrases('tan sri|puan sri|toh puan|dato seri|datuk seri|dato sri|datuk sri|datin seri|dato paduka|pehin');

/** Letters after a name for honours and services ("AC", "PVSM", "RAN"): not part of it. */
export const POST_NOMINALS = words(
  'ac ao am oam csc dsc dsm cb cbe obe mbe kbe kcb gcb dso vc mc kcmg cmg gcmg cvo lvo qc kc mp phd pvsm avsm uysm ysm sm vsm nm vm adc ran raaf ran(r) rn raf usn usaf psc ndc',
);

/** Post-nominal letters and status markers that are not part of a name. */
export const RANK_SUFFIXES = words('res retd ret r rtd reserve retired');

/** Lower-case particles allowed inside personal names. */
export const NAME_PARTICLES = words('bin binti bint ibn al el de da do van von der den la le di du del dos das abu ul ud ur');

/** Words that head a job title: a phrase needs one to be a title. */
export const TITLE_HEADS = words(`
  secretary minister director director-general secretary-general chief head ambassador president
  vice-president chairman chairperson chair advisor adviser attache attaché commander officer patriarch pope archbishop scientist undersecretary analyst
  spokesperson spokesman spokeswoman envoy governor commissioner counsellor counselor representative
  king queen prince emir premier chancellor deputy undersecretary under-secretary ceo cmd
  commanding-in-chief commander-in-chief administrator inspector controller comptroller
  coordinator consul general mantri pm nsa cds mos
`);

/** Words that may appear inside a title or an organisation's name. */
export const TITLE_WORDS = new Set([
  ...TITLE_HEADS,
  ...words(`
  mod imod embassy consulate defence defense ministry department office bureau directorate division branch wing desk cell
  joint additional principal permanent special senior executive managing acting former
  national federal state union central foreign external internal home interior international
  strategic security policy planning plans development research production procurement acquisition
  industry industries industrial cooperation co-operation affairs relations integrated armed forces
  force staff army navy naval air military maritime marine coast guard space cyber logistics
  operations intelligence technology technical scientific science finance financial personnel
  training war affairs cabinet political pol-mil assistant under vice high commission mission
  headquarters hq command fleet theatre theater western eastern southern northern central
  authority agency organisation organization administration services service council board
  region committee group programme program materiel material equipment resources
  chiefs the of for and to in on at &
  flag general-staff information fusion centre center communications engineering weapons
  research-and-development r&d prime crown solicitor attorney audit legal protocol public diplomacy
  economic trade commerce health medical nuclear energy raksha rajya strategy capability capabilities
  sustainment programs programmes projects requirements systems budget
`),
]);

/** Lower-case words that still belong inside a title ("former Prime Minister"). */
export const TITLE_LOWER = words('former acting designate then mission of the for and to in at');

/** Nouns that end an organisation name and hint at its kind. */
export const ORG_HEADS: Record<string, string> = {
  ministry: 'ministry',
  ministries: 'ministry',
  department: 'ministry',
  office: 'ministry',
  bureau: 'ministry',
  directorate: 'ministry',
  secretariat: 'ministry',
  authority: 'agency',
  agency: 'agency',
  administration: 'agency',
  organisation: 'agency',
  organization: 'agency',
  army: 'armed_force',
  navy: 'armed_force',
  force: 'armed_force',
  forces: 'armed_force',
  guard: 'armed_force',
  command: 'armed_force',
  corps: 'armed_force',
  fleet: 'armed_force',
  headquarters: 'armed_force',
  wing: 'armed_force',
  squadron: 'armed_force',
  regiment: 'armed_force',
  battalion: 'armed_force',
  brigade: 'armed_force',
  flotilla: 'armed_force',
  barracks: 'armed_force',
  base: 'armed_force',
  staff: 'armed_force',
  co: 'company',
  corp: 'company',
  limited: 'company',
  ltd: 'company',
  inc: 'company',
  corporation: 'company',
  systems: 'company',
  industries: 'company',
  industry: 'company',
  group: 'company',
  shipbuilders: 'company',
  shipyard: 'company',
  shipyards: 'company',
  dockyard: 'company',
  aerospace: 'company',
  aeronautics: 'company',
  electronics: 'company',
  technologies: 'company',
  dynamics: 'company',
  laboratory: 'research',
  laboratories: 'research',
  institute: 'research',
  establishment: 'research',
  centre: 'other',
  center: 'other',
  university: 'research',
  academy: 'other',
  embassy: 'other',
  college: 'other',
  patriarchate: 'other',
};

export const MONTHS = words(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec',
);
export const WEEKDAYS = words('monday tuesday wednesday thursday friday saturday sunday');

/** Capitalised words that start sentences or clauses but never names. */
export const CAP_STOPWORDS = words(`
  the a an this that these those it its he she his her they their we our you i in on at by for from
  with during after before since while when where as also both and but or so if then there here
  following under over between among amid earlier later meanwhile however further furthermore
  additionally besides moreover according speaking addressing prior today yesterday tomorrow
  mr ms dr shri
`);
