import { z } from "zod";
import { countryCode, MarkingInput } from "../../domain/markings.ts";
import { Id, IsoDate, recordSchema, Reference, Text } from "../common.ts";
import { actionPolicy } from "./policy.ts";

export const ACTION_STATUSES = ["open", "in_progress", "done", "dropped"] as const;

const Owner = z.strictObject({ country: countryCode, organisationId: Id.nullable().optional(), personId: Id.nullable().optional() });
const Fields = z.strictObject({
  marking: MarkingInput.optional().describe("defaults to the marking of the meeting that raised it"),
  title: Text(500),
  description: Text(10_000).nullable().optional(),
  meetingId: Id.nullable().optional().describe("the meeting that raised it"),
  outcomeId: z.string().max(40).nullable().optional().describe("the outcome (decision) of that meeting it follows from"),
  forumId: Id.nullable().optional().describe("defaults to the meeting's forum"),
  owner: Owner,
  dueDate: IsoDate.nullable().optional(),
  status: z.enum(ACTION_STATUSES),
});
// Update schemas are built without defaults: under zod 4 a default still applies inside
// partial(), and an edit that omits a list would empty it.
export const ActionCreate = Fields.extend({ status: Fields.shape.status.default("open") });
export type ActionCreate = z.infer<typeof ActionCreate>;
export const ActionUpdate = Fields.omit({ meetingId: true, outcomeId: true, forumId: true }).extend({ marking: MarkingInput }).partial().extend({ version: z.number().int().positive().optional() }).strict();
export type ActionUpdate = z.infer<typeof ActionUpdate>;

export const ProgressIn = z.strictObject({ onDate: IsoDate, text: Text(5000), status: z.enum(ACTION_STATUSES).optional() });

export const Action = recordSchema(actionPolicy, {
  title: z.string(),
  description: z.string().nullable(),
  meeting: Reference.nullable(),
  outcomeId: z.string().nullable(),
  forum: Reference.nullable(),
  owner: z.object({ country: z.string(), organisation: Reference.nullable(), person: Reference.nullable() }),
  dueDate: z.string().nullable(),
  status: z.enum(ACTION_STATUSES),
  overdueDays: z.number().nullable(),
  updates: z.array(z.object({ onDate: z.string(), text: z.string(), status: z.string().nullable(), at: z.string() })),
  onAgendaOf: z.array(Reference),
});
export type Action = z.infer<typeof Action>;

export const ActionQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  forumId: Id.optional(),
  meetingId: Id.optional(),
  ownerCountry: countryCode.optional(),
  ownerOrganisationId: Id.optional(),
  ownerPersonId: Id.optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  dueBefore: IsoDate.optional(),
  overdue: z.enum(["true", "false"]).optional().describe("open or in progress, and past the due date"),
  minDaysOverdue: z.coerce.number().int().min(0).max(10_000).optional(),
});
export type ActionQuery = z.infer<typeof ActionQuery>;
