// Row types of every table. Storage names stay here: resources map rows to API shapes.
import type { ColumnType, Generated } from "kysely";

/** Booleans are 0/1 integers on both stores; times are ISO-8601 UTC text; dates YYYY-MM-DD. */
type Bool = number;

export interface CountryTable { code: string; name_en: string; name_native: string; created_at: string }
export interface LevelTable { country: string; rank: number; name: string; native_name: string }
export interface EquivalenceTable { from_country: string; from_rank: number; to_country: string; to_rank: number }
export interface CompartmentTable { code: string; name: string; description: string; created_at: string }

export interface MarkingTable { id: string; key: string; cls: number; originator: string; rel_all: Bool }
export interface MarkingCountryTable { marking_id: string; country: string }
export interface MarkingCompartmentTable { marking_id: string; compartment: string }

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  person_id: string | null;
  nationality: string;
  organisation_id: string | null;
  clearance: number;
  status: "active" | "locked" | "disabled";
  password_hash: string;
  mfa_secret: string | null;
  mfa_enabled: Bool;
  /** The last TOTP time step accepted: a code is good once. */
  mfa_last_step: number | null;
  locale: string;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  /** Where notifications are e-mailed (the user's own choice), or none. */
  email: string | null;
}
export interface UserRoleTable { user_id: string; role: string }
export interface UserCompartmentTable { user_id: string; compartment: string }

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  mfa_passed: Bool;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  client: string;
}
export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}
/** One sign-in attempt: the account name as typed (lower-cased) and the client address (IPv6 by /64). */
export interface SigninEventTable { id: Generated<number>; account: string; address: string; at: string; outcome: "pending" | "failed" | "refused" | "ok" }
export interface RecoveryCodeTable { user_id: string; code_hash: string; created_at: string; used_at: string | null }
export interface AccountChangeTable {
  id: string;
  user_id: string;
  requested_by: string;
  reason: string | null;
  /** JSON of the grants asked for (see accounts/changes.ts). */
  grants: string;
  password_hash: string | null;
  status: "pending" | "approved" | "refused" | "withdrawn";
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  created_at: string;
}

/** Every marked record has one row here; its kind's table holds the rest under the same id. */
export interface RecordTable {
  id: string;
  kind: string;
  marking_id: string;
  title: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export interface RecordVersionTable { record_id: string; version: number; marking_id: string; at: string; actor: string; data: string }
/** `marking_id` repeats the record's marking as an indexed search term (006). */
export interface SearchDocTable { record_id: string; kind: string; body: string; marking_id: string }
/** Every word of the searched text (migration 046, store/search-terms.ts). */
export interface SearchTermTable { term: string }

export interface OrganisationTable { id: string; name: string; aliases: string; country: string; org_kind: string; parent_id: string | null }
export interface PersonTable { id: string; name: string; country: string }
export interface PersonTitleTable { id: string; person_id: string; title: string; organisation_id: string | null; from_date: string | null; to_date: string | null }
export interface AreaTable { code: string; name_en: string; name_hi: string; name_he: string; created_at: string }

export interface AgreementTable {
  id: string;
  agreement_kind: string;
  status: string;
  signed_on: string | null;
  signed_at: string | null;
  signed_during: string | null;
  valid_from: string | null;
  valid_to: string | null;
  validity_years: number | null;
  renewal_terms: string | null;
}
export interface AgreementPartyTable { agreement_id: string; country: string; organisation_id: string | null }
export interface AgreementSignatoryTable { agreement_id: string; person_id: string }
export interface AgreementAreaTable { agreement_id: string; area: string }

export interface DocumentTable { id: string; doc_kind: string; attached_to: string | null; current_version: number }
export interface DocumentVersionTable {
  document_id: string;
  version: number;
  content_hash: string;
  size: number;
  media_type: string;
  filename: string;
  uploaded_by: string;
  uploaded_at: string;
  /** The marking this file version carries: the document's while it was current (issue 11 row 2). */
  marking_id: string;
}
export interface BlobTable { hash: string; size: number; content: Buffer }

export interface ReleaseRequestTable {
  id: string;
  record_id: string;
  requested_by: string;
  reason: string;
  from_marking_id: string;
  to_marking_id: string;
  status: "pending" | "approved" | "refused";
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  created_at: string;
}

export interface AuditTable {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  marking: string | null;
  outcome: string;
  client: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** An event waiting for the sequencer to chain it (PostgreSQL); `id` orders it in the queue only. */
export interface AuditQueueTable {
  id: Generated<number>;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  marking: string | null;
  outcome: string;
  client: string | null;
  details: string;
}
export interface AuditReadSetTable { hash: string; records: string }
export interface AuditCheckpointTable { seq: number; hash: string; at: string; key_id: string; signature: string }

export interface ForumTable { id: string; name: string; forum_kind: string; parent_id: string | null; established_on: string | null; terms_of_reference_id: string | null; compartment: string | null }
export interface ForumMemberTable { forum_id: string; country: string; co_chair_role: string | null }
export interface MeetingTemplateTable { forum_id: string; agenda: string; duration_days: number; updated_at: string }
export interface MeetingTable {
  id: string;
  forum_id: string;
  sequence: number;
  date_start: string | null;
  date_end: string | null;
  venue_city: string | null;
  venue_country: string | null;
  status: "planned" | "held" | "minutes_agreed";
}
export interface MeetingCoChairTable { meeting_id: string; country: string; person_id: string }
export interface MeetingParticipantTable { meeting_id: string; country: string; person_id: string; role: string | null; attended: Bool }
export interface AgendaItemTable { id: string; meeting_id: string; position: number; title: string; notes: string | null; action_id: string | null }
export interface OutcomeTable { id: string; meeting_id: string; position: number; text: string }
export interface MinutesVersionTable { meeting_id: string; version: number; text: string; content_hash: string; created_by: string; created_at: string }
/** `user_id` is null, and `contribution_id` and `approver_name` set, for an approval a peer's co-chair contributed (041). */
export interface MinutesApprovalTable { meeting_id: string; version: number; country: string; user_id: string | null; person_id: string; approved_at: string; contribution_id: string | null; approver_name: string | null }
export interface ActionTable {
  id: string;
  description: string | null;
  meeting_id: string | null;
  outcome_id: string | null;
  forum_id: string | null;
  owner_country: string;
  owner_organisation_id: string | null;
  owner_person_id: string | null;
  due_date: string | null;
  status: "open" | "in_progress" | "done" | "dropped";
  /** The record's marking, repeated (see MARKING_COPIES in tables.ts). */
  marking_id: string;
}
/** `by_user` is null, and `contribution_id` and `by_name` set, for progress a peer's user contributed (041). */
export interface ActionUpdateTable { id: string; action_id: string; on_date: string; text: string; status: string | null; by_user: string | null; at: string; contribution_id: string | null; by_name: string | null }
export interface EngagementTable {
  id: string;
  engagement_kind: string;
  date_start: string | null;
  date_end: string | null;
  place: string | null;
  leader_id: string | null;
  delegation_country: string | null;
  host_country: string | null;
  purpose: string | null;
  outcomes: string | null;
  meeting_id: string | null;
  source_id: string | null;
}
export interface EngagementHostTable { engagement_id: string; host_id: string }
export interface EngagementAreaTable { engagement_id: string; area: string }
export interface IcThresholdTable { table_version: string; category: string; min_percent: number; basis: string; effective_from: string }
export interface ProgrammeTable {
  id: string;
  programme_kind: string;
  stage: string;
  value: number | null;
  currency: string | null;
  compartment: string | null;
  buyer_country: string | null;
  acquisition_category: string | null;
  ic_table_version: string | null;
  description: string | null;
}
export interface ProgrammePartnerTable { programme_id: string; organisation_id: string; role: string; work_share: number }
export interface ProgrammeMilestoneTable { id: string; programme_id: string; title: string; planned_on: string | null; actual_on: string | null; status: string; position: number }
export interface ProgrammeTotPhaseTable { id: string; programme_id: string; phase: string; planned_on: string | null; actual_on: string | null; status: string; position: number }
export interface ProgrammeAgreementTable { programme_id: string; agreement_id: string }
export interface ProgrammeAreaTable { programme_id: string; area: string }
export interface ProgrammeCostLineTable { id: string; programme_id: string; description: string; line_kind: string; origin: string; amount: number; position: number }

export interface SourceTable { id: string; text: string; publisher: string | null; url: string | null; published: string | null }
export interface DraftTable { id: string; source_id: string; status: "open" | "confirmed" | "discarded"; proposals: string; outcome: string | null }
/** What confirming a draft did with each proposal: links to records, resolved per reader when read. */
export interface DraftOutcomeTable { draft_id: string; position: number; proposal_key: string; action: string; record_id: string | null }
export interface RecordSourceTable { record_id: string; source_id: string; field: string; span_start: number | null; span_end: number | null; quote: string | null }

export interface NotificationTable {
  id: string;
  user_id: string;
  event: string;
  record_id: string;
  created_at: string;
  read_at: string | null;
}
export interface NotificationPreferenceTable { user_id: string; event: string; in_app: Bool; email: Bool }
export interface MailOutboxTable {
  id: string;
  user_id: string;
  to_address: string;
  subject: string;
  body: string;
  created_at: string;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  lease_until: string | null;
  sent_at: string | null;
  last_error: string | null;
}

export interface Database {
  countries: CountryTable;
  classification_levels: LevelTable;
  level_equivalences: EquivalenceTable;
  compartments: CompartmentTable;
  markings: MarkingTable;
  marking_countries: MarkingCountryTable;
  marking_compartments: MarkingCompartmentTable;
  users: UserTable;
  user_roles: UserRoleTable;
  user_compartments: UserCompartmentTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  signin_events: SigninEventTable;
  recovery_codes: RecoveryCodeTable;
  account_changes: AccountChangeTable;
  records: RecordTable;
  record_versions: RecordVersionTable;
  search_docs: SearchDocTable;
  search_terms: SearchTermTable;
  organisations: OrganisationTable;
  people: PersonTable;
  person_titles: PersonTitleTable;
  cooperation_areas: AreaTable;
  agreements: AgreementTable;
  agreement_parties: AgreementPartyTable;
  agreement_signatories: AgreementSignatoryTable;
  agreement_areas: AgreementAreaTable;
  documents: DocumentTable;
  document_versions: DocumentVersionTable;
  blobs: BlobTable;
  release_requests: ReleaseRequestTable;
  notifications: NotificationTable;
  notification_preferences: NotificationPreferenceTable;
  mail_outbox: MailOutboxTable;
  audit_events: AuditTable;
  audit_queue: AuditQueueTable;
  audit_read_sets: AuditReadSetTable;
  audit_checkpoints: AuditCheckpointTable;
  forums: ForumTable;
  forum_members: ForumMemberTable;
  meeting_templates: MeetingTemplateTable;
  meetings: MeetingTable;
  meeting_co_chairs: MeetingCoChairTable;
  meeting_participants: MeetingParticipantTable;
  agenda_items: AgendaItemTable;
  outcomes: OutcomeTable;
  minutes_versions: MinutesVersionTable;
  minutes_approvals: MinutesApprovalTable;
  actions: ActionTable;
  action_updates: ActionUpdateTable;
  engagements: EngagementTable;
  engagement_hosts: EngagementHostTable;
  engagement_areas: EngagementAreaTable;
  ic_thresholds: IcThresholdTable;
  programmes: ProgrammeTable;
  programme_partners: ProgrammePartnerTable;
  programme_milestones: ProgrammeMilestoneTable;
  programme_tot_phases: ProgrammeTotPhaseTable;
  programme_agreements: ProgrammeAgreementTable;
  programme_areas: ProgrammeAreaTable;
  programme_cost_lines: ProgrammeCostLineTable;
  sources: SourceTable;
  drafts: DraftTable;
  draft_outcomes: DraftOutcomeTable;
  access_generation: { id: number; n: number; added: number };
  marking_additions: { seq: number; marking_id: string };
  auth_generation: { id: number; n: number };
  record_sources: RecordSourceTable;
  idempotency_keys: IdempotencyKeyTable;
  store_probe: { id: number; at: string; pad: Buffer | null };
  federation_peers: FederationPeerTable;
  federation_peer_compartments: { peer_id: string; compartment: string };
  federation_outbox: { id: Generated<number>; peer_id: string; record_id: string; at: string };
  federation_sent: { peer_id: string; record_id: string; version: number; marking_id: string };
  federation_bundles_out: { peer_id: string; seq: number; hash: string; body: string; items: number; created_at: string; acked_at: string | null };
  federation_bundles_in: { peer_id: string; seq: number; hash: string; body: string | null; status: "waiting" | "applied"; received_at: string; applied_at: string | null };
  federation_replicas: FederationReplicaTable;
  federation_contributions: FederationContributionTable;
  federation_replica_files: { replica_id: string; sha256: string; name: string; media_type: string; size: number };
}

/** Another national instance a security officer added (035): its key, the link's level, its sequence numbers. */
export interface FederationPeerTable {
  id: string;
  country: string;
  home_country: string;
  url: string;
  public_key: string;
  fingerprint: string;
  level: number;
  status: "active" | "suspended" | "removed";
  next_out_seq: Generated<number>;
  acked_out_seq: Generated<number>;
  applied_in_seq: Generated<number>;
  last_sent_at: string | null;
  last_received_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** A read-only copy of a record another instance owns, with its marking, label and signature as received. */
/** A joint act about another instance's record (041): `out` on the contributor, `in` on the owner. */
export interface FederationContributionTable {
  id: string;
  direction: "out" | "in";
  peer_id: string;
  record_id: string;
  kind: "minutes_approval" | "action_progress";
  body: string;
  hash: string;
  label: string;
  signature: string;
  user_id: string | null;
  state: "pending" | "applied" | "refused";
  reason: string | null;
  created_at: string;
  decided_at: string | null;
  sent_seq: number | null;
}
export interface FederationReplicaTable {
  id: string;
  peer_id: string;
  origin: string;
  kind: string;
  title: string;
  version: number;
  marking_id: string;
  content: string;
  label: string;
  signature: string;
  bundle_seq: number;
  received_at: string;
}

/** The first response to an Idempotency-Key, per user (013). `status` is null while its request runs. */
export interface IdempotencyKeyTable {
  user_id: string;
  key: string;
  fingerprint: string;
  access: string;
  status: number | null;
  headers: string | null;
  body: string | null;
  body_encoding: "utf8" | "base64" | null;
  created_at: string;
  expires_at: string;
}
