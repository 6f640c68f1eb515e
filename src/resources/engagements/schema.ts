import { z } from "zod";
import { countryCode, MarkingInput } from "../../domain/markings.ts";
import { PageQuery } from "../../http/pagination.ts";
import { Id, IsoDate, recordSchema, Reference, Text } from "../common.ts";
import { engagementPolicy } from "./policy.ts";

export const ENGAGEMENT_KINDS = ["visit", "call_on", "delegation", "exercise", "conference", "industry_event"] as const;

const scalars = {
  marking: MarkingInput,
  kind: z.enum(ENGAGEMENT_KINDS),
  title: Text(500),
  dateStart: IsoDate.nullable().optional(),
  dateEnd: IsoDate.nullable().optional(),
  place: Text(200).nullable().optional(),
  leaderId: Id.nullable().optional().describe("the person who led the delegation"),
  delegationCountry: countryCode.nullable().optional(),
  hostCountry: countryCode.nullable().optional(),
  purpose: Text(2000).nullable().optional(),
  outcomes: Text(10_000).nullable().optional(),
  meetingId: Id.nullable().optional().describe("the meeting it took place at or around"),
  sourceId: Text(100).nullable().optional().describe("where the record came from (a source record or reference)"),
};
const lists = {
  hostIds: z.array(Id).max(50).describe("organisations and people who hosted"),
  areas: z.array(z.string().max(60)).max(30),
};

export const datesInOrder = (e: { dateStart?: string | null | undefined; dateEnd?: string | null | undefined }) => !e.dateStart || !e.dateEnd || e.dateStart <= e.dateEnd;
const IN_ORDER = { message: "must not end before it starts", path: ["dateEnd"] };

export const EngagementCreate = z.strictObject({ ...scalars, hostIds: lists.hostIds.default([]), areas: lists.areas.default([]) }).refine(datesInOrder, IN_ORDER);
export type EngagementCreate = z.infer<typeof EngagementCreate>;
// Built without the defaults: under zod 4 a defaulted field stays defaulted inside partial(),
// and an edit that omits a list would empty it.
export const EngagementUpdate = z.strictObject({ ...scalars, ...lists }).partial().extend({ version: z.number().int().positive().optional() }).strict()
  .refine(datesInOrder, IN_ORDER);
export type EngagementUpdate = z.infer<typeof EngagementUpdate>;

export const Engagement = recordSchema(engagementPolicy, {
  engagementKind: z.enum(ENGAGEMENT_KINDS),
  title: z.string(),
  dateStart: z.string().nullable(),
  dateEnd: z.string().nullable(),
  place: z.string().nullable(),
  leader: Reference.nullable(),
  delegationCountry: z.string().nullable(),
  hostCountry: z.string().nullable(),
  hosts: z.array(Reference),
  purpose: z.string().nullable(),
  areas: z.array(z.string()),
  outcomes: z.string().nullable(),
  meeting: Reference.nullable(),
  sourceId: z.string().nullable(),
});
export type Engagement = z.infer<typeof Engagement>;

export const EngagementQuery = PageQuery.extend({
  kind: z.enum(ENGAGEMENT_KINDS).optional(),
  country: countryCode.optional().describe("the delegation's or the host's country"),
  from: IsoDate.optional().describe("engagements not ended before this date"),
  to: IsoDate.optional().describe("engagements started by this date"),
}).strict();
export type EngagementQuery = z.infer<typeof EngagementQuery>;
