// Languages: English, Hindi and Hebrew. Hebrew turns the whole document right-to-left; every
// user-visible string lives in the three JSON files beside this one.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import hi from "./hi.json";
import he from "./he.json";

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

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, hi: { translation: hi }, he: { translation: he } },
  lng: initialLanguage(),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

function reflect(lng: Language): void {
  document.documentElement.lang = lng;
  document.documentElement.dir = i18n.dir(lng);
}
reflect(i18n.language as Language);

/** Switches the language, the document's direction, and remembers the choice on this device. */
export async function applyLanguage(lng: Language): Promise<void> {
  globalThis.localStorage?.setItem(STORAGE_KEY, lng);
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
