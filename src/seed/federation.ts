// The demo story split by originator, for `accord demo federation` (SPEC 8): India's instance
// holds India's users and the records India originates, Israel's instance Israel's. The 18th JWG
// (New Delhi) is India's: held, its minutes drafted and approved by India's co-chair, awaiting
// Israel's; Israel prepares its part of it on its own instance. Records made up say "Illustrative".
import { banner } from "../domain/markings.ts";
import { appendAudit } from "../audit/log.ts";
import { loadViewer } from "../accounts/users.ts";
import { Scope } from "../store/access.ts";
import type { Store } from "../store/db.ts";
import type { ReadRecord, Writer } from "../store/reader.ts";
import { createOrganisation } from "../resources/organisations/write.ts";
import { createPerson } from "../resources/people/write.ts";
import { createDocument } from "../resources/documents/write.ts";
import { createMeeting, updateMeeting } from "../resources/meetings/write.ts";
import { addMinutesVersion } from "../resources/meetings/minutes.ts";
import { createAction } from "../resources/actions/write.ts";
import { DEMO_USERS, ISRAELI_NOTE, seedDemo, seedUsers, type DemoUser } from "./demo.ts";
import { approveAs, note } from "./jwg.ts";
import { writerFor } from "./writer.ts";

const PUBLIC = { classification: "UNCLASSIFIED" as const, releasableTo: "ALL" as const, compartments: [] as string[] };
/** The 18th JWG and its papers: RESTRICTED // REL TO IND, ISR // JWG. */
const JWG_SHARED = (partner: string) => ({ classification: "RESTRICTED" as const, releasableTo: [partner], compartments: ["JWG"] });

export const M18_MINUTES = "Illustrative minutes of the 18th JWG, New Delhi. The co-chairs reviewed the MoU's implementation plan and the sub-working group's report on co-production.";

async function logged(w: Writer, action: string, made: Promise<ReadRecord>): Promise<string> {
  const { id, marking } = await made;
  await appendAudit(w.tx, { actor: w.viewer.id, action, target: id, marking: banner(marking), outcome: "success", client: "seed", details: { seed: "demo-federation" } });
  return id;
}

/** India's instance: the demo story India originates, and the 18th JWG, held today. */
export async function seedIndiaInstance(store: Store): Promise<{ users: DemoUser[]; m18: string }> {
  const { users, story } = await seedDemo(store, { home: "IND" });
  const priya = await store.db.selectFrom("users").select("id").where("username", "=", "priya.secretariat").executeTakeFirstOrThrow();
  const scope = Scope.forUser((await loadViewer(store.db, priya.id))!);
  const m18 = await store.db.transaction().execute(async (tx) => {
    const ind = writerFor(tx, scope);
    const id = await logged(ind, "meeting.create", createMeeting(ind, {
      marking: JWG_SHARED("ISR"), forumId: story.forum, sequence: 18, dateStart: new Date().toISOString().slice(0, 10), venueCity: "New Delhi", venueCountry: "IND",
      coChairs: [{ country: "IND", personId: story.singh }, { country: "ISR", personId: story.baram }],
      participants: [{ country: "IND", personId: story.singh, role: "Co-chair", attended: true }, { country: "ISR", personId: story.baram, role: "Co-chair", attended: true }],
    }));
    await updateMeeting(ind, await ind.get("meeting", id), { status: "held" });
    await note(ind, "meeting.update", id);
    await logged(ind, "action.create", createAction(ind, {
      marking: JWG_SHARED("ISR"), title: "Illustrative: report on the co-production roadmap to the 19th JWG", meetingId: id, owner: { country: "ISR" }, dueDate: "2027-06-30", status: "open",
      description: "Illustrative action item owned by Israel: progress is reported from Israel's instance.",
    }));
    await addMinutesVersion(ind, await ind.get("meeting", id), M18_MINUTES);
    await note(ind, "meeting.minutes_version", id);
    // India's co-chair has approved; Israel's co-chair approves on Israel's instance.
    await approveAs(tx, story.singh, id);
    return id;
  });
  return { users, m18 };
}

/** Israel's instance: Israel's users, its organisations and people, and its papers. */
export async function seedIsraelInstance(store: Store): Promise<{ users: DemoUser[] }> {
  const users = DEMO_USERS.filter((d) => d.nationality === "ISR");
  const ids = await seedUsers(store, users);
  const scope = Scope.forUser((await loadViewer(store.db, ids.get("noa.secretariat")!))!);
  await store.db.transaction().execute(async (tx) => {
    const isr = writerFor(tx, scope);
    const org = (name: string, kind: "ministry" | "company", aliases: string[]) => logged(isr, "organisation.create", createOrganisation(isr, { marking: PUBLIC, name, aliases, country: "ISR", kind, parentId: null }));
    const mod = await org("Ministry of Defence", "ministry", ["IMOD", "Israel Ministry of Defence"]);
    await org("Israel Aerospace Industries", "company", ["IAI"]);
    await org("Elbit Systems", "company", ["Elbit"]);
    await org("Rafael Advanced Defense Systems", "company", ["Rafael", "Rafael Advanced Defence Systems"]);
    const person = (name: string, title: string, from: string) => logged(isr, "person.create", createPerson(isr, { marking: PUBLIC, name, country: "ISR", titles: [{ title, organisationId: mod, from, to: null }] }));
    const baram = await person("Amir Baram", "Director General, Ministry of Defence", "2025-03-01");
    await person("Israel Katz", "Defence Minister", "2024-11-08");
    await tx.updateTable("users").set({ person_id: baram }).where("id", "=", ids.get("isr.cochair")!).execute();
    const doc = (marking: Parameters<typeof createDocument>[1]["marking"], title: string, kind: Parameters<typeof createDocument>[1]["kind"], text: string) =>
      logged(isr, "document.create", createDocument(isr, { marking, title, kind, attachedToId: null }, { bytes: Buffer.from(text), mediaType: "text/plain", filename: `${title.replace(/\W+/g, "-").toLowerCase()}.txt` }));
    await doc(ISRAELI_NOTE.marking, ISRAELI_NOTE.title, "report", ISRAELI_NOTE.text);
    await doc(JWG_SHARED("IND"), "Illustrative: Israel's proposals for the 18th JWG agenda", "agenda", "Illustrative record. Israel's items for the 18th JWG: co-production roadmap, training exchanges.");
    await doc({ classification: "CONFIDENTIAL", releasableTo: [], compartments: [] }, "Illustrative: IMOD internal assessment before the 18th JWG", "brief", "Illustrative record. Israel-only paper: it never leaves Israel's instance.");
  });
  return { users };
}
