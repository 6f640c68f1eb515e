export const ROLES = ["admin", "secretariat", "member", "programme", "industry", "security_officer", "auditor", "analyst"] as const;
export const STATUSES = ["active", "locked", "disabled"] as const;
