// The India–Israel JWG in the demo: the forum and its industry sub-working group (created at the
// 15th JWG, 27 Oct 2021), the 15th meeting, and the 17th (Tel Aviv, 4 Nov 2025) with its co-chairs.
// Actions and minutes are illustrative and say so.
import { Scope } from "../store/access.ts";
import { loadViewer } from "../accounts/users.ts";
import type { Tx } from "../store/db.ts";
import type { Writer } from "../store/reader.ts";
import { ulid } from "ulid";
import { createForum } from "../resources/forums/write.ts";
import { createMeeting, updateMeeting } from "../resources/meetings/write.ts";
import { addMinutesVersion, approveMinutes } from "../resources/meetings/minutes.ts";
import { createAction } from "../resources/actions/write.ts";
import { appendAudit } from "../audit/log.ts";
import { banner } from "../domain/markings.ts";
import type { Logged } from "./demo.ts";
import { writerFor } from "./writer.ts";

const PUBLIC = { classification: "UNCLASSIFIED" as const, releasableTo: "ALL" as const, compartments: [] as string[] };
const JWG_RESTRICTED = { classification: "RESTRICTED" as const, releasableTo: ["ISR"], compartments: ["JWG"] };

interface Ctx { ind: Writer; isr: Writer; logged: Logged; singh: string; baram: string; modInd: string; modIsr: string }

export async function seedJwg(tx: Tx, c: Ctx): Promise<{ forum: string; m15: string; m17: string }> {
  const members = [{ country: "IND", coChairRole: "Defence Secretary" }, { country: "ISR", coChairRole: "Director General, Ministry of Defence" }];
  const forum = await c.logged(c.ind, "forum.create", createForum(c.ind, {
    marking: PUBLIC, name: "India–Israel Joint Working Group on Defence Cooperation", kind: "jwg", members, compartment: "JWG",
  }));
  await tx.insertInto("meeting_templates").values({
    forum_id: forum, duration_days: 1, updated_at: new Date().toISOString(),
    agenda: JSON.stringify(["Opening remarks by the co-chairs", "Review of ongoing defence cooperation", "Defence-industrial cooperation and co-production", "Training and exchanges", "Any other business"]),
  }).execute();
  await c.logged(c.ind, "forum.create", createForum(c.ind, {
    marking: PUBLIC, name: "Sub-working group on defence-industry cooperation", kind: "sub_working_group", members: members.map((m) => ({ country: m.country, coChairRole: null })),
    parentId: forum, establishedOn: "2021-10-27", compartment: "SWG-DIC",
  }));

  const m15 = await c.logged(c.ind, "meeting.create", createMeeting(c.ind, {
    marking: PUBLIC, forumId: forum, sequence: 15, dateStart: "2021-10-27", venueCity: "Tel Aviv", venueCountry: "ISR", coChairs: [], participants: [],
  }));
  await updateMeeting(c.ind, await c.ind.get("meeting", m15), { status: "held" });
  await note(c.ind, "meeting.update", m15);
  const act = (title: string, meetingId: string, owner: { country: string; organisationId?: string | null; personId?: string | null }, dueDate: string, status: "open" | "in_progress" | "done" = "open") =>
    c.logged(c.ind, "action.create", createAction(c.ind, { marking: JWG_RESTRICTED, title, meetingId, owner, dueDate, status, description: "Illustrative action item." }));
  await act("Illustrative: set up the sub-working group on defence-industry cooperation", m15, { country: "IND", organisationId: c.modInd }, "2022-03-31", "done");
  await act("Illustrative: propose a roadmap for co-production of air-defence systems", m15, { country: "ISR", organisationId: c.modIsr }, "2025-06-30", "in_progress");

  // The 17th: the template's agenda plus the 15th's open action, carried over by itself.
  const m17 = await c.logged(c.ind, "meeting.create", createMeeting(c.ind, {
    marking: PUBLIC, forumId: forum, sequence: 17, dateStart: "2025-11-04", venueCity: "Tel Aviv", venueCountry: "ISR",
    coChairs: [{ country: "IND", personId: c.singh }, { country: "ISR", personId: c.baram }],
    participants: [{ country: "IND", personId: c.singh, role: "Co-chair", attended: true }, { country: "ISR", personId: c.baram, role: "Co-chair", attended: true }],
  }));
  await updateMeeting(c.ind, await c.ind.get("meeting", m17), { status: "held" });
  await note(c.ind, "meeting.update", m17);
  await tx.insertInto("outcomes").values([
    { id: ulid(), meeting_id: m17, position: 1, text: "Memorandum of Understanding on defence cooperation signed: strategic dialogue, joint training, defence-industrial cooperation, and advanced technologies (AI, cyber security, R&D)." },
    { id: ulid(), meeting_id: m17, position: 2, text: "Both sides reviewed ongoing defence cooperation and agreed to explore co-development and co-production." },
  ]).execute();
  await note(c.ind, "meeting.outcomes", m17);
  await act("Illustrative: circulate the implementation plan for the MoU", m17, { country: "IND", personId: c.singh }, "2026-01-31");
  await act("Illustrative: nominate points of contact for AI and cyber security", m17, { country: "ISR", personId: c.baram }, "2026-02-28");
  await addMinutesVersion(c.ind, await c.ind.get("meeting", m17), "Illustrative minutes of the 17th JWG, Tel Aviv, 4 November 2025. The co-chairs welcomed the signing of the MoU and reviewed ongoing defence cooperation.");
  await note(c.ind, "meeting.minutes_version", m17);
  // India's co-chair has approved; Israel's approval would agree the minutes (try it as isr.cochair).
  await approveAs(tx, c.singh, m17);
  return { forum, m15, m17 };
}

/** The co-chair whose account stands for the person approves the latest version of the minutes. */
export async function approveAs(tx: Tx, personId: string, meetingId: string, version = 1): Promise<void> {
  const user = await tx.selectFrom("users").select("id").where("person_id", "=", personId).executeTakeFirstOrThrow();
  const chair = writerFor(tx, Scope.forUser((await loadViewer(tx, user.id))!));
  await approveMinutes(chair, await chair.get("meeting", meetingId), version);
  await note(chair, "meeting.minutes_approve", meetingId);
}

export async function note(w: Writer, action: string, target: string): Promise<void> {
  const rec = await w.get(null, target);
  await appendAudit(w.tx, { actor: w.viewer.id, action, target, marking: banner(rec.marking), outcome: "success", client: "seed", details: { seed: "demo" } });
}
