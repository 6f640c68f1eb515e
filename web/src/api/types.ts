// Response shapes come from the server's own zod schemas (types only: nothing of the server is
// bundled), so the web app and the API cannot drift apart silently.
import type { z } from "zod";
import type { MarkingOutput } from "../../../src/domain/markings.ts";
import type { Reference as Ref } from "../../../src/resources/common.ts";

export type { MarkingOutput };
export type Reference = Ref;
export type { Forum } from "../../../src/resources/forums/schema.ts";
export type { Meeting } from "../../../src/resources/meetings/schema.ts";
export type { Action } from "../../../src/resources/actions/schema.ts";
export type { Agreement } from "../../../src/resources/agreements/schema.ts";
export type { Organisation } from "../../../src/resources/organisations/schema.ts";
export type { Person } from "../../../src/resources/people/schema.ts";
export type { Document } from "../../../src/resources/documents/schema.ts";
export type { Engagement } from "../../../src/resources/engagements/schema.ts";
export type { Programme } from "../../../src/resources/programmes/schema.ts";
import type { Threshold as ThresholdSchema } from "../../../src/resources/programmes/schema.ts";
export type Threshold = z.infer<typeof ThresholdSchema>;
export type { Overview } from "../../../src/resources/overview/compute.ts";
export type { PlatformPolicies } from "../../../src/resources/policies/routes.ts";

export interface Page<T> { items: T[]; nextCursor: string | null }
export interface Items<T> { items: T[] }

export interface Session {
  id: string;
  username: string;
  displayName: string;
  nationality: string;
  clearance: "UNCLASSIFIED" | "RESTRICTED" | "CONFIDENTIAL" | "SECRET" | "TOP SECRET";
  roles: string[];
  compartments: string[];
  locale: string;
  mfaEnabled: boolean;
  mfaPending: boolean;
  /** Unused recovery codes, when a second factor is enrolled. */
  recoveryCodesLeft: number | null;
  csrfToken: string | null;
  personId: string | null;
}

export interface Country {
  code: string;
  nameEn: string;
  nameNative: string;
  levels: { rank: number; name: string; nativeName: string }[];
  equivalences: { fromRank: number; toCountry: string; toRank: number }[];
}

export interface Area { code: string; names: { en: string; hi: string; he: string } }
export interface Compartment { code: string; name: string; description: string | null }

export interface MinutesVersion {
  version: number;
  text: string;
  contentHash: string;
  createdBy: string;
  createdByName: string | null;
  createdAt: string;
  /** Each approval names the co-chair: as a person (withheld if unreadable) and by account name. */
  approvals: { country: string; person: Reference | null; approvedBy: string | null; approvedAt: string }[];
}
export interface MinutesDiff { from: number; to: number; parts: { op: "same" | "added" | "removed"; text: string }[] }

/** GET /api/my-work: what awaits the reader, over what they may read. */
export interface RecordRef { id: string; kind: string; title: string; marking: MarkingOutput }
export interface MyWork {
  count: number;
  today: string;
  minutesToApprove: { meeting: RecordRef; version: number; dateStart: string | null }[];
  /** Meetings other instances own, received here, whose minutes wait for this co-chair (approved on their replica page). */
  receivedMinutesToApprove: { meeting: RecordRef; version: number; dateStart: string | null; from: string }[];
  releasesToDecide: { id: string; record: RecordRef; askedAt: string }[];
  myReleases: { id: string; record: RecordRef; status: "pending" | "approved" | "refused"; askedAt: string; decidedAt: string | null }[];
  actions: { action: RecordRef; dueDate: string | null; status: string; overdue: boolean; mine: boolean }[];
  drafts: { draft: RecordRef; createdAt: string }[];
  meetings: { meeting: RecordRef; dateStart: string | null; venueCity: string | null; venueCountry: string | null; role: "co_chair" | "participant" | "secretariat" }[];
  minutesToAgree: { meeting: RecordRef; version: number | null; dateStart: string | null }[];
  milestones: { programme: RecordRef; title: string; plannedOn: string | null; status: string; overdue: boolean }[];
}
export interface WorkCount { count: number; unread: number }

export type NotificationEvent = "minutes_awaiting" | "minutes_agreed" | "release_requested" | "release_decided" | "action_assigned";
export interface AppNotification { id: string; event: NotificationEvent; createdAt: string; readAt: string | null; record: RecordRef }
export interface NotificationPreferences { mail: { enabled: boolean }; email: string | null; events: { event: NotificationEvent; inApp: boolean; email: boolean }[] }
export interface MinutesHistory { status: string; agreedVersion: number | null; versions: MinutesVersion[] }

export interface SearchHit { id: string; kind: string; title: string; snippet: string; marking: MarkingOutput }

export interface ReleaseRequest {
  id: string;
  record: { id: string; kind: string; title: string };
  requestedBy: string;
  reason: string;
  from: MarkingOutput;
  to: MarkingOutput;
  status: "pending" | "approved" | "refused";
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  createdAt: string;
}

export interface AuditEvent {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  marking: string | null;
  outcome: string;
  client: string | null;
  details: Record<string, unknown>;
  hash: string;
  /** The acting user's names, when the actor is a user. */
  actorName: { username: string; displayName: string } | null;
  targetRecord: Reference | null;
  /** A list read: the records it returned, by identifier, grouped under the banner of their marking then. */
  readSetRecords?: Record<string, string[]> | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  nationality: string;
  clearance: Session["clearance"];
  roles: string[];
  compartments: string[];
  status: "active" | "locked" | "disabled";
  locale: string;
  mfaEnabled: boolean;
}

export interface HistoryVersion { version: number; at: string; actor: string | null; marking: MarkingOutput; data: unknown }
export interface RecordReference { relation: string; record: Reference }
export interface RecordSummary { id: string; kind: string; title: string; marking: MarkingOutput; nationalLevel: string; version: number }
