// What each kind's create and edit form holds, and how its values become the API's body. The
// vocabularies come from the server (generated/kinds.ts); the rules stay with the API, whose
// answers the form shows beside each field.
import type { TFunction } from "i18next";
import type { Action, Agreement, Engagement, Forum, Meeting, Organisation, Person, Programme, Reference } from "../api/types.ts";
import { ENUMS, type Kind } from "../generated/kinds.ts";
import type { useNames } from "../components/ui.tsx";
import { list, num, str, strings, text, type FieldDef, type Opt, type Values } from "./fields.ts";

export interface Ctx { t: TFunction; names: ReturnType<typeof useNames>; compartments: string[] }

export interface KindEditor<R> {
  kind: Kind;
  /** The API collection and the app's path for the kind. */
  collection: string;
  /** Made from this page; meetings and actions are made inside their forum and meeting instead. */
  creatable: boolean;
  fields(c: Ctx, mode: "create" | "edit"): FieldDef[];
  blank(c: Ctx): Values;
  values(r: R): Values;
  body(v: Values, mode: "create" | "edit"): Record<string, unknown>;
}

const opts = (t: TFunction, prefix: string, values: readonly string[]): Opt[] => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
const areaOpts = (c: Ctx): Opt[] => c.names.areas.map((a) => ({ value: a.code, label: c.names.area(a.code) }));
const countryOpts = (c: Ctx): Opt[] => c.names.countries.map((x) => ({ value: x.code, label: c.names.country(x.code) }));
/** A reference's id, or "" for one the reader may not read (such lists are locked: RecordForm). */
const idOf = (r: Reference | null | undefined) => (r && !r.withheld ? r.id : "");

const steps = (t: TFunction, first: FieldDef): FieldDef[] => [
  first,
  { name: "plannedOn", label: t("programmes.planned"), type: "date" },
  { name: "actualOn", label: t("programmes.actual"), type: "date" },
  { name: "status", label: t("programmes.stepStatus"), type: "select", options: opts(t, "stepStatus", ENUMS.programme.stepStatus), required: true },
];
const stepBody = (r: Record<string, unknown>) => ({ plannedOn: text(r.plannedOn), actualOn: text(r.actualOn), status: r.status });

export const programmeEditor: KindEditor<Programme> = {
  kind: "programme", collection: "programmes", creatable: true,
  fields: (c) => {
    const { t } = c;
    return [
      { name: "title", label: t("edit.title"), type: "text", required: true },
      { name: "kind", label: t("programmes.kind"), type: "select", options: opts(t, "programmeKind", ENUMS.programme.kind), required: true },
      { name: "stage", label: t("programmes.stage"), type: "select", options: opts(t, "stage", ENUMS.programme.stage), required: true },
      { name: "description", label: t("programmes.description"), type: "textarea" },
      { name: "value", label: t("programmes.value"), type: "number" },
      { name: "currency", label: t("edit.currency"), type: "text", hint: t("edit.currencyHint") },
      { name: "buyerCountry", label: t("programmes.buyer"), type: "country" },
      { name: "acquisitionCategory", label: t("ic.category"), type: "select", options: Object.keys(t("icCategory", { returnObjects: true }) as object).map((k) => ({ value: k, label: t(`icCategory.${k}`) })) },
      { name: "compartment", label: t("programmes.compartment"), type: "select", options: c.compartments.map((x) => ({ value: x, label: x })) },
      { name: "areas", label: t("programmes.areas"), type: "multi", options: areaOpts(c) },
      {
        name: "partners", label: t("programmes.partners"), type: "list", itemLabel: t("edit.partner"), add: t("edit.addPartner"), blank: { organisationId: "", role: "partner", workShare: "" },
        item: [
          { name: "organisationId", label: t("programmes.organisation"), type: "organisation", required: true },
          { name: "role", label: t("programmes.role"), type: "select", options: opts(t, "partnerRole", ENUMS.programme.partnerRole), required: true },
          { name: "workShare", label: t("edit.workSharePercent"), type: "number", required: true },
        ],
      },
      {
        name: "milestones", label: t("programmes.milestones"), type: "list", itemLabel: t("programmes.milestone"), add: t("edit.addMilestone"), blank: { title: "", plannedOn: "", actualOn: "", status: "planned" },
        item: steps(t, { name: "title", label: t("edit.milestoneTitle"), type: "text", required: true }),
      },
      {
        name: "totPhases", label: t("programmes.tot"), type: "list", itemLabel: t("edit.phase"), add: t("edit.addPhase"), blank: { phase: "skd", plannedOn: "", actualOn: "", status: "planned" },
        item: steps(t, { name: "phase", label: t("edit.phase"), type: "select", options: opts(t, "totPhase", ENUMS.programme.totPhase), required: true }),
      },
      {
        name: "costLines", label: t("edit.costLines"), type: "list", itemLabel: t("edit.costLine"), add: t("edit.addCostLine"), blank: { description: "", kind: "component", origin: "indigenous", amount: "" },
        item: [
          { name: "description", label: t("edit.costDescription"), type: "text", required: true },
          { name: "kind", label: t("ic.costKind"), type: "select", options: opts(t, "costKind", ENUMS.programme.costKind), required: true },
          { name: "origin", label: t("edit.origin"), type: "select", options: opts(t, "ic", ENUMS.programme.origin), required: true },
          { name: "amount", label: t("edit.amount"), type: "number", required: true },
        ],
      },
    ];
  },
  blank: () => ({ title: "", kind: "co_development", stage: "concept", description: "", value: "", currency: "", buyerCountry: "", acquisitionCategory: "", compartment: "", areas: [], partners: [], milestones: [], totPhases: [], costLines: [] }),
  values: (p) => ({
    title: p.title, kind: p.programmeKind, stage: p.stage, description: str(p.description), value: str(p.value), currency: str(p.currency), buyerCountry: str(p.buyerCountry),
    acquisitionCategory: str(p.acquisitionCategory), compartment: str(p.compartment), areas: p.areas,
    partners: p.partners.map((x) => ({ organisationId: idOf(x.organisation), role: x.role, workShare: str(x.workShare) })),
    milestones: p.milestones.map((m) => ({ title: m.title, plannedOn: str(m.plannedOn), actualOn: str(m.actualOn), status: m.status })),
    totPhases: p.totPhases.map((m) => ({ phase: m.phase, plannedOn: str(m.plannedOn), actualOn: str(m.actualOn), status: m.status })),
    costLines: p.costLines.map((x) => ({ description: x.description, kind: x.kind, origin: x.origin, amount: str(x.amount) })),
  }),
  body: (v) => ({
    title: v.title, kind: v.kind, stage: v.stage, description: text(v.description), value: num(v.value), currency: text(v.currency), buyerCountry: text(v.buyerCountry),
    acquisitionCategory: text(v.acquisitionCategory), compartment: text(v.compartment), areas: strings(v.areas),
    partners: list(v.partners).map((r) => ({ organisationId: r.organisationId, role: r.role, workShare: num(r.workShare) })),
    milestones: list(v.milestones).map((r) => ({ title: r.title, ...stepBody(r) })),
    totPhases: list(v.totPhases).map((r) => ({ phase: r.phase, ...stepBody(r) })),
    costLines: list(v.costLines).map((r) => ({ description: r.description, kind: r.kind, origin: r.origin, amount: num(r.amount) })),
  }),
};

export const agreementEditor: KindEditor<Agreement> = {
  kind: "agreement", collection: "agreements", creatable: true,
  fields: (c) => {
    const { t } = c;
    return [
      { name: "title", label: t("agreements.titleCol"), type: "text", required: true },
      { name: "kind", label: t("agreements.kind"), type: "select", options: opts(t, "agreementKind", ENUMS.agreement.kind), required: true },
      { name: "status", label: t("agreements.status"), type: "select", options: opts(t, "agreementStatus", ENUMS.agreement.status), required: true },
      {
        name: "parties", label: t("agreements.parties"), type: "list", itemLabel: t("agreements.party"), add: t("edit.addParty"), blank: { country: "", organisationId: "" },
        item: [
          { name: "country", label: t("organisations.country"), type: "country", required: true },
          { name: "organisationId", label: t("programmes.organisation"), type: "organisation", countryFrom: "country" },
        ],
      },
      {
        name: "signatories", label: t("agreements.signatories"), type: "list", itemLabel: t("edit.signatory"), add: t("edit.addSignatory"), blank: { personId: "" },
        item: [{ name: "personId", label: t("people.name"), type: "person", required: true }],
      },
      { name: "signedOn", label: t("agreements.signedOn"), type: "date" },
      { name: "signedAt", label: t("agreements.signedAt"), type: "text" },
      { name: "signedDuringId", label: t("agreements.signedDuring"), type: "meeting", hint: t("edit.signedDuringHint") },
      { name: "areas", label: t("agreements.areas"), type: "multi", options: areaOpts(c) },
      { name: "validFrom", label: t("edit.validFrom"), type: "date" },
      { name: "validTo", label: t("edit.validTo"), type: "date" },
      { name: "validityYears", label: t("edit.validityYears"), type: "number" },
      { name: "renewalTerms", label: t("agreements.renewal"), type: "textarea" },
    ];
  },
  blank: () => ({ title: "", kind: "MoU", status: "draft", parties: [{ country: "IND", organisationId: "" }, { country: "ISR", organisationId: "" }], signatories: [], signedOn: "", signedAt: "", signedDuringId: "", areas: [], validFrom: "", validTo: "", validityYears: "", renewalTerms: "" }),
  values: (a) => ({
    title: a.title, kind: a.agreementKind, status: a.status, parties: a.parties.map((p) => ({ country: p.country, organisationId: idOf(p.organisation) })),
    signatories: a.signatories.map((s) => ({ personId: idOf(s) })), signedOn: str(a.signedOn), signedAt: str(a.signedAt), signedDuringId: idOf(a.signedDuring),
    areas: a.areas, validFrom: str(a.validFrom), validTo: str(a.validTo), validityYears: str(a.validityYears), renewalTerms: str(a.renewalTerms),
  }),
  body: (v) => ({
    title: v.title, kind: v.kind, status: v.status, parties: list(v.parties).map((p) => ({ country: p.country, organisationId: text(p.organisationId) })),
    signatoryIds: list(v.signatories).map((s) => s.personId), signedOn: text(v.signedOn), signedAt: text(v.signedAt), signedDuringId: text(v.signedDuringId),
    areas: strings(v.areas), validFrom: text(v.validFrom), validTo: text(v.validTo), validityYears: num(v.validityYears), renewalTerms: text(v.renewalTerms),
  }),
};

export const engagementEditor: KindEditor<Engagement> = {
  kind: "engagement", collection: "engagements", creatable: true,
  fields: (c) => {
    const { t } = c;
    return [
      { name: "title", label: t("engagements.titleCol"), type: "text", required: true },
      { name: "kind", label: t("engagements.kind"), type: "select", options: opts(t, "engagementKind", ENUMS.engagement.kind), required: true },
      { name: "dateStart", label: t("meetings.dateStart"), type: "date" },
      { name: "dateEnd", label: t("meetings.dateEnd"), type: "date" },
      { name: "place", label: t("engagements.place"), type: "text" },
      { name: "delegationCountry", label: t("engagements.delegation"), type: "country" },
      { name: "hostCountry", label: t("engagements.host"), type: "country" },
      { name: "leaderId", label: t("engagements.leader"), type: "person", countryFrom: "delegationCountry" },
      {
        name: "hosts", label: t("engagements.hosts"), type: "list", itemLabel: t("edit.host"), add: t("edit.addHost"), blank: { organisationId: "" },
        item: [{ name: "organisationId", label: t("programmes.organisation"), type: "organisation", countryFrom: "", required: true }],
      },
      { name: "meetingId", label: t("engagements.meeting"), type: "meeting" },
      { name: "purpose", label: t("engagements.purpose"), type: "textarea" },
      { name: "outcomes", label: t("engagements.outcomes"), type: "textarea" },
      { name: "areas", label: t("engagements.areas"), type: "multi", options: areaOpts(c) },
    ];
  },
  blank: () => ({ title: "", kind: "visit", dateStart: "", dateEnd: "", place: "", delegationCountry: "", hostCountry: "", leaderId: "", hosts: [], meetingId: "", purpose: "", outcomes: "", areas: [] }),
  values: (e) => ({
    title: e.title, kind: e.engagementKind, dateStart: str(e.dateStart), dateEnd: str(e.dateEnd), place: str(e.place), delegationCountry: str(e.delegationCountry),
    hostCountry: str(e.hostCountry), leaderId: idOf(e.leader), hosts: e.hosts.map((h) => ({ organisationId: idOf(h) })), meetingId: idOf(e.meeting), purpose: str(e.purpose), outcomes: str(e.outcomes), areas: e.areas,
  }),
  body: (v) => ({
    title: v.title, kind: v.kind, dateStart: text(v.dateStart), dateEnd: text(v.dateEnd), place: text(v.place), delegationCountry: text(v.delegationCountry), hostCountry: text(v.hostCountry),
    leaderId: text(v.leaderId), hostIds: list(v.hosts).map((h) => h.organisationId), meetingId: text(v.meetingId), purpose: text(v.purpose), outcomes: text(v.outcomes), areas: strings(v.areas),
  }),
};

export const organisationEditor: KindEditor<Organisation> = {
  kind: "organisation", collection: "organisations", creatable: true,
  fields: ({ t }) => [
    { name: "name", label: t("organisations.name"), type: "text", required: true },
    { name: "country", label: t("organisations.country"), type: "country", required: true },
    { name: "kind", label: t("organisations.kind"), type: "select", options: opts(t, "orgKind", ENUMS.organisation.kind), required: true },
    { name: "parentId", label: t("organisations.parent"), type: "organisation", countryFrom: "country" },
    {
      name: "aliases", label: t("organisations.aliases"), type: "list", itemLabel: t("edit.alias"), add: t("edit.addAlias"), blank: { name: "" },
      item: [{ name: "name", label: t("organisations.name"), type: "text", required: true }],
    },
  ],
  blank: () => ({ name: "", country: "", kind: "company", parentId: "", aliases: [] }),
  values: (o) => ({ name: o.name, country: o.country, kind: o.orgKind, parentId: idOf(o.parent), aliases: o.aliases.map((name) => ({ name })) }),
  body: (v) => ({ name: v.name, country: v.country, kind: v.kind, parentId: text(v.parentId), aliases: list(v.aliases).map((a) => a.name) }),
};

export const personEditor: KindEditor<Person> = {
  kind: "person", collection: "people", creatable: true,
  fields: ({ t }) => [
    { name: "name", label: t("people.name"), type: "text", required: true },
    { name: "country", label: t("people.country"), type: "country", required: true },
    {
      name: "titles", label: t("people.titles"), type: "list", itemLabel: t("people.titleCol"), add: t("edit.addTitle"), blank: { title: "", organisationId: "", from: "", to: "" },
      item: [
        { name: "title", label: t("people.titleCol"), type: "text", required: true },
        { name: "organisationId", label: t("people.organisation"), type: "organisation" },
        { name: "from", label: t("people.from"), type: "date" },
        { name: "to", label: t("people.to"), type: "date" },
      ],
    },
  ],
  blank: () => ({ name: "", country: "", titles: [] }),
  values: (p) => ({ name: p.name, country: p.country, titles: p.titles.map((x) => ({ title: x.title, organisationId: idOf(x.organisation), from: str(x.from), to: str(x.to) })) }),
  body: (v) => ({ name: v.name, country: v.country, titles: list(v.titles).map((x) => ({ title: x.title, organisationId: text(x.organisationId), from: text(x.from), to: text(x.to) })) }),
};

export const forumEditor: KindEditor<Forum> = {
  kind: "forum", collection: "forums", creatable: true,
  fields: ({ t }) => [
    { name: "name", label: t("forums.name"), type: "text", required: true },
    { name: "kind", label: t("forums.kind"), type: "select", options: opts(t, "forumKind", ENUMS.forum.kind), required: true },
    { name: "establishedOn", label: t("forums.established"), type: "date" },
    {
      name: "members", label: t("forums.members"), type: "list", itemLabel: t("edit.member"), add: t("edit.addMember"), blank: { country: "", coChairRole: "" },
      item: [
        { name: "country", label: t("organisations.country"), type: "country", required: true },
        { name: "coChairRole", label: t("edit.coChairRole"), type: "text" },
      ],
    },
  ],
  blank: () => ({ name: "", kind: "jwg", establishedOn: "", members: [{ country: "IND", coChairRole: "" }, { country: "ISR", coChairRole: "" }] }),
  values: (f) => ({ name: f.name, kind: f.forumKind, establishedOn: str(f.establishedOn), members: f.members.map((m) => ({ country: m.country, coChairRole: str(m.coChairRole) })) }),
  body: (v) => ({ name: v.name, kind: v.kind, establishedOn: text(v.establishedOn), members: list(v.members).map((m) => ({ country: m.country, coChairRole: text(m.coChairRole) })) }),
};

export const meetingEditor: KindEditor<Meeting> = {
  kind: "meeting", collection: "meetings", creatable: false,
  fields: ({ t }) => [
    { name: "dateStart", label: t("meetings.dateStart"), type: "date" },
    { name: "dateEnd", label: t("meetings.dateEnd"), type: "date" },
    { name: "venueCity", label: t("meetings.venueCity"), type: "text" },
    { name: "venueCountry", label: t("meetings.venueCountry"), type: "country" },
    {
      name: "coChairs", label: t("meetings.coChairs"), type: "list", itemLabel: t("meetings.coChair"), add: t("edit.addCoChair"), blank: { country: "", personId: "" },
      item: [
        { name: "country", label: t("organisations.country"), type: "country", required: true },
        { name: "personId", label: t("meetings.person"), type: "person", countryFrom: "country", required: true },
      ],
    },
  ],
  blank: () => ({}),
  values: (m) => ({
    dateStart: str(m.dateStart), dateEnd: str(m.dateEnd), venueCity: str(m.venueCity), venueCountry: str(m.venueCountry),
    coChairs: m.coChairs.map((c) => ({ country: c.country, personId: idOf(c.person) })),
  }),
  body: (v) => ({
    dateStart: text(v.dateStart), dateEnd: text(v.dateEnd), venueCity: text(v.venueCity), venueCountry: text(v.venueCountry),
    coChairs: list(v.coChairs).map((c) => ({ country: c.country, personId: c.personId })),
  }),
};

export const actionEditor: KindEditor<Action> = {
  kind: "action", collection: "actions", creatable: false,
  fields: ({ t }) => [
    { name: "title", label: t("actions.title"), type: "text", required: true },
    { name: "description", label: t("actions.description"), type: "textarea" },
    { name: "ownerCountry", label: t("actions.ownerCountry"), type: "country", required: true },
    { name: "ownerOrganisationId", label: t("actions.ownerOrganisation"), type: "organisation", countryFrom: "ownerCountry" },
    { name: "ownerPersonId", label: t("actions.ownerPerson"), type: "person", countryFrom: "ownerCountry" },
    { name: "dueDate", label: t("actions.due"), type: "date" },
    { name: "status", label: t("actions.status"), type: "select", options: opts(t, "actionStatus", ENUMS.action.status), required: true },
  ],
  blank: () => ({}),
  values: (a) => ({
    title: a.title, description: str(a.description), ownerCountry: a.owner.country, ownerOrganisationId: idOf(a.owner.organisation), ownerPersonId: idOf(a.owner.person),
    dueDate: str(a.dueDate), status: a.status,
  }),
  body: (v) => ({
    title: v.title, description: text(v.description), owner: { country: v.ownerCountry, organisationId: text(v.ownerOrganisationId), personId: text(v.ownerPersonId) },
    dueDate: text(v.dueDate), status: v.status,
  }),
};

export { countryOpts };

/** The editors by the app's collection path. */
export const EDITORS: Record<string, KindEditor<never>> = Object.fromEntries(
  [programmeEditor, agreementEditor, engagementEditor, organisationEditor, personEditor, forumEditor, meetingEditor, actionEditor].map((e) => [e.collection, e as KindEditor<never>]),
);

/** The body key each form field is sent under, where they differ. */
export const BODY_KEY: Record<string, string> = { signatories: "signatoryIds", hosts: "hostIds", ownerCountry: "owner", ownerOrganisationId: "owner", ownerPersonId: "owner" };

const isWithheld = (x: unknown): boolean => Boolean(x && typeof x === "object" && (x as { withheld?: unknown }).withheld === true);

/**
 * Fields of a record that hold references the reader may not read: the form shows them as they
 * are and never sends them, so an edit cannot drop or overwrite what the editor cannot see.
 */
export function lockedFields(r: Record<string, unknown>): string[] {
  const inList = (v: unknown) => Array.isArray(v) && v.some((x) => isWithheld(x) || (x && typeof x === "object" && Object.values(x).some(isWithheld)));
  const lists = ["partners", "parties", "signatories", "hosts", "titles", "coChairs"].filter((k) => inList(r[k]));
  const scalars = Object.entries({ signedDuring: "signedDuringId", parent: "parentId", leader: "leaderId", meeting: "meetingId" })
    .filter(([k]) => isWithheld(r[k])).map(([, f]) => f);
  const owner = r.owner as { organisation?: unknown; person?: unknown } | undefined;
  const owners = owner && (isWithheld(owner.organisation) || isWithheld(owner.person)) ? ["ownerCountry", "ownerOrganisationId", "ownerPersonId"] : [];
  return [...lists, ...scalars, ...owners];
}
