// The demo's engagements (the visits of 6 Nov 2025 to Elbit Systems, Rafael and IAI, and the call
// on Israel's Defence Minister) and programmes: Barak-8/MRSAM (DRDO, IAI, BDL, BEL), Adani-Elbit
// (Hermes 900 aerostructures, Hyderabad, 2018) and Kalyani Rafael (Spike, Hyderabad, 2017).
// Shares, milestones and cost lines are illustrative and say so.
import type { Writer } from "../store/reader.ts";
import { createEngagement } from "../resources/engagements/write.ts";
import { createProgramme } from "../resources/programmes/write.ts";
import type { Logged } from "./demo.ts";

const PUBLIC = { classification: "UNCLASSIFIED" as const, releasableTo: "ALL" as const, compartments: [] as string[] };
const inCompartment = (c: string) => ({ classification: "RESTRICTED" as const, releasableTo: ["ISR"], compartments: [c] });

type Orgs = Record<"drdo" | "iai" | "elbit" | "rafael" | "bdl" | "bel" | "aeasi" | "kras", string>;

export async function seedEngagements(c: { ind: Writer; logged: Logged; singh: string; katz: string; orgs: Orgs; meeting: string }): Promise<void> {
  await c.logged(c.ind, "engagement.create", createEngagement(c.ind, {
    marking: PUBLIC, kind: "visit", title: "Indian delegation visits Elbit Systems, Rafael and Israel Aerospace Industries",
    dateStart: "2025-11-06", place: "Israel", leaderId: c.singh, delegationCountry: "IND", hostCountry: "ISR",
    hostIds: [c.orgs.elbit, c.orgs.rafael, c.orgs.iai], purpose: "Explore co-production and co-development under the Atmanirbhar Bharat initiative",
    areas: ["defence-industrial-cooperation", "co-production"], meetingId: c.meeting,
  }));
  await c.logged(c.ind, "engagement.create", createEngagement(c.ind, {
    marking: PUBLIC, kind: "call_on", title: "Defence Secretary calls on Israel's Defence Minister", dateStart: "2025-11-06", place: "Tel Aviv",
    leaderId: c.singh, delegationCountry: "IND", hostCountry: "ISR", hostIds: [c.katz], purpose: "Briefing on the key outcomes of the 17th JWG",
    areas: ["strategic-dialogue"], meetingId: c.meeting,
  }));
}

export async function seedProgrammes(c: { w: Writer; logged: Logged; orgs: Orgs }): Promise<void> {
  const o = c.orgs;
  await c.logged(c.w, "programme.create", createProgramme(c.w, {
    marking: inCompartment("MRSAM"), kind: "co_development", title: "Barak-8 / MRSAM medium-range surface-to-air missile",
    description: "Jointly developed by DRDO and IAI; produced with BDL and BEL. Shares, milestones and cost lines are illustrative.",
    stage: "production", value: 2_500_000_000, currency: "USD", compartment: "MRSAM", buyerCountry: "IND", acquisitionCategory: "buy_indian", icTableVersion: "DAP-2020",
    areas: ["capability-development", "defence-industrial-cooperation"],
    partners: [
      { organisationId: o.drdo, role: "lead", workShare: 30 }, { organisationId: o.iai, role: "partner", workShare: 40 },
      { organisationId: o.bdl, role: "integrator", workShare: 20 }, { organisationId: o.bel, role: "supplier", workShare: 10 },
    ],
    milestones: [
      { title: "Illustrative: first production lot delivered", plannedOn: "2024-06-30", actualOn: "2024-09-15", status: "achieved" },
      { title: "Illustrative: second production lot", plannedOn: "2026-03-31", actualOn: null, status: "delayed" },
    ],
    totPhases: [{ phase: "ckd", plannedOn: "2023-01-01", actualOn: "2023-04-01", status: "achieved" }, { phase: "licensed_manufacture", plannedOn: "2026-12-31", actualOn: null, status: "planned" }],
    agreementIds: [],
    costLines: [
      { description: "Illustrative: airframe and propulsion made in India", kind: "component", origin: "indigenous", amount: 1_200_000_000 },
      { description: "Illustrative: seeker and radar assemblies imported", kind: "assembly", origin: "imported", amount: 900_000_000 },
      { description: "Illustrative: technical fees paid abroad", kind: "technical_fee", origin: "imported", amount: 100_000_000 },
      { description: "Illustrative: GST and customs duty", kind: "tax", origin: "indigenous", amount: 300_000_000 },
    ],
  }));
  await c.logged(c.w, "programme.create", createProgramme(c.w, {
    marking: inCompartment("AEASI"), kind: "co_production", title: "Hermes 900 aerostructures (Adani-Elbit Advanced Systems India, Hyderabad, 2018)",
    stage: "production", compartment: "AEASI", buyerCountry: "IND", acquisitionCategory: "buy_global_manufacture_in_india", icTableVersion: "DAP-2020",
    areas: ["defence-industrial-cooperation", "co-production"],
    partners: [{ organisationId: o.aeasi, role: "lead", workShare: 51 }, { organisationId: o.elbit, role: "partner", workShare: 49 }],
    milestones: [{ title: "Illustrative: Hyderabad facility opened", plannedOn: "2018-12-14", actualOn: "2018-12-14", status: "achieved" }],
    totPhases: [{ phase: "skd", plannedOn: "2019-06-30", actualOn: "2019-10-01", status: "achieved" }],
    agreementIds: [],
    costLines: [
      { description: "Illustrative: composite aerostructures made in Hyderabad", kind: "component", origin: "indigenous", amount: 40_000_000 },
      { description: "Illustrative: avionics imported", kind: "assembly", origin: "imported", amount: 60_000_000 },
    ],
  }));
  await c.logged(c.w, "programme.create", createProgramme(c.w, {
    marking: inCompartment("KRAS"), kind: "co_production", title: "Spike anti-tank guided missiles (Kalyani Rafael Advanced Systems, Hyderabad, 2017)",
    stage: "production", compartment: "KRAS", buyerCountry: "IND", acquisitionCategory: "buy_indian", icTableVersion: "DAP-2020",
    areas: ["co-production"],
    partners: [{ organisationId: o.kras, role: "lead", workShare: 51 }, { organisationId: o.rafael, role: "partner", workShare: 49 }],
    milestones: [{ title: "Illustrative: first missile kits assembled in Hyderabad", plannedOn: "2018-08-31", actualOn: "2018-08-06", status: "achieved" }],
    totPhases: [{ phase: "ckd", plannedOn: "2018-01-01", actualOn: "2018-08-06", status: "achieved" }, { phase: "raw_material", plannedOn: "2027-12-31", actualOn: null, status: "planned" }],
    agreementIds: [],
    costLines: [
      { description: "Illustrative: assembly, integration and testing in Hyderabad", kind: "service", origin: "indigenous", amount: 45_000_000 },
      { description: "Illustrative: seeker and warhead imported", kind: "component", origin: "imported", amount: 55_000_000 },
    ],
  }));
}
