// The federation routes' shapes for readers (SPEC 8.4): a replica in full, what a meeting's and an
// action's content hold, and the joint acts on them. Pure zod and types: the web app reads these too.
import { z } from "zod";
import { MarkingOutput } from "../domain/markings.ts";
import { ACTION_STATUSES } from "../resources/actions/schema.ts";
import { IdParams } from "../resources/common.ts";

/** A meeting's `content` as its owner sends it (src/federation/content.ts builds it). */
export const MeetingContent = z.object({
  forumId: z.string().nullable().describe("null when the forum itself does not travel to this instance"),
  sequence: z.number(),
  members: z.array(z.string()).describe("the forum's member countries: each must approve the same version"),
  dateStart: z.string().nullable(),
  dateEnd: z.string().nullable(),
  venueCity: z.string().nullable(),
  venueCountry: z.string().nullable(),
  status: z.enum(["planned", "held", "minutes_agreed"]),
  coChairs: z.array(z.object({ country: z.string(), name: z.string().nullable().describe("null when the person's record does not travel") })),
  minutes: z.object({
    versions: z.array(z.object({
      version: z.number(), text: z.string(), contentHash: z.string().describe("SHA-256 of the version's text"), createdAt: z.string(),
      approvals: z.array(z.object({ country: z.string(), name: z.string().nullable(), approvedAt: z.string() })),
    })).describe("newest first"),
    agreed: z.object({ version: z.number(), contentHash: z.string() }).nullable(),
  }),
});
export type MeetingContent = z.infer<typeof MeetingContent>;

/** An action's `content` as its owner sends it. */
export const ActionContent = z.object({
  description: z.string().nullable(),
  ownerCountry: z.string(),
  ownerName: z.string().nullable().describe("the owner as a person, when that record travels"),
  dueDate: z.string().nullable(),
  status: z.enum(ACTION_STATUSES),
  meetingId: z.string().nullable(),
  progress: z.array(z.object({ onDate: z.string(), text: z.string(), status: z.string().nullable(), by: z.string().nullable(), at: z.string() })).describe("newest first"),
});
export type ActionContent = z.infer<typeof ActionContent>;

/** One of this instance's contributions to a replica (SPEC 8.4), as the detail route shows it. */
export const ContributionOut = z.object({
  id: z.string(),
  kind: z.enum(["minutes_approval", "action_progress"]),
  state: z.enum(["pending", "applied", "refused"]).describe("pending until the owner's answer arrives; refused carries the owner's reason"),
  reason: z.string().nullable(),
  by: z.object({ userId: z.string(), name: z.string() }).describe("the approver (minutes) or the author of the progress note, at this instance"),
  createdAt: z.string(),
  decidedAt: z.string().nullable().describe("when the owner applied or refused it"),
  hash: z.string().describe("SHA-256 of the signed contribution's canonical JSON"),
  version: z.number().nullable().describe("minutes approval: the version approved"),
  contentHash: z.string().nullable().describe("minutes approval: that version's content hash"),
  onDate: z.string().nullable().describe("action progress: the date of the note"),
  text: z.string().nullable().describe("action progress: the note"),
  status: z.string().nullable().describe("action progress: the status asked for, if any"),
});
export type ContributionOut = z.infer<typeof ContributionOut>;

/**
 * A replica in full (GET /api/federation/replicas/:id). `content` is the record's data as its owner
 * signed it: for a meeting `MeetingContent`, for an action `ActionContent`, other kinds their version's snapshot.
 */
export const ReplicaOut = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  version: z.number().describe("the owner's version of the record"),
  marking: MarkingOutput,
  readOnly: z.literal(true),
  from: z.object({ country: z.string(), instance: z.string().describe("the owner's address"), receivedAt: z.string() }),
  updatedAt: z.string().nullable().describe("when the owner last changed it"),
  content: z.unknown().describe("MeetingContent for a meeting, ActionContent for an action, the version's snapshot otherwise"),
  files: z.array(z.object({ name: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string() })),
  contributions: z.array(ContributionOut).describe("this instance's joint acts on it, newest first"),
});
export type ReplicaOut = z.infer<typeof ReplicaOut>;

export const ApproveParams = z.strictObject({ id: IdParams.shape.id, version: z.coerce.number().int().positive() });
export const ProgressIn = z.strictObject({
  onDate: z.iso.date().describe("the date the progress note is about"),
  text: z.string().trim().min(1).max(10_000),
  status: z.enum(ACTION_STATUSES).optional().describe("the action's new status, if it changes"),
});

export const ReplicaFileParams = z.strictObject({ id: IdParams.shape.id, sha256: z.string().regex(/^[0-9a-f]{64}$/, "is not a SHA-256 (64 lowercase hex digits)") });
