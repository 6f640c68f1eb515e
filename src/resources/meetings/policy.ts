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
}

const editors = ["secretariat"] as const;
const editor = (a: Actor) => hasAnyRole(a, editors);

/** The actor is, as a person, this meeting's co-chair for their own country. */
export const isCoChair = (a: Actor, f: MeetingFacts) => a.personId !== null && f.coChairs.some((c) => c.country === a.nationality && c.personId === a.personId);

export const meetingPolicy = definePolicy<MeetingFacts>()({
  editors,
  rules: {
    markHeld: (a, f) => editor(a) && f.status === "planned",
    writeMinutes: (a, f) => editor(a) && f.status !== "planned",
    /** The latest version, for the actor's country, once: only the co-chair for that country. */
    approve: (a, f) => isCoChair(a, f) && f.status === "held" && f.latestVersion !== null && !f.approvedBy.includes(a.nationality),
    /** Record an action raised at the meeting. */
    addAction: (a): boolean => hasAnyRole(a, actionPolicy.editors),
  },
});
