// The brief's own words in the platform's three languages. The vocabulary it shares with the web
// app (statuses, stages, kinds, countries) comes from the web app's translations, so the brief
// and the screen name things alike.
import { readFileSync } from "node:fs";

export const BRIEF_LANGUAGES = ["en", "hi", "he"] as const;
export type BriefLanguage = (typeof BRIEF_LANGUAGES)[number];

export const briefLanguage = (locale: string): BriefLanguage => (BRIEF_LANGUAGES as readonly string[]).includes(locale) ? (locale as BriefLanguage) : "en";

/** The locale Intl formats dates and numbers with (dates in words: "12 March 2024"). */
export const INTL_LOCALE: Record<BriefLanguage, string> = { en: "en-GB", hi: "hi-IN", he: "he-IL" };

export interface BriefWords {
  title: (partner: string) => string;
  preparedFor: (name: string, date: string) => string;
  scope: string;
  agreements: string;
  openActions: string;
  overdueActions: string;
  programmes: string;
  byStatus: string;
  byArea: string;
  signedOn: (date: string) => string;
  shown: (shown: string, total: string) => string;
  lastMeeting: string;
  noneVisible: string;
  actionsHeading: (open: string, overdue: string) => string;
  due: (date: string) => string;
  noDueDate: string;
  overdue: string;
  timeline: string;
  today: string;
  meeting: string;
  engagement: string;
  undated: string;
  ic: string;
  icAchieved: string;
  icMinimum: string;
  icLine: (achieved: string, minimum: string) => string;
  notComputed: string;
  compliant: string;
  belowMinimum: string;
  /** The page number's words, with {n} and {of} to fill. */
  page: string;
}

const WORDS: Record<BriefLanguage, BriefWords> = {
  en: {
    title: (p) => `Relationship brief: ${p}`,
    preparedFor: (name, date) => `Prepared for ${name} on ${date}, from the records this reader may see.`,
    scope: "Counted over the records you may see; there may be others.",
    agreements: "Agreements",
    openActions: "Open actions",
    overdueActions: "Overdue",
    programmes: "Programmes",
    byStatus: "By status",
    byArea: "By cooperation area",
    signedOn: (d) => `signed ${d}`,
    shown: (s, n) => `${s} of ${n} shown`,
    lastMeeting: "Last meeting",
    noneVisible: "None that you may see.",
    actionsHeading: (o, d) => `Actions: ${o} open, ${d} overdue`,
    due: (d) => `due ${d}`,
    noDueDate: "no due date",
    overdue: "overdue",
    timeline: "Meetings and engagements",
    today: "Today",
    meeting: "Meeting",
    engagement: "Engagement",
    undated: "undated",
    ic: "Indigenous content",
    icAchieved: "Achieved",
    icMinimum: "Minimum",
    icLine: (a, m) => `${a} achieved, ${m} minimum`,
    notComputed: "not computed",
    compliant: "compliant",
    belowMinimum: "below the minimum",
    page: "Page {n} of {of}",
  },
  hi: {
    title: (p) => `संबंध सारांश: ${p}`,
    preparedFor: (name, date) => `${name} के लिए ${date} को तैयार, उन अभिलेखों से जिन्हें यह पाठक देख सकता है।`,
    scope: "केवल उन अभिलेखों की गिनती जिन्हें आप देख सकते हैं; अन्य भी हो सकते हैं।",
    agreements: "समझौते",
    openActions: "खुली कार्रवाइयाँ",
    overdueActions: "अतिदेय",
    programmes: "कार्यक्रम",
    byStatus: "स्थिति के अनुसार",
    byArea: "सहयोग क्षेत्र के अनुसार",
    signedOn: (d) => `हस्ताक्षरित ${d}`,
    shown: (s, n) => `${n} में से ${s} दिखाए गए`,
    lastMeeting: "पिछली बैठक",
    noneVisible: "ऐसा कोई नहीं जिसे आप देख सकें।",
    actionsHeading: (o, d) => `कार्रवाइयाँ: ${o} खुली, ${d} अतिदेय`,
    due: (d) => `नियत तिथि ${d}`,
    noDueDate: "कोई नियत तिथि नहीं",
    overdue: "अतिदेय",
    timeline: "बैठकें और संपर्क",
    today: "आज",
    meeting: "बैठक",
    engagement: "संपर्क",
    undated: "तिथि रहित",
    ic: "स्वदेशी सामग्री",
    icAchieved: "प्राप्त",
    icMinimum: "न्यूनतम",
    icLine: (a, m) => `${a} प्राप्त, ${m} न्यूनतम`,
    notComputed: "गणना नहीं हुई",
    compliant: "अनुपालन में",
    belowMinimum: "न्यूनतम से कम",
    page: "पृष्ठ {n} / {of}",
  },
  he: {
    title: (p) => `סקירת יחסים: ${p}`,
    preparedFor: (name, date) => `הוכן עבור ${name} ב-${date}, מתוך הרשומות שקורא זה רשאי לראות.`,
    scope: "נספרו רק הרשומות שאתם רשאים לראות; ייתכנו אחרות.",
    agreements: "הסכמים",
    openActions: "משימות פתוחות",
    overdueActions: "באיחור",
    programmes: "תוכניות",
    byStatus: "לפי מצב",
    byArea: "לפי תחום שיתוף פעולה",
    signedOn: (d) => `נחתם ב-${d}`,
    shown: (s, n) => `מוצגות ${s} מתוך ${n}`,
    lastMeeting: "הפגישה האחרונה",
    noneVisible: "אין כאלה שאתם רשאים לראות.",
    actionsHeading: (o, d) => `משימות: ${o} פתוחות, ${d} באיחור`,
    due: (d) => `יעד ${d}`,
    noDueDate: "ללא תאריך יעד",
    overdue: "באיחור",
    timeline: "פגישות ומפגשים",
    today: "היום",
    meeting: "פגישה",
    engagement: "מפגש",
    undated: "ללא תאריך",
    ic: "תוכן מקומי",
    icAchieved: "הושג",
    icMinimum: "מינימום",
    icLine: (a, m) => `${a} הושגו, ${m} מינימום`,
    notComputed: "לא חושב",
    compliant: "עומד בדרישה",
    belowMinimum: "מתחת למינימום",
    page: "עמוד {n} מתוך {of}",
  },
};

export const briefWords = (lang: BriefLanguage): BriefWords => WORDS[lang];

type Tree = { [k: string]: string | Tree };
const vocabularies = new Map<BriefLanguage, Tree>();

/** The web app's translations of a language (read once). */
function vocabulary(lang: BriefLanguage): Tree {
  let v = vocabularies.get(lang);
  if (!v) {
    v = JSON.parse(readFileSync(new URL(`../../../web/src/i18n/${lang}.json`, import.meta.url), "utf8")) as Tree;
    vocabularies.set(lang, v);
  }
  return v;
}

/** A vocabulary entry ("agreementStatus", "in_force") in a language: English, then the code itself, when missing. */
export function term(lang: BriefLanguage, section: string, code: string): string {
  const pick = (l: BriefLanguage) => {
    const s = vocabulary(l)[section];
    const v = typeof s === "object" ? s[code] : undefined;
    return typeof v === "string" ? v : undefined;
  };
  return pick(lang) ?? pick("en") ?? code;
}
