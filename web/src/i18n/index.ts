// Languages: English, Hindi and Hebrew. Hebrew turns the whole document right-to-left; every
// user-visible string lives in the three JSON files beside this one. A page downloads only the
// file of the language it shows (each is its own chunk), and Hindi brings the Devanagari font.
import { useEffect, useState } from "react";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGUAGES = ["en", "hi", "he"] as const;
export type Language = (typeof LANGUAGES)[number];
/** The locale Intl formats dates and numbers in, per language. */
export const INTL_LOCALE: Record<Language, string> = { en: "en-GB", hi: "hi-IN", he: "he-IL" };
const STORAGE_KEY = "accord.locale";

export const isLanguage = (x: unknown): x is Language => typeof x === "string" && (LANGUAGES as readonly string[]).includes(x);

function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const nav = globalThis.navigator?.language?.slice(0, 2);
  return isLanguage(nav) ? nav : "en";
}

// Every language file holds every key (web/e2e/i18n.test.ts), so no fallback language is loaded.
// Each is split in two chunks (sections.ts): the first screen's strings, and the rest.
type Part = "first" | "rest";
type Strings = Promise<{ default: Record<string, unknown> }>;
const PARTS: Record<Language, Record<Part, () => Strings>> = {
  en: { first: () => import("virtual:strings/en/first"), rest: () => import("virtual:strings/en/rest") },
  hi: { first: () => import("virtual:strings/hi/first"), rest: () => import("virtual:strings/hi/rest") },
  he: { first: () => import("virtual:strings/he/first"), rest: () => import("virtual:strings/he/rest") },
};
const loading = new Map<string, Promise<void>>();

function ensurePart(lng: Language, part: Part): Promise<void> {
  const key = `${lng}/${part}`;
  let p = loading.get(key);
  if (!p) {
    p = PARTS[lng][part]().then(({ default: strings }) => { i18n.addResourceBundle(lng, "translation", strings, true, true); });
    // A failed download (network) may be retried by the next page opened.
    p.catch(() => loading.delete(key));
    loading.set(key, p);
  }
  return p;
}

/** Whether a page beyond the first screen has asked for every string (so a new language needs them too). */
let restWanted = false;

/** Every string of the language shown: pages other than the first screen wait for it. */
export function allStrings(): Promise<void> {
  restWanted = true;
  return ensurePart(currentLanguage(), "rest");
}

/**
 * Hindi text is drawn with the Devanagari font that ships with the app, which is downloaded only
 * when Devanagari text is on screen and no local font has it (its @font-face has a unicode-range).
 * Chromium lays out text met before a web font has loaded with a fallback and does not always
 * redo it once the font is there (Devanagari in the header stayed as empty boxes after a reload),
 * so a Hindi page waits for the font first, for a moment at most.
 */
function devanagariReady(lng: Language): Promise<unknown> {
  if (lng !== "hi" || !globalThis.document?.fonts) return Promise.resolve();
  const font = document.fonts.load('1em "Accord Devanagari"', "\u0915").catch(() => []);
  return Promise.race([font, new Promise((resolve) => setTimeout(resolve, 1500))]);
}

function reflect(lng: Language): void {
  document.documentElement.lang = lng;
  document.documentElement.dir = i18n.dir(lng);
}

/**
 * Starts the translations in the language this device last used, without fetching its strings:
 * until the session answers, the app shows nothing that needs words, and a signed-in reader's
 * strings are fetched in their own language, never a default one first (App.tsx, useStringsReady).
 */
export async function startI18n(): Promise<void> {
  const lng = initialLanguage();
  await i18n.use(initReactI18next).init({
    resources: {},
    partialBundledLanguages: true,
    lng,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
    // Components show strings added later (the rest of a language) as soon as they come.
    react: { bindI18nStore: "added" },
    // A key with no string in the loaded parts is a bug the browser tests look for.
    saveMissing: true,
    missingKeyHandler: (_lngs, _ns, key, _fallback, _update, options: { defaultValue?: unknown } | undefined) => {
      // A key asked for with a default (a country or error code the files may not name) is not a bug.
      if (options?.defaultValue === undefined) console.error(`missing string: ${key}`);
    },
  });
  // "{{label, lower}}": a field's label inside a sentence ("Enter the last day"). Only a capital
  // that starts an ordinary word is lowered, so acronyms ("IC table") stay as they are.
  i18n.services.formatter?.add("lower", (value: unknown) => {
    const s = String(value);
    return /^\p{Lu}\p{Ll}/u.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
  });
  reflect(lng);
}

/** The first screen's strings (and font) of the language shown. */
export function firstStrings(): Promise<unknown> {
  const lng = currentLanguage();
  return Promise.all([ensurePart(lng, "first"), devanagariReady(lng)]);
}

/** Whether the first screen's strings have come; asks for them once `wanted`. */
export function useStringsReady(wanted: boolean): boolean {
  const lng = currentLanguage();
  const has = () => i18n.hasResourceBundle(lng, "translation");
  const [ready, setReady] = useState(has);
  useEffect(() => {
    if (!wanted || has()) { setReady(has()); return; }
    let live = true;
    void firstStrings().then(() => { if (live) setReady(true); }, () => { if (live) setReady(false); });
    return () => { live = false; };
  });
  return ready && has();
}

/** Switches the language, the document's direction, and remembers the choice on this device. */
export async function applyLanguage(lng: Language): Promise<void> {
  globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  await Promise.all([ensurePart(lng, "first"), restWanted ? ensurePart(lng, "rest") : null, devanagariReady(lng)]);
  await i18n.changeLanguage(lng);
  reflect(lng);
}

/**
 * A language picked on the sign-in page is the reader's choice for this sign-in: it wins over the
 * one the server remembers for the account, and becomes the remembered one.
 */
let chosenSignedOut: Language | null = null;
export function chooseSignedOut(lng: Language): Promise<void> {
  chosenSignedOut = lng;
  return applyLanguage(lng);
}
export function takeSignedOutChoice(): Language | null {
  const c = chosenSignedOut;
  chosenSignedOut = null;
  return c;
}

export const currentLanguage = (): Language => (isLanguage(i18n.language) ? i18n.language : "en");

export default i18n;
