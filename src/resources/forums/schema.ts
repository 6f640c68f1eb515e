import { z } from "zod";
import { compartmentCode, countryCode, MarkingInput } from "../../domain/markings.ts";
import { PageQuery } from "../../http/pagination.ts";
import { Id, IsoDate, recordSchema, Reference, Text } from "../common.ts";
import { forumPolicy } from "./policy.ts";

export const FORUM_KINDS = ["jwg", "sub_working_group", "dialogue", "committee", "other"] as const;

const Fields = z.strictObject({
  marking: MarkingInput,
  name: Text(300),
  kind: z.enum(FORUM_KINDS),
  members: z.array(z.strictObject({ country: countryCode, coChairRole: Text(200).nullable().optional() })).min(1).max(20)
    .refine((m) => new Set(m.map((x) => x.country)).size === m.length, { message: "each country may be a member once" }),
  parentId: Id.nullable().optional(),
  establishedOn: IsoDate.nullable().optional(),
  termsOfReferenceId: Id.nullable().optional().describe("the agreement that sets its terms of reference"),
  compartment: compartmentCode.nullable().optional().describe("the need-to-know group for this forum's papers"),
});
export const ForumCreate = Fields;
export type ForumCreate = z.infer<typeof ForumCreate>;
export const ForumUpdate = Fields.partial().extend({ version: z.number().int().positive().optional() }).strict();
export type ForumUpdate = z.infer<typeof ForumUpdate>;

export const Forum = recordSchema(forumPolicy, {
  name: z.string(),
  forumKind: z.enum(FORUM_KINDS),
  members: z.array(z.object({ country: z.string(), coChairRole: z.string().nullable() })),
  parent: Reference.nullable(),
  establishedOn: z.string().nullable(),
  termsOfReference: Reference.nullable(),
  compartment: z.string().nullable(),
  template: z.object({ agenda: z.array(z.string()), durationDays: z.number() }).nullable(),
});
export type Forum = z.infer<typeof Forum>;
export const ForumQuery = PageQuery.extend({ kind: z.enum(FORUM_KINDS).optional(), country: countryCode.optional() }).strict();
export const TemplateIn = z.strictObject({ agenda: z.array(Text(300)).max(50), durationDays: z.number().int().min(1).max(30) });
