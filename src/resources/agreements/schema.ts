import { z } from "zod";
import { countryCode, MarkingInput } from "../../domain/markings.ts";
import { PageQuery } from "../../http/pagination.ts";
import { Id, IsoDate, recordSchema, Reference, Text } from "../common.ts";
import { agreementPolicy } from "./policy.ts";

export const AGREEMENT_KINDS = ["MoU", "Agreement", "Protocol", "Letter of Intent", "Roadmap", "Terms of Reference", "Other"] as const;
export const AGREEMENT_STATUSES = ["draft", "negotiating", "signed", "in_force", "expired", "terminated"] as const;

const Fields = z.strictObject({
  marking: MarkingInput,
  kind: z.enum(AGREEMENT_KINDS),
  title: Text(500),
  status: z.enum(AGREEMENT_STATUSES),
  parties: z.array(z.strictObject({ country: countryCode, organisationId: Id.nullable().optional() })).min(1).max(20),
  signatoryIds: z.array(Id).max(20),
  signedOn: IsoDate.nullable().optional(),
  signedAt: Text(200).nullable().optional(),
  signedDuringId: Id.nullable().optional().describe("the meeting it was signed at"),
  areas: z.array(z.string().max(60)).max(30),
  validFrom: IsoDate.nullable().optional(),
  validTo: IsoDate.nullable().optional(),
  validityYears: z.number().int().min(1).max(99).nullable().optional(),
  renewalTerms: Text(2000).nullable().optional(),
});

const datesInOrder = (a: { validFrom?: string | null | undefined; validTo?: string | null | undefined }) => !a.validFrom || !a.validTo || a.validFrom <= a.validTo;
// Update schemas are built without defaults: under zod 4 a default still applies inside
// partial(), and an edit that omits a list would empty it.
export const AgreementCreate = Fields.extend({ signatoryIds: Fields.shape.signatoryIds.default([]), areas: Fields.shape.areas.default([]) }).refine(datesInOrder, { message: "must not end before it starts", path: ["validTo"] });
export type AgreementCreate = z.infer<typeof AgreementCreate>;
export const AgreementUpdate = Fields.partial().extend({ version: z.number().int().positive().optional() }).strict()
  .refine(datesInOrder, { message: "must not end before it starts", path: ["validTo"] });
export type AgreementUpdate = z.infer<typeof AgreementUpdate>;

export const Agreement = recordSchema(agreementPolicy, {
  agreementKind: z.enum(AGREEMENT_KINDS),
  title: z.string(),
  status: z.enum(AGREEMENT_STATUSES),
  parties: z.array(z.object({ country: z.string(), organisation: Reference.nullable() })),
  signatories: z.array(Reference),
  signedOn: z.string().nullable(),
  signedAt: z.string().nullable(),
  signedDuring: Reference.nullable(),
  areas: z.array(z.string()),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  validityYears: z.number().nullable(),
  renewalTerms: z.string().nullable(),
  /** The end of validity: validTo, or validFrom/signedOn plus validityYears. */
  expiresOn: z.string().nullable(),
  documents: z.array(Reference),
});
export type Agreement = z.infer<typeof Agreement>;

export const AgreementQuery = PageQuery.extend({
  status: z.enum(AGREEMENT_STATUSES).optional(),
  area: z.string().max(60).optional(),
  country: countryCode.optional(),
}).strict();
