// Programmes: programme managers and the secretariat edit those they may read; an industry user
// only those its own organisation is a partner of (SPEC 3.3).
import { definePolicy, hasAnyRole, type Actor } from "../../domain/policy.ts";

export interface ProgrammeFacts {
  partners: readonly string[];
  /** The organisation the actor works for, when an industry role makes it matter. */
  actorOrganisation: string | null;
}

const editors = ["programme", "industry", "secretariat"] as const;
/** Editing roles that are not limited to one's own organisation's programmes. */
const unlimited = ["programme", "secretariat"] as const;

/** Industry users are held to programmes their organisation is a partner of; other editors are not. */
export const mayEditProgramme = (a: Actor, f: ProgrammeFacts) =>
  hasAnyRole(a, unlimited) || (a.roles.includes("industry") && f.actorOrganisation !== null && f.partners.includes(f.actorOrganisation));

/** Whether the actor's organisation matters to what they may edit. */
export const heldToOrganisation = (a: Actor) => a.roles.includes("industry") && !hasAnyRole(a, unlimited);

export const programmePolicy = definePolicy<ProgrammeFacts>()({
  editors,
  // Asking for a release stays with the editing roles, as for every kind.
  rules: { edit: mayEditProgramme },
});
