// Meetings: the secretariat prepares and records them; a co-chair of each member country agrees
// the minutes (SPEC 2). The facts are the meeting's own rows, so the rule needs no further read.
import { definePolicy, hasAnyRole, type Actor } from "../../domain/policy.ts";
import { actionPolicy } from "../actions/policy.ts";

export interface MeetingFacts {
  status: "planned" | "held" | "minutes_agreed";
  latestVersion: number | null;
  /** Countries that approved the latest version. */
  approvedBy: readonly string[];
  coChairs: readonly { country: string; personId: string }[];
  /** Its first day has come (a meeting is held on or after it; one with no date has not started). */
  started: boolean;
  /** Any version of its minutes has an approval: then "held" is no longer undone. */
  anyApproval: boolean;
}

const editors = ["secretariat"] as const;
const editor = (a: Actor) => hasAnyRole(a, editors);

/** The actor is, as a person, this meeting's co-chair for their own country. */
export const isCoChair = (a: Actor, f: MeetingFacts) => a.personId !== null && f.coChairs.some((c) => c.country === a.nationality && c.personId === a.personId);

/** Today as a calendar date (UTC), the day a meeting's first day is compared with. */
export const todayDate = (now = new Date()) => now.toISOString().slice(0, 10);

/** Whether a meeting starting on `dateStart` has started by `today`. */
export const hasStarted = (dateStart: string | null, today = todayDate()) => dateStart !== null && dateStart <= today;

export const meetingPolicy = definePolicy<MeetingFacts>()({
  editors,
  rules: {
    /** Only once its first day has come: a future meeting is never shown as held. */
    markHeld: (a, f) => editor(a) && f.status === "planned" && f.started,
    /** Back to planned (marked held by mistake), until a co-chair has approved its minutes. */
    undoHeld: (a, f) => editor(a) && f.status === "held" && !f.anyApproval,
    /** Minutes may be drafted before the meeting; after agreement a change is a new version. */
    writeMinutes: (a) => editor(a),
    /** The latest version, for the actor's country, once: only the co-chair for that country. */
    approve: (a, f) => isCoChair(a, f) && f.status === "held" && f.latestVersion !== null && !f.approvedBy.includes(a.nationality),
    /** Record an action raised at the meeting. */
    addAction: (a): boolean => hasAnyRole(a, actionPolicy.editors),
  },
});
