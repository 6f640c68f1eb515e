// Demo data (SPEC 7): the story of the 17th JWG (Tel Aviv, 4 Nov 2025) and public facts around
// it, written through the same domain functions as the API, so every record is marked and audited.
// Records made up to show features say "Illustrative" in their text.
import { ulid } from "ulid";
import { appendAudit } from "../audit/log.ts";
import { insertUser, loadViewer } from "../accounts/users.ts";
import { banner, type Marking, type Rank } from "../domain/markings.ts";
import { internMarking, loadMarking, resolveMarking } from "../store/markings.ts";
import { Scope } from "../store/access.ts";
import type { Store } from "../store/db.ts";
import type { ReadRecord, Writer } from "../store/reader.ts";
import { writerFor } from "./writer.ts";
import { createOrganisation } from "../resources/organisations/write.ts";
import { createPerson } from "../resources/people/write.ts";
import { createAgreement } from "../resources/agreements/write.ts";
import { createDocument } from "../resources/documents/write.ts";
import { seedReference } from "./reference.ts";
import { seedJwg } from "./jwg.ts";
import { seedEngagements, seedProgrammes } from "./programmes.ts";

export type Logged = (w: Writer, action: string, made: Promise<ReadRecord>) => Promise<string>;

export interface DemoUser { username: string; password: string; displayName: string; nationality: string; clearance: string; roles: string[]; compartments: string[] }

const LEVEL = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"];
const u = (username: string, displayName: string, nationality: string, clearance: Rank, roles: string[], compartments: string[] = []): DemoUser =>
  ({ username, password: `demo-${username}-2025`, displayName, nationality, clearance: LEVEL[clearance]!, roles, compartments });

export const DEMO_USERS: DemoUser[] = [
  u("priya.secretariat", "Priya Raman (Illustrative, JWG secretariat, MoD India)", "IND", 3, ["secretariat", "analyst"], ["JWG", "SWG-DIC"]),
  u("noa.secretariat", "Noa Levi (Illustrative, JWG secretariat, IMOD)", "ISR", 3, ["secretariat", "analyst"], ["JWG", "SWG-DIC"]),
  u("arjun.security", "Arjun Mehta (Illustrative, security officer, India)", "IND", 4, ["security_officer"], ["JWG", "SWG-DIC", "MRSAM", "AEASI", "KRAS"]),
  u("dana.security", "Dana Cohen (Illustrative, security officer, Israel)", "ISR", 4, ["security_officer"], ["JWG", "SWG-DIC", "MRSAM", "AEASI", "KRAS"]),
  u("kavita.programme", "Kavita Iyer (Illustrative, MRSAM programme manager)", "IND", 3, ["programme"], ["MRSAM"]),
  u("ravi.industry", "Ravi Kulkarni (Illustrative, Kalyani Rafael Advanced Systems)", "IND", 2, ["industry"], ["KRAS"]),
  u("meera.member", "Meera Joshi (Illustrative, member, MoD India)", "IND", 2, ["member"], ["JWG"]),
  u("yossi.member", "Yossi Adler (Illustrative, member, IMOD)", "ISR", 1, ["member"]),
  u("sanjay.analyst", "Sanjay Rao (Illustrative, analyst)", "IND", 1, ["analyst"]),
  u("anita.auditor", "Anita Desai (Illustrative, auditor)", "IND", 2, ["auditor"]),
  u("admin", "Platform administrator (Illustrative)", "IND", 0, ["admin"]),
  // Accounts for the two co-chairs as persons, so the demo can agree minutes.
  u("ind.cochair", "Co-chair account, India (Illustrative)", "IND", 3, ["member"], ["JWG"]),
  u("isr.cochair", "Co-chair account, Israel (Illustrative)", "ISR", 3, ["member"], ["JWG"]),
  u("vikram.programme", "Vikram Nair (Illustrative, programme office, MoD India)", "IND", 3, ["programme"], ["MRSAM", "AEASI", "KRAS"]),
];

const PUBLIC = { classification: "UNCLASSIFIED" as const, releasableTo: "ALL" as const, compartments: [] as string[] };

/** The demo users, audited like any account made: username → id. */
export async function seedUsers(store: Store, users: readonly DemoUser[]): Promise<Map<string, string>> {
  await seedReference(store.db);
  const ids = new Map<string, string>();
  await store.db.transaction().execute(async (tx) => {
    for (const d of users) {
      ids.set(d.username, await insertUser(tx, { ...d, clearance: LEVEL.indexOf(d.clearance) as Rank }));
    }
    for (const d of users) {
      await appendAudit(tx, { actor: null, action: "user.create", target: ids.get(d.username)!, outcome: "success", client: "seed", details: { username: d.username, clearance: d.clearance, roles: d.roles } });
    }
  });
  return ids;
}

export interface DemoOptions {
  /**
   * India's own instance in a federation (SPEC 8): only India's users and only records India
   * originates. India keeps its own records of the Israeli organisations and people its records
   * name (co-chairs, hosts, partners); Israel's papers come from Israel's instance.
   */
  home?: "IND";
}

/** What the federation demo builds on: the JWG forum and the co-chairs as persons. */
export interface DemoStory { forum: string; m17: string; singh: string; baram: string }

export async function seedDemo(store: Store, opts: DemoOptions = {}): Promise<{ users: DemoUser[]; story: DemoStory }> {
  const users = opts.home ? DEMO_USERS.filter((d) => d.nationality === opts.home) : DEMO_USERS;
  const ids = await seedUsers(store, users);
  const as = async (username: string) => Scope.forUser((await loadViewer(store.db, ids.get(username)!))!);
  const ind = await as("priya.secretariat");
  const scopes = { ind, isr: opts.home ? ind : await as("noa.secretariat"), indProg: await as("kavita.programme"), programmeOffice: await as("vikram.programme") };
  let story: DemoStory | undefined;

  // Loaded before the transaction: SQLite's one connection is the transaction's until it ends.
  await store.db.transaction().execute(async (tx) => {
    const ind = writerFor(tx, scopes.ind);
    const isr = writerFor(tx, scopes.isr);
    const indProg = writerFor(tx, scopes.indProg);
    const programmeOffice = writerFor(tx, scopes.programmeOffice);
    // Every seeded record is a write like any other: one audit event each.
    const logged: Logged = async (w, action, made) => {
      const { id, marking } = await made;
      await appendAudit(tx, { actor: w.viewer.id, action, target: id, marking: banner(marking), outcome: "success", client: "seed", details: { seed: "demo" } });
      return id;
    };
    const org = async (w: Writer, name: string, country: string, kind: Parameters<typeof createOrganisation>[1]["kind"], aliases: string[] = [], parentId: string | null = null) =>
      logged(w, "organisation.create", createOrganisation(w, { marking: PUBLIC, name, aliases, country, kind, parentId }));
    const modInd = await org(ind, "Ministry of Defence", "IND", "ministry", ["MoD India", "Raksha Mantralaya"]);
    const modIsr = await org(isr, "Ministry of Defence", "ISR", "ministry", ["IMOD", "Israel Ministry of Defence"]);
    const orgs = {
      drdo: await org(ind, "Defence Research and Development Organisation", "IND", "research_lab", ["DRDO"], modInd),
      iai: await org(isr, "Israel Aerospace Industries", "ISR", "company", ["IAI"]),
      elbit: await org(isr, "Elbit Systems", "ISR", "company", ["Elbit"]),
      rafael: await org(isr, "Rafael Advanced Defense Systems", "ISR", "company", ["Rafael", "Rafael Advanced Defence Systems"]),
      bdl: await org(ind, "Bharat Dynamics Limited", "IND", "dpsu", ["BDL"], modInd),
      bel: await org(ind, "Bharat Electronics Limited", "IND", "dpsu", ["BEL"], modInd),
      aeasi: await org(ind, "Adani-Elbit Advanced Systems India", "IND", "company", ["AEASI"]),
      kras: await org(ind, "Kalyani Rafael Advanced Systems", "IND", "company", ["KRAS"]),
    };

    const person = async (w: Writer, name: string, country: string, title: string, organisationId: string, from: string | null) =>
      logged(w, "person.create", createPerson(w, { marking: PUBLIC, name, country, titles: [{ title, organisationId, from, to: null }] }));
    const singh = await person(ind, "Rajesh Kumar Singh", "IND", "Defence Secretary", modInd, "2024-11-01");
    const baram = await person(isr, "Amir Baram", "ISR", "Director General, Ministry of Defence", modIsr, "2025-03-01");
    const katz = await person(isr, "Israel Katz", "ISR", "Defence Minister", modIsr, "2024-11-08");

    await tx.updateTable("users").set({ person_id: singh }).where("id", "=", ids.get("ind.cochair")!).execute();
    if (ids.has("isr.cochair")) await tx.updateTable("users").set({ person_id: baram }).where("id", "=", ids.get("isr.cochair")!).execute();
    const jwg = await seedJwg(tx, { ind, isr, logged, singh, baram, modInd, modIsr });
    story = { forum: jwg.forum, m17: jwg.m17, singh, baram };
    await seedEngagements({ ind, logged, singh, katz, orgs, meeting: jwg.m17 });
    await tx.updateTable("users").set({ organisation_id: orgs.kras }).where("id", "=", ids.get("ravi.industry")!).execute();
    await seedProgrammes({ w: programmeOffice, logged, orgs });

    await logged(ind, "agreement.create", createAgreement(ind, {
      marking: PUBLIC, kind: "MoU", status: "signed",
      title: "Memorandum of Understanding on defence cooperation between India and Israel",
      parties: [{ country: "IND", organisationId: modInd }, { country: "ISR", organisationId: modIsr }],
      signatoryIds: [singh, baram], signedOn: "2025-11-04", signedAt: "Tel Aviv",
      areas: ["strategic-dialogue", "joint-training", "defence-industrial-cooperation", "artificial-intelligence", "cyber-security", "rd-innovation"],
      renewalTerms: null, validFrom: "2025-11-04", validityYears: null, validTo: null, signedDuringId: jwg.m17,
    }));

    const doc = async (w: Writer, marking: Parameters<typeof createDocument>[1]["marking"], title: string, kind: Parameters<typeof createDocument>[1]["kind"], text: string) =>
      logged(w, "document.create", createDocument(w, { marking, title, kind, attachedToId: null }, { bytes: Buffer.from(text), mediaType: "text/plain", filename: `${title.replace(/\W+/g, "-").toLowerCase()}.txt` }));
    await doc(ind, { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] }, "Illustrative: 17th JWG draft agenda", "agenda", "Illustrative record. Draft agenda for the 17th JWG, Tel Aviv.");
    await doc(ind, { classification: "CONFIDENTIAL", releasableTo: ["ISR"], compartments: ["JWG"] }, "Illustrative: Indian delegation brief for the 17th JWG", "brief", "Illustrative record. Brief for the Defence Secretary.");
    const secret = await doc(ind, { classification: "SECRET", releasableTo: [], compartments: [] }, "Illustrative: Indian negotiating position on co-production", "brief", "Illustrative record. India-only SECRET paper.");
    if (!opts.home) await doc(isr, ISRAELI_NOTE.marking, ISRAELI_NOTE.title, "report", ISRAELI_NOTE.text);
    await doc(indProg, { classification: "CONFIDENTIAL", releasableTo: ["ISR"], compartments: ["MRSAM"] }, "Illustrative: MRSAM production milestone report", "report", "Illustrative record. Programme compartment MRSAM.");

    // A release waiting for a decision by India's security officer.
    const to = await resolveMarking(tx, { classification: "SECRET", releasableTo: ["ISR"], compartments: [] }, "IND");
    const from = await tx.selectFrom("records").select("marking_id").where("id", "=", secret).executeTakeFirstOrThrow();
    const requestId = ulid();
    await tx.insertInto("release_requests").values({
      id: requestId, record_id: secret, requested_by: ids.get("priya.secretariat")!, reason: "Illustrative: share with the Israeli co-chair before the 18th JWG",
      from_marking_id: from.marking_id, to_marking_id: await internMarking(tx, to), status: "pending", decided_by: null, decided_at: null, decision_note: null,
      created_at: new Date().toISOString(),
    }).execute();
    await appendAudit(tx, { actor: ids.get("priya.secretariat")!, action: "release.request", target: secret, marking: banner(await loadMarking(tx, from.marking_id)), outcome: "success", client: "seed", details: { request: requestId, to: banner(to) } });
  });
  return { users, story: story! };
}

/** Israel's SECRET paper releasable to India (on Israel's instance in a federation). */
export const ISRAELI_NOTE = {
  marking: { classification: "SECRET" as const, releasableTo: ["IND"], compartments: ["SWG-DIC"] },
  title: "Illustrative: IMOD export-licensing note for the industry sub-working group",
  text: "Illustrative record. Israeli SECRET paper releasable to India.",
};

