// What each table of the store is, as the Reader sees it. Every table is in exactly one class, and a
// test (tables.test.ts) holds this list equal to the migrated schema, so a new table cannot be read
// before someone says here how the read rule reaches it.
import type { Kind } from "../kinds.ts";
import type { Database } from "./schema.ts";

/**
 * Rows that belong to a marked record, named by a column: a kind's own row (`id`), and the rows
 * hanging off it. The Reader returns them only for record ids it has already read. `marking`: the
 * row carries a marking of its own as well (a version keeps the marking it was written at), and is
 * then filtered by that marking too.
 */
export const OWNED = {
  organisations: { by: "id" },
  people: { by: "id" },
  person_titles: { by: "person_id" },
  agreements: { by: "id" },
  agreement_parties: { by: "agreement_id" },
  agreement_signatories: { by: "agreement_id" },
  agreement_areas: { by: "agreement_id" },
  documents: { by: "id" },
  document_versions: { by: "document_id", marking: "marking_id" },
  forums: { by: "id" },
  forum_members: { by: "forum_id" },
  meeting_templates: { by: "forum_id" },
  meetings: { by: "id" },
  meeting_co_chairs: { by: "meeting_id" },
  meeting_participants: { by: "meeting_id" },
  agenda_items: { by: "meeting_id" },
  outcomes: { by: "meeting_id" },
  minutes_versions: { by: "meeting_id" },
  minutes_approvals: { by: "meeting_id" },
  actions: { by: "id" },
  action_updates: { by: "action_id" },
  engagements: { by: "id" },
  engagement_hosts: { by: "engagement_id" },
  engagement_areas: { by: "engagement_id" },
  programmes: { by: "id" },
  programme_partners: { by: "programme_id" },
  programme_milestones: { by: "programme_id" },
  programme_tot_phases: { by: "programme_id" },
  programme_agreements: { by: "programme_id" },
  programme_areas: { by: "programme_id" },
  programme_cost_lines: { by: "programme_id" },
  sources: { by: "id" },
  drafts: { by: "id" },
  draft_outcomes: { by: "draft_id" },
  record_sources: { by: "record_id" },
  release_requests: { by: "record_id" },
  // A user's notification is about a record, and is shown only while the user may read it.
  notifications: { by: "record_id" },
  record_versions: { by: "record_id", marking: "marking_id" },
} as const satisfies { [T in keyof Database]?: { by: keyof Database[T] & string; marking?: keyof Database[T] & string } };

export type OwnedTable = keyof typeof OWNED;

/** Platform vocabulary every signed-in user may read (compartments: only the names they hold, see reference routes). */
export const REFERENCE = ["countries", "classification_levels", "level_equivalences", "compartments", "cooperation_areas", "ic_thresholds"] as const satisfies readonly (keyof Database)[];
export type ReferenceTable = (typeof REFERENCE)[number];

/**
 * Tables the read rule is made of or that keep the books: marked records themselves (read through
 * the Reader's filtered `records`), markings, accounts, sessions, the audit log, stored file
 * content (reached through a document version) and the search index. Resource code never reads
 * these directly: the Reader, the accounts layer or `systemDb()` does.
 */
export const SYSTEM = [
  "records", "search_docs", "search_terms", "markings", "marking_countries", "marking_compartments", "access_generation", "marking_additions", "auth_generation",
  "users", "user_roles", "user_compartments", "sessions", "api_tokens", "signin_events", "recovery_codes", "account_changes", "audit_events", "blobs",
  "audit_queue", "audit_read_sets", "audit_checkpoints", "idempotency_keys", "store_probe",
  // Federation (src/federation): peers and their bookkeeping; replicas are read through the Reader, filtered by their marking.
  "federation_peers", "federation_peer_compartments", "federation_outbox", "federation_sent", "federation_bundles_out", "federation_bundles_in",
  "federation_replicas", "federation_replica_files",
  // Joint acts on replicas (041): shown through the replica they are about, which the Reader reads first.
  "federation_contributions",
  "notification_preferences", "mail_outbox",
] as const satisfies readonly (keyof Database)[];

/** A column of an owned table that refers from the record owning the row to another record. */
export interface Link {
  table: OwnedTable;
  /** The column naming the record that owns the row. */
  owner: string;
  /** The column naming the record referred to. */
  target: string;
  /** The relation from the owner's side, and from the target's side. */
  relation: string;
  inverse: string;
}

/**
 * Kinds whose own table repeats the record's marking, so that a list in the table's own order (the
 * actions by due date) is one index walk for narrow readers too: measured, PostgreSQL otherwise
 * walks every action of the due-date index to find a narrow reader's few (10× slower at 100k).
 * The record writer keeps each copy equal to its record's (store/records.ts); the Reader filters by
 * it (`Reader.ownRows`); tables.test.ts holds them equal.
 */
export const MARKING_COPIES = { action: "actions" } as const satisfies Partial<Record<Kind, OwnedTable>>;
