import { z } from "zod";
import { countryCode, MarkingInput } from "../../domain/markings.ts";
import { PageQuery } from "../../http/pagination.ts";
import { Id, recordSchema, Reference, Text } from "../common.ts";
import { organisationPolicy } from "./policy.ts";

export const ORG_KINDS = ["ministry", "armed_force", "agency", "company", "dpsu", "research_lab", "other"] as const;

// Update schemas are built without defaults: under zod 4 a default still applies inside
// partial(), and an edit that omits a list would empty it.
const Fields = z.strictObject({
  marking: MarkingInput,
  name: Text(300),
  aliases: z.array(Text(300)).max(50),
  country: countryCode,
  kind: z.enum(ORG_KINDS),
  parentId: Id.nullable().optional(),
});
export const OrganisationCreate = Fields.extend({ aliases: Fields.shape.aliases.default([]) });
export type OrganisationCreate = z.infer<typeof OrganisationCreate>;

export const OrganisationUpdate = Fields.partial().extend({ version: z.number().int().positive().optional() }).strict();
export type OrganisationUpdate = z.infer<typeof OrganisationUpdate>;

export const Organisation = recordSchema(organisationPolicy, {
  name: z.string(),
  aliases: z.array(z.string()),
  country: z.string(),
  orgKind: z.enum(ORG_KINDS),
  parent: Reference.nullable(),
});
export type Organisation = z.infer<typeof Organisation>;

export const OrganisationQuery = PageQuery.extend({ country: countryCode.optional(), kind: z.enum(ORG_KINDS).optional() }).strict();
