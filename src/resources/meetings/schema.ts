import { z } from "zod";
import { countryCode, MarkingInput } from "../../domain/markings.ts";
import { PageQuery } from "../../http/pagination.ts";
import { Id, IsoDate, recordSchema, Reference, Text } from "../common.ts";
import { meetingPolicy } from "./policy.ts";

export const MEETING_STATUSES = ["planned", "held", "minutes_agreed"] as const;

const CoChair = z.strictObject({ country: countryCode, personId: Id });
const Participant = z.strictObject({ country: countryCode, personId: Id, role: Text(200).nullable().optional(), attended: z.boolean().default(false) });
export const AgendaItemIn = z.strictObject({ title: Text(500), notes: Text(5000).nullable().optional(), actionId: Id.nullable().optional() });
const inOrder = (m: { dateStart?: string | null | undefined; dateEnd?: string | null | undefined }) => !m.dateStart || !m.dateEnd || m.dateStart <= m.dateEnd;

const Fields = z.strictObject({
  marking: MarkingInput.optional().describe("defaults to the forum's marking"),
  forumId: Id,
  sequence: z.number().int().min(1).max(10_000).optional().describe("the meeting's number in its forum; omitted = the next one"),
  dateStart: IsoDate.nullable().optional(),
  dateEnd: IsoDate.nullable().optional(),
  venueCity: Text(200).nullable().optional(),
  venueCountry: countryCode.nullable().optional(),
  coChairs: z.array(CoChair).max(10).default([]),
  participants: z.array(Participant).max(500).default([]),
  agenda: z.array(AgendaItemIn).max(100).optional().describe("omitted = the forum's template; open actions of the last meeting are always added"),
});
export const MeetingCreate = Fields.refine(inOrder, { message: "must not end before it starts", path: ["dateEnd"] });
export type MeetingCreate = z.infer<typeof MeetingCreate>;
export const MeetingUpdate = z.strictObject({
  marking: MarkingInput.optional(),
  dateStart: IsoDate.nullable().optional(),
  dateEnd: IsoDate.nullable().optional(),
  venueCity: Text(200).nullable().optional(),
  venueCountry: countryCode.nullable().optional(),
  status: z.enum(["planned", "held"]).optional().describe("minutes_agreed is reached only by the co-chairs' approvals"),
  coChairs: z.array(CoChair).max(10).optional(),
  version: z.number().int().positive().optional(),
}).refine(inOrder, { message: "must not end before it starts", path: ["dateEnd"] });
export type MeetingUpdate = z.infer<typeof MeetingUpdate>;

export const Meeting = recordSchema(meetingPolicy, {
  title: z.string(),
  forum: Reference,
  sequence: z.number(),
  dateStart: z.string().nullable(),
  dateEnd: z.string().nullable(),
  venueCity: z.string().nullable(),
  venueCountry: z.string().nullable(),
  status: z.enum(MEETING_STATUSES),
  coChairs: z.array(z.object({ country: z.string(), person: Reference })),
  participants: z.array(z.object({ country: z.string(), person: Reference, role: z.string().nullable(), attended: z.boolean() })),
  agenda: z.array(z.object({
    id: z.string(), position: z.number(), title: z.string(), notes: z.string().nullable(),
    action: z.object({ record: Reference, status: z.string().nullable(), dueDate: z.string().nullable() }).nullable(),
  })),
  outcomes: z.array(z.object({ id: z.string(), position: z.number(), text: z.string() })),
  minutes: z.object({
    latestVersion: z.number().nullable(),
    agreedVersion: z.number().nullable(),
    approvals: z.array(z.object({ version: z.number(), country: z.string(), person: Reference.nullable(), approvedAt: z.string() })),
    /** The member countries (and their co-chair) whose approval of the latest version is missing. */
    awaiting: z.array(z.object({ country: z.string(), person: Reference.nullable() })),
  }),
  actions: z.array(Reference),
});
export type Meeting = z.infer<typeof Meeting>;
export const MeetingQuery = PageQuery.extend({ forumId: Id.optional(), status: z.enum(MEETING_STATUSES).optional() }).strict();
