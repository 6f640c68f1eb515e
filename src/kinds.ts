// The registry of marked record kinds: one entry per kind, each declared in its own folder
// (src/resources/<folder>/kind.ts). Route registration, the search kinds, the OpenAPI enums, the
// web app's kind and enum constants (web/src/generated/kinds.ts, written by `npm run generate`),
// the references between records and the no-leak oracle tests all come from here.
// Adding a kind: its folder, its name in `Kind` and its line in `REGISTRY`.
import type { RegisteredKind } from "./resources/kind.ts";
import { actionKind } from "./resources/actions/kind.ts";
import { agreementKind } from "./resources/agreements/kind.ts";
import { documentKind } from "./resources/documents/kind.ts";
import { engagementKind } from "./resources/engagements/kind.ts";
import { forumKind } from "./resources/forums/kind.ts";
import { draftKind, sourceKind } from "./resources/ingest/kind.ts";
import { meetingKind } from "./resources/meetings/kind.ts";
import { organisationKind } from "./resources/organisations/kind.ts";
import { personKind } from "./resources/people/kind.ts";
import { programmeKind } from "./resources/programmes/kind.ts";
import type { Link } from "./store/tables.ts";

export type Kind = "organisation" | "person" | "agreement" | "document" | "forum" | "meeting" | "action" | "engagement" | "programme" | "source" | "draft";

/** Each entry under its own name (kinds.test.ts holds `REGISTRY[k].kind === k`). */
export const REGISTRY: Readonly<Record<Kind, RegisteredKind>> = {
  organisation: organisationKind,
  person: personKind,
  agreement: agreementKind,
  document: documentKind,
  forum: forumKind,
  meeting: meetingKind,
  action: actionKind,
  engagement: engagementKind,
  programme: programmeKind,
  source: sourceKind,
  draft: draftKind,
};

export const KINDS = Object.values(REGISTRY);

/** The kinds search and autocomplete offer (an OpenAPI enum). */
export const SEARCHABLE = KINDS.filter((k) => k.searchable).map((k) => k.kind) as [Kind, ...Kind[]];

/** Every reference column between records, for `/records/:id/references`. */
export const LINKS: readonly Link[] = KINDS.flatMap((k) => k.links);
