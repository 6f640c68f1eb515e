// The web app's constants about kinds of records, generated from the registry (src/kinds.ts) into
// web/src/generated/kinds.ts by `npm run generate`, so the web app never keeps a copy of its own.
// kinds.test.ts fails while the generated file differs from what this writes.
import { KINDS } from "./kinds.ts";
import { RELEASE_STATUSES } from "./resources/releases/statuses.ts";

const literal = (v: unknown) => JSON.stringify(v);
const list = (xs: readonly string[]) => `[${xs.map(literal).join(", ")}] as const`;

export function webKindsSource(): string {
  const lines = [
    "// Generated from src/kinds.ts by `npm run generate`: do not edit. (src/kinds.test.ts fails while it is stale.)",
    "",
    "/** Every kind of marked record. */",
    `export const KINDS = ${list(KINDS.map((k) => k.kind))};`,
    "export type Kind = (typeof KINDS)[number];",
    "",
    "/** Where each kind's records open in the app (and its API collection); kinds without pages are absent. */",
    `export const PATHS: Partial<Record<Kind, string>> = { ${KINDS.filter((k) => k.path).map((k) => `${k.kind}: ${literal(`/${k.path}`)}`).join(", ")} };`,
    "",
    "/** The kinds search offers. */",
    `export const SEARCHABLE = ${list(KINDS.filter((k) => k.searchable).map((k) => k.kind))};`,
    "",
    "/** Each kind's field vocabularies, in the order the API lists them. */",
    "export const ENUMS = {",
    ...KINDS.filter((k) => Object.keys(k.enums).length).map((k) => `  ${k.kind}: { ${Object.entries(k.enums).map(([f, xs]) => `${f}: ${list(xs)}`).join(", ")} },`),
    "} as const;",
    "",
    "/** Each kind's policies: the actions a presented record says its reader may take. */",
    "export const ACTIONS = {",
    ...KINDS.map((k) => `  ${k.kind}: ${list(k.policy.actions)},`),
    "} as const;",
    "",
    "/** The states of a release request. */",
    `export const RELEASE_STATUSES = ${list(RELEASE_STATUSES)};`,
    "",
  ];
  return lines.join("\n");
}
