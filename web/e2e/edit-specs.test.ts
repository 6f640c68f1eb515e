// The record forms' conversions, without a browser: what a form sends for what was typed, and
// which fields it leaves alone because they refer to records the editor may not read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { actionEditor, agreementEditor, lockedFields, programmeEditor } from "../src/edit/specs.ts";
import { num, text } from "../src/edit/fields.ts";

const WITHHELD = { id: null, withheld: true } as const;
const ref = (id: string, title: string) => ({ id, kind: "organisation", title, withheld: false as const });

test("typed values become the API's: empty text is null, numbers are numbers, what is not a number is left for the API to refuse", () => {
  assert.equal(text("  "), null);
  assert.equal(text(" Pune "), "Pune");
  assert.equal(num(""), null);
  assert.equal(num("60.5"), 60.5);
  assert.equal(num("sixty"), "sixty");
});

test("a programme's rows are sent as the API's lists", () => {
  const body = programmeEditor.body({
    title: "MRSAM", kind: "co_development", stage: "production", description: "", value: "2500000000", currency: "USD", buyerCountry: "IND", acquisitionCategory: "", compartment: "MRSAM", areas: ["air-defence"],
    partners: [{ organisationId: "o1", role: "lead", workShare: "100" }],
    milestones: [{ title: "Lot 3", plannedOn: "2027-03-31", actualOn: "", status: "planned" }],
    totPhases: [{ phase: "skd", plannedOn: "", actualOn: "", status: "planned" }],
    costLines: [{ description: "Launcher", kind: "component", origin: "indigenous", amount: "300000000" }],
  }, "edit");
  assert.deepEqual(body.partners, [{ organisationId: "o1", role: "lead", workShare: 100 }]);
  assert.deepEqual(body.milestones, [{ title: "Lot 3", plannedOn: "2027-03-31", actualOn: null, status: "planned" }]);
  assert.deepEqual(body.costLines, [{ description: "Launcher", kind: "component", origin: "indigenous", amount: 300000000 }]);
  assert.equal(body.value, 2500000000);
  assert.equal(body.description, null);
  assert.equal(body.acquisitionCategory, null);
});

test("an action's owner is sent as one object", () => {
  const body = actionEditor.body({ title: "Plan", description: "", ownerCountry: "ISR", ownerOrganisationId: "o2", ownerPersonId: "", dueDate: "2026-09-30", status: "open" }, "edit");
  assert.deepEqual(body.owner, { country: "ISR", organisationId: "o2", personId: null });
});

test("fields referring to unreadable records are locked, lists and single references alike; readable ones are not", () => {
  assert.deepEqual(lockedFields({ partners: [{ organisation: ref("o1", "DRDO"), role: "lead", workShare: 50 }, { organisation: WITHHELD, role: "partner", workShare: 50 }] }), ["partners"]);
  assert.deepEqual(lockedFields({ partners: [{ organisation: ref("o1", "DRDO"), role: "lead", workShare: 100 }] }), []);
  assert.deepEqual(lockedFields({ signatories: [WITHHELD], signedDuring: WITHHELD, parties: [{ country: "IND", organisation: null }] }), ["signatories", "signedDuringId"]);
  assert.deepEqual(lockedFields({ owner: { country: "IND", organisation: WITHHELD, person: null } }), ["ownerCountry", "ownerOrganisationId", "ownerPersonId"]);
  assert.deepEqual(lockedFields({ parent: null, leader: ref("p1", "Singh") }), []);
});

test("an agreement's values read back from the record the API returns", () => {
  const v = agreementEditor.values({
    id: "a1", kind: "agreement", agreementKind: "MoU", title: "MoU", status: "signed", parties: [{ country: "IND", organisation: null }], signatories: [ref("p1", "Singh")],
    signedOn: "2025-11-04", signedAt: null, signedDuring: null, areas: ["cyber"], validFrom: null, validTo: null, validityYears: 5, renewalTerms: null,
  } as never);
  assert.deepEqual(v.parties, [{ country: "IND", organisationId: "" }]);
  assert.deepEqual(v.signatories, [{ personId: "p1" }]);
  assert.equal(v.validityYears, "5");
  assert.equal(v.signedAt, "");
});
