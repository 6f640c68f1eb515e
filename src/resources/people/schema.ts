import { z } from "zod";
import { countryCode, MarkingInput } from "../../domain/markings.ts";
import { PageQuery } from "../../http/pagination.ts";
import { Id, IsoDate, recordSchema, Reference, Text } from "../common.ts";
import { personPolicy } from "./policy.ts";

export const TitleIn = z.strictObject({
  title: Text(200),
  organisationId: Id.nullable().optional(),
  from: IsoDate.nullable().optional(),
  to: IsoDate.nullable().optional(),
}).refine((t) => !t.from || !t.to || t.from <= t.to, { message: "must not end before it starts", path: ["to"] });

// Update schemas are built without defaults: under zod 4 a default still applies inside
// partial(), and an edit that omits a list would empty it.
const Fields = z.strictObject({
  marking: MarkingInput,
  name: Text(200),
  country: countryCode,
  titles: z.array(TitleIn).max(50),
});
export const PersonCreate = Fields.extend({ titles: Fields.shape.titles.default([]) });
export type PersonCreate = z.infer<typeof PersonCreate>;
export const PersonUpdate = Fields.partial().extend({ version: z.number().int().positive().optional() }).strict();
export type PersonUpdate = z.infer<typeof PersonUpdate>;

export const Person = recordSchema(personPolicy, {
  name: z.string(),
  country: z.string(),
  titles: z.array(z.object({ title: z.string(), organisation: Reference.nullable(), from: z.string().nullable(), to: z.string().nullable() })),
  currentTitle: z.string().nullable(),
});
export type Person = z.infer<typeof Person>;
export const PersonQuery = PageQuery.extend({ country: countryCode.optional() }).strict();
