// Roles (SPEC 3.3) and which record kinds each may create or edit. Reading is never a role
// matter: it follows markings alone, for every role including admin.
export const ROLES = ["admin", "secretariat", "member", "programme", "industry", "security_officer", "auditor", "analyst"] as const;
export type Role = (typeof ROLES)[number];

export type Kind = "organisation" | "person" | "agreement" | "document" | "forum" | "meeting" | "action" | "engagement" | "programme" | "source" | "draft";

const EDITORS: Record<Kind, readonly Role[]> = {
  organisation: ["secretariat", "analyst", "security_officer", "programme"],
  person: ["secretariat", "analyst", "security_officer"],
  agreement: ["secretariat", "analyst"],
  document: ["secretariat", "analyst", "programme", "industry", "security_officer"],
  forum: ["secretariat"],
  meeting: ["secretariat"],
  // Members update the actions they own: checked against ownership where actions are edited.
  action: ["secretariat", "programme"],
  engagement: ["secretariat", "analyst"],
  // Industry users edit only their organisation's programmes: checked where programmes are edited.
  programme: ["programme", "industry", "secretariat"],
  source: ["analyst", "secretariat"],
  draft: ["analyst", "secretariat"],
};

export function mayEdit(roles: readonly string[], kind: Kind): boolean {
  return EDITORS[kind].some((r) => roles.includes(r));
}

export const hasRole = (roles: readonly string[], role: Role) => roles.includes(role);
