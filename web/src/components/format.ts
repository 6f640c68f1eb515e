// Dates and numbers in the reader's language through Intl. Calendar dates (YYYY-MM-DD) are
// formatted in UTC so that a date never shifts by a day with the browser's time zone.
import { useTranslation } from "react-i18next";
import { INTL_LOCALE, isLanguage } from "../i18n/index.ts";

export function useFormat() {
  const { i18n } = useTranslation();
  const locale = INTL_LOCALE[isLanguage(i18n.language) ? i18n.language : "en"];
  const dateFmt = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const numberFmt = new Intl.NumberFormat(locale);
  return {
    locale,
    date: (d: string | null | undefined) => (d ? dateFmt.format(new Date(d.length === 10 ? `${d}T00:00:00Z` : d)) : "—"),
    dateTime: (d: string | null | undefined) => (d ? dateTimeFmt.format(new Date(d)) : "—"),
    number: (n: number | null | undefined) => (n === null || n === undefined ? "—" : numberFmt.format(n)),
    percent: (n: number | null | undefined) => (n === null || n === undefined ? "—" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(n / 100)),
    money: (n: number | null | undefined, currency: string | null | undefined) =>
      n === null || n === undefined ? "—" : currency ? new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact" }).format(n) : numberFmt.format(n),
    year: (d: string) => new Intl.DateTimeFormat(locale, { year: "numeric", timeZone: "UTC" }).format(new Date(`${d.slice(0, 10)}T00:00:00Z`)),
  };
}

/** Today as a calendar date (UTC), as the API compares due dates. */
export const today = () => new Date().toISOString().slice(0, 10);
