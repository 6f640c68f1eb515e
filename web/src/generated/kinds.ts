// Generated from src/kinds.ts by `npm run generate`: do not edit. (src/kinds.test.ts fails while it is stale.)

/** Every kind of marked record. */
export const KINDS = ["organisation", "person", "agreement", "document", "forum", "meeting", "action", "engagement", "programme", "source", "draft"] as const;
export type Kind = (typeof KINDS)[number];

/** Where each kind's records open in the app (and its API collection); kinds without pages are absent. */
export const PATHS: Partial<Record<Kind, string>> = { organisation: "/organisations", person: "/people", agreement: "/agreements", document: "/documents", forum: "/forums", meeting: "/meetings", action: "/actions", engagement: "/engagements", programme: "/programmes" };

/** The kinds search offers. */
export const SEARCHABLE = ["organisation", "person", "agreement", "document", "forum", "meeting", "action", "engagement", "programme"] as const;

/** Each kind's field vocabularies, in the order the API lists them. */
export const ENUMS = {
  organisation: { kind: ["ministry", "armed_force", "agency", "company", "dpsu", "research_lab", "other"] as const },
  agreement: { kind: ["MoU", "Agreement", "Protocol", "Letter of Intent", "Roadmap", "Terms of Reference", "Other"] as const, status: ["draft", "negotiating", "signed", "in_force", "expired", "terminated"] as const },
  document: { kind: ["minutes", "agenda", "report", "agreement_text", "brief", "presentation", "correspondence", "technical", "other"] as const },
  forum: { kind: ["jwg", "sub_working_group", "dialogue", "committee", "other"] as const },
  meeting: { status: ["planned", "held", "minutes_agreed"] as const },
  action: { status: ["open", "in_progress", "done", "dropped"] as const },
  engagement: { kind: ["visit", "call_on", "delegation", "exercise", "conference", "industry_event"] as const },
  programme: { kind: ["co_development", "co_production", "joint_rnd", "transfer_of_technology", "training"] as const, stage: ["concept", "mou", "contract", "development", "production", "in_service", "closed"] as const, partnerRole: ["lead", "partner", "integrator", "supplier"] as const, stepStatus: ["planned", "achieved", "delayed", "cancelled"] as const, totPhase: ["fly_away", "skd", "ckd", "licensed_manufacture", "raw_material", "other"] as const, costKind: ["material", "component", "assembly", "service", "royalty", "licence_fee", "technical_fee", "tax", "duty", "other"] as const, origin: ["indigenous", "imported"] as const },
} as const;

/** Each kind's policies: the actions a presented record says its reader may take. */
export const ACTIONS = {
  organisation: ["edit", "release", "readers"] as const,
  person: ["edit", "release", "readers"] as const,
  agreement: ["edit", "release", "readers"] as const,
  document: ["edit", "release", "readers", "uploadVersion"] as const,
  forum: ["edit", "release", "readers", "planMeeting"] as const,
  meeting: ["edit", "release", "readers", "markHeld", "undoHeld", "writeMinutes", "approve", "addAction"] as const,
  action: ["edit", "release", "readers", "update", "carryOver"] as const,
  engagement: ["edit", "release", "readers"] as const,
  programme: ["edit", "release", "readers"] as const,
  source: ["edit", "release", "readers"] as const,
  draft: ["edit", "release", "readers", "confirm", "discard"] as const,
} as const;

/** The states of a release request. */
export const RELEASE_STATUSES = ["pending", "approved", "refused"] as const;
