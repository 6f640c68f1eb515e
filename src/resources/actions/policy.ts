// Action items: the secretariat (and programme managers) edit them; a member updates the
// actions they own, as the person who owns them; carrying one over edits the next meeting.
import { definePolicy, hasAnyRole, type Actor } from "../../domain/policy.ts";
import { meetingPolicy } from "../meetings/policy.ts";

export interface ActionFacts { status: "open" | "in_progress" | "done" | "dropped"; ownerPersonId: string | null }

const editors = ["secretariat", "programme"] as const;

/** The actor is, as a person, the action's owner. */
export const ownsAction = (a: Actor, f: ActionFacts) => a.personId !== null && a.personId === f.ownerPersonId;
const isOpen = (f: ActionFacts) => f.status === "open" || f.status === "in_progress";

export const actionPolicy = definePolicy<ActionFacts>()({
  editors,
  rules: {
    /** Progress and status: its editors, and its owner. */
    update: (a, f) => hasAnyRole(a, editors) || ownsAction(a, f),
    carryOver: (a, f): boolean => isOpen(f) && hasAnyRole(a, meetingPolicy.editors),
  },
});
