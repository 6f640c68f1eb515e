import { z } from "zod";
import { compartmentCode, countryCode, MarkingInput } from "../../domain/markings.ts";
import { PageQuery } from "../../http/pagination.ts";
import { Id, IsoDate, recordSchema, Reference, Text } from "../common.ts";
import { programmePolicy } from "./policy.ts";
import { COST_KINDS, ORIGINS } from "./ic.ts";

export const PROGRAMME_KINDS = ["co_development", "co_production", "joint_rnd", "transfer_of_technology", "training"] as const;
export const STAGES = ["concept", "mou", "contract", "development", "production", "in_service", "closed"] as const;
export const PARTNER_ROLES = ["lead", "partner", "integrator", "supplier"] as const;
export const STEP_STATUSES = ["planned", "achieved", "delayed", "cancelled"] as const;
export const TOT_PHASES = ["fly_away", "skd", "ckd", "licensed_manufacture", "raw_material", "other"] as const;

const Category = z.string().regex(/^[a-z0-9_]{1,60}$/, "must be 1-60 lower-case letters, digits or '_'");
const TableVersion = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, "must be 1-40 letters, digits, '.', '_' or '-'");

const PartnerIn = z.strictObject({ organisationId: Id, role: z.enum(PARTNER_ROLES), workShare: z.number().min(0).max(100) });
const MilestoneIn = z.strictObject({ title: Text(300), plannedOn: IsoDate.nullable().optional(), actualOn: IsoDate.nullable().optional(), status: z.enum(STEP_STATUSES) });
const TotPhaseIn = z.strictObject({ phase: z.enum(TOT_PHASES), plannedOn: IsoDate.nullable().optional(), actualOn: IsoDate.nullable().optional(), status: z.enum(STEP_STATUSES) });
const CostLineIn = z.strictObject({ description: Text(300), kind: z.enum(COST_KINDS), origin: z.enum(ORIGINS), amount: z.number().min(0).max(1e15) });
export type PartnerIn = z.infer<typeof PartnerIn>;

/** Work shares are percentages of the whole: they add up to 100, give or take rounding to cents. */
export function sharesComplete(partners: readonly { workShare: number }[] | undefined): boolean {
  if (!partners?.length) return true;
  return Math.abs(partners.reduce((s, p) => s + p.workShare, 0) - 100) <= 0.01 + 1e-9;
}
const SHARES = { message: "work shares must add up to 100", path: ["partners"] };
/** A value means nothing without its currency. */
export const valuePriced = (f: { value?: number | null | undefined; currency?: string | null | undefined }) => f.value == null || Boolean(f.currency);
const PRICED = { message: "a value needs its currency", path: ["currency"] };

const scalars = {
  marking: MarkingInput,
  kind: z.enum(PROGRAMME_KINDS),
  title: Text(500),
  description: Text(5000).nullable().optional(),
  stage: z.enum(STAGES),
  value: z.number().min(0).max(1e15).nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code in capitals").nullable().optional(),
  compartment: compartmentCode.nullable().optional().describe("the programme's need-to-know group; its marking must carry it"),
  buyerCountry: countryCode.nullable().optional(),
  acquisitionCategory: Category.nullable().optional(),
  icTableVersion: TableVersion.nullable().optional(),
};
const lists = {
  areas: z.array(z.string().max(60)).max(30),
  partners: z.array(PartnerIn).max(50),
  milestones: z.array(MilestoneIn).max(200),
  totPhases: z.array(TotPhaseIn).max(50),
  agreementIds: z.array(Id).max(50),
  costLines: z.array(CostLineIn).max(500),
};

const Fields = z.strictObject({
  ...scalars,
  areas: lists.areas.default([]), partners: lists.partners.default([]), milestones: lists.milestones.default([]),
  totPhases: lists.totPhases.default([]), agreementIds: lists.agreementIds.default([]), costLines: lists.costLines.default([]),
});

export const ProgrammeCreate = Fields.refine((f) => sharesComplete(f.partners), SHARES).refine(valuePriced, PRICED);
export type ProgrammeCreate = z.infer<typeof ProgrammeCreate>;
// Built without the defaults: under zod 4 a defaulted field stays defaulted inside partial(),
// and an edit that omits a list would empty it.
export const ProgrammeUpdate = z.strictObject({ ...scalars, ...lists }).partial().extend({ version: z.number().int().positive().optional() }).strict()
  .refine((f) => sharesComplete(f.partners), SHARES);
export type ProgrammeUpdate = z.infer<typeof ProgrammeUpdate>;

const Step = { plannedOn: z.string().nullable(), actualOn: z.string().nullable(), status: z.enum(STEP_STATUSES) };
const Money = z.number();

export const IndigenousContent = z.object({
  category: z.string().nullable(),
  tableVersion: z.string().nullable(),
  minimumPercent: z.number().nullable(),
  icPercent: z.number().nullable(),
  compliant: z.boolean().nullable(),
  basePrice: Money,
  deductions: Money,
  basis: z.string().nullable(),
  breakdown: z.array(z.object({ kind: z.enum(COST_KINDS), indigenous: Money, imported: Money, excluded: Money })),
});

export const Programme = recordSchema(programmePolicy, {
  programmeKind: z.enum(PROGRAMME_KINDS),
  title: z.string(),
  description: z.string().nullable(),
  areas: z.array(z.string()),
  partners: z.array(z.object({ organisation: Reference, role: z.enum(PARTNER_ROLES), workShare: z.number() })),
  stage: z.enum(STAGES),
  milestones: z.array(z.object({ title: z.string(), ...Step })),
  totPhases: z.array(z.object({ phase: z.enum(TOT_PHASES), ...Step })),
  value: z.number().nullable(),
  currency: z.string().nullable(),
  agreements: z.array(Reference),
  compartment: z.string().nullable(),
  buyerCountry: z.string().nullable(),
  acquisitionCategory: z.string().nullable(),
  icTableVersion: z.string().nullable(),
  costLines: z.array(z.object({ description: z.string(), kind: z.enum(COST_KINDS), origin: z.enum(ORIGINS), amount: Money })),
  indigenousContent: IndigenousContent,
});
export type Programme = z.infer<typeof Programme>;

export const ProgrammeQuery = PageQuery.extend({
  kind: z.enum(PROGRAMME_KINDS).optional(),
  stage: z.enum(STAGES).optional(),
  area: z.string().max(60).optional(),
  partnerId: Id.optional(),
}).strict();

export const ThresholdIn = z.strictObject({
  tableVersion: TableVersion,
  category: Category,
  minPercent: z.number().min(0).max(100),
  basis: Text(200),
  effectiveFrom: IsoDate,
});
export const Threshold = z.object({ tableVersion: z.string(), category: z.string(), minPercent: z.number(), basis: z.string(), effectiveFrom: z.string() });
