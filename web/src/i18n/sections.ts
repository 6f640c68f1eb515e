// Which strings the first screen needs. Each language file is built into two chunks: these
// sections (the frame, sign-in and the home page, My work), loaded before the first render, and the rest,
// loaded with the first other page opened (App.tsx). A page added to the first screen names its
// sections here; a string missing on screen is logged as "missing string" and fails the tests.

/** Top-level sections, or single keys as "section.key". */
export const FIRST_SCREEN: readonly string[] = [
  "app", "nav", "auth", "search", "language", "languageName", "country", "level", "marking", "common", "errors", "notFound", "kind",
  // The home page, My work, and the header's badges.
  "mywork", "notifications.unreadBadge", "account.title",
];

type Tree = { [k: string]: unknown };

/** The part of a language's strings for the first screen ("first"), or all the others ("rest"). */
export function stringsPart(all: Tree, part: "first" | "rest"): Tree {
  const out: Tree = {};
  for (const [section, value] of Object.entries(all)) {
    const whole = FIRST_SCREEN.includes(section);
    const keys = FIRST_SCREEN.filter((k) => k.startsWith(`${section}.`)).map((k) => k.slice(section.length + 1));
    if (part === "first" ? whole : !whole && !keys.length) { out[section] = value; continue; }
    if (whole || !keys.length || typeof value !== "object" || value === null) continue;
    const entries = Object.entries(value as Tree).filter(([k]) => (part === "first") === keys.includes(k));
    if (entries.length) out[section] = Object.fromEntries(entries);
  }
  return out;
}
