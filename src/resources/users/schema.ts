// Accounts and account changes as the API shows them: one schema gives validation, types and OpenAPI.
import { z } from "zod";
import { countryCode, compartmentCode, LEVELS } from "../../domain/markings.ts";
import { ROLES } from "../../domain/roles.ts";

const Locale = z.enum(["en", "hi", "he"]);
const Reason = z.string().trim().min(1).max(2000).describe("why: shown to the security officer who decides");

export const UserIn = z.strictObject({
  username: z.string().regex(/^[a-z0-9._-]{3,40}$/, "must be 3-40 lower-case letters, digits, '.', '_' or '-'"),
  displayName: z.string().trim().min(1).max(200),
  password: z.string().min(12).max(200),
  nationality: countryCode,
  clearance: z.enum(LEVELS).describe("asked for: the account starts UNCLASSIFIED until a security officer approves"),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  compartments: z.array(compartmentCode).max(50).default([]).describe("asked for: granted when a security officer approves"),
  locale: Locale.default("en"),
  reason: Reason.optional(),
});
export type UserIn = z.infer<typeof UserIn>;

export const UserPatch = z.strictObject({
  displayName: z.string().trim().min(1).max(200).optional(),
  clearance: z.enum(LEVELS).optional().describe("lower: at once; higher: waits for a security officer's approval"),
  roles: z.array(z.enum(ROLES)).max(ROLES.length).optional().describe("removals and ordinary roles at once; security_officer and admin wait for approval"),
  compartments: z.array(compartmentCode).max(50).optional().describe("removals at once; additions wait for approval"),
  status: z.enum(["active", "locked", "disabled"]).optional().describe("locking or disabling ends sessions and revokes API tokens"),
  locale: Locale.optional(),
  nationality: countryCode.optional().describe("always refused: nationality is fixed when the account is made"),
  reason: Reason.optional(),
});
export type UserPatch = z.infer<typeof UserPatch>;

export const PasswordReset = z.strictObject({ password: z.string().min(12).max(200), reason: Reason.optional() });

const UserRef = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

export const GrantsOut = z.object({
  clearance: z.object({ from: z.enum(LEVELS), to: z.enum(LEVELS) }).optional(),
  compartments: z.array(z.string()).optional(),
  roles: z.array(z.string()).optional(),
  password: z.literal(true).optional().describe("a password reset (the new password is never shown)"),
});

export const AccountChangeOut = z.object({
  id: z.string(),
  user: UserRef.extend({ nationality: z.string() }),
  requestedBy: UserRef,
  reason: z.string().nullable(),
  grants: GrantsOut,
  status: z.enum(["pending", "approved", "refused", "withdrawn"]),
  decidedBy: UserRef.nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  mayApprove: z.boolean().describe("the caller may approve it"),
  mayRefuse: z.boolean().describe("the caller may refuse it"),
  mayWithdraw: z.boolean(),
});

export const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  nationality: z.string(),
  clearance: z.enum(LEVELS),
  roles: z.array(z.string()),
  compartments: z.array(z.string()),
  status: z.enum(["active", "locked", "disabled"]),
  locale: z.string(),
  mfaEnabled: z.boolean(),
  pendingChange: AccountChangeOut.nullable().describe("what awaits a security officer's decision"),
});

export const ChangesQuery = z.strictObject({
  status: z.enum(["pending", "approved", "refused", "withdrawn"]).optional(),
  userId: z.string().max(40).optional(),
});

export const DecisionIn = z.strictObject({ decision: z.enum(["approve", "refuse"]), note: z.string().trim().max(2000).optional() });
