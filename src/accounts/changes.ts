// Account changes and the two-person rule (SPEC 3.3, issue 11). Nobody changes their own
// clearance, compartments, nationality, roles or status. Taking access away is immediate; granting
// it takes two people: an administrator asks, and a security officer of the user's nationality
// approves or refuses. So an administrator can never hold content access, through their own account
// or one they made or took over, beyond what a security officer granted. What waits for approval:
//   - a higher clearance, an added compartment, an added oversight role (security officer, administrator);
//   - a new account's clearance, compartments and oversight roles (it starts with none of them);
//   - an administrator's reset of the password of an account that holds access and has no second
//     factor (whoever sets a password could otherwise sign in as its holder).
import { ulid } from "ulid";
import { AccordError } from "../domain/errors.ts";
import { LEVELS, type Rank } from "../domain/markings.ts";
import type { Viewer } from "../store/access.ts";
import type { Conn, Tx } from "../store/db.ts";
import { assertCompartments, setPasswordHash, setStatus, type Revoked } from "./users.ts";

/** Roles that decide for others: granting one needs a security officer's approval. */
export const OVERSIGHT_ROLES: readonly string[] = ["security_officer", "admin"];

/** What an approval would add. Each part only ever adds access. */
export interface Grants {
  clearance?: { from: Rank; to: Rank };
  compartments?: string[];
  roles?: string[];
  password?: true;
}

/** The fields of an account an administrator may ask to change. */
export interface AccountPatch {
  displayName?: string | undefined;
  locale?: string | undefined;
  clearance?: Rank | undefined;
  compartments?: string[] | undefined;
  roles?: string[] | undefined;
  status?: "active" | "locked" | "disabled" | undefined;
}

/** A patch split into what takes effect at once and what must wait for a security officer. */
export interface Plan {
  now: {
    displayName?: string;
    locale?: string;
    clearance?: Rank;
    removeCompartments: string[];
    removeRoles: string[];
    addRoles: string[];
    status?: "active" | "locked" | "disabled";
  };
  grants: Grants | null;
}

const SELF_FIELDS = ["clearance", "compartments", "roles", "status"] as const;

/** Refuses a change to one's own access, whatever the values (even unchanged ones). */
export function assertNotSelf(actorId: string, targetId: string, patch: Partial<Record<(typeof SELF_FIELDS)[number] | "nationality", unknown>>): void {
  if (actorId !== targetId) return;
  const touched = [...SELF_FIELDS, "nationality" as const].filter((f) => patch[f] !== undefined);
  if (touched.length) throw new AccordError("forbidden", `Nobody changes their own ${touched.join(", ")}: ask another administrator.`);
}

export function planChange(current: Pick<Viewer, "clearance" | "compartments" | "roles" | "status">, patch: AccountPatch): Plan {
  const grants: Grants = {};
  const now: Plan["now"] = { removeCompartments: [], removeRoles: [], addRoles: [] };
  if (patch.displayName !== undefined) now.displayName = patch.displayName;
  if (patch.locale !== undefined) now.locale = patch.locale;
  if (patch.status !== undefined && patch.status !== current.status) now.status = patch.status;
  if (patch.clearance !== undefined) {
    if (patch.clearance < current.clearance) now.clearance = patch.clearance;
    else if (patch.clearance > current.clearance) grants.clearance = { from: current.clearance, to: patch.clearance };
  }
  if (patch.compartments !== undefined) {
    const wanted = new Set(patch.compartments);
    now.removeCompartments = current.compartments.filter((c) => !wanted.has(c));
    const added = [...wanted].filter((c) => !current.compartments.includes(c)).sort();
    if (added.length) grants.compartments = added;
  }
  if (patch.roles !== undefined) {
    const wanted = new Set(patch.roles);
    now.removeRoles = current.roles.filter((r) => !wanted.has(r));
    const added = [...wanted].filter((r) => !current.roles.includes(r)).sort();
    now.addRoles = added.filter((r) => !OVERSIGHT_ROLES.includes(r));
    const oversight = added.filter((r) => OVERSIGHT_ROLES.includes(r));
    if (oversight.length) grants.roles = oversight;
  }
  return { now, grants: Object.keys(grants).length ? grants : null };
}

/** Applies the immediate part of a plan (never a grant of access). */
export async function applyNow(tx: Tx, userId: string, now: Plan["now"]): Promise<Revoked | null> {
  const set: Record<string, unknown> = {};
  if (now.displayName !== undefined) set.display_name = now.displayName;
  if (now.locale !== undefined) set.locale = now.locale;
  if (now.clearance !== undefined) set.clearance = now.clearance;
  if (Object.keys(set).length) await tx.updateTable("users").set({ ...set, updated_at: new Date().toISOString() }).where("id", "=", userId).execute();
  if (now.removeCompartments.length) await tx.deleteFrom("user_compartments").where("user_id", "=", userId).where("compartment", "in", now.removeCompartments).execute();
  if (now.removeRoles.length) await tx.deleteFrom("user_roles").where("user_id", "=", userId).where("role", "in", now.removeRoles).execute();
  if (now.addRoles.length) await tx.insertInto("user_roles").values(now.addRoles.map((role) => ({ user_id: userId, role }))).execute();
  return now.status !== undefined ? setStatus(tx, userId, now.status) : null;
}

export async function pendingChangeOf(conn: Conn, userId: string): Promise<string | null> {
  const row = await conn.selectFrom("account_changes").select("id").where("user_id", "=", userId).where("status", "=", "pending").executeTakeFirst();
  return row?.id ?? null;
}

const ONE_PENDING = "A change to this account awaits a security officer's decision: withdraw it or wait for the decision first.";

/** A unique index violation, as either store reports it. */
const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string };
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE";
};

/** Opens a pending change; one at a time per account, so a decision is never about a stale picture. */
export async function requestChange(tx: Tx, r: { userId: string; requestedBy: string; grants: Grants; passwordHash?: string; reason?: string | null }): Promise<string> {
  if (await pendingChangeOf(tx, r.userId)) throw new AccordError("conflict", ONE_PENDING);
  if (r.grants.compartments) await assertCompartments(tx, r.grants.compartments);
  const id = ulid();
  try {
    await tx.insertInto("account_changes").values({
      id, user_id: r.userId, requested_by: r.requestedBy, reason: r.reason ?? null, grants: JSON.stringify(r.grants),
      password_hash: r.passwordHash ?? null, status: "pending", decided_by: null, decided_at: null, decision_note: null, created_at: new Date().toISOString(),
    }).execute();
  } catch (err) {
    // Another administrator's request for the same account committed first (the unique index).
    if (isUniqueViolation(err)) throw new AccordError("conflict", ONE_PENDING);
    throw err;
  }
  return id;
}

/** Why this officer may not decide this change, or null if they may. `approve` adds the limits of granting. */
export function refusalToDecide(officer: Viewer, target: { id: string; nationality: string }, change: { requested_by: string; grants: Grants }, approve: boolean): string | null {
  if (!officer.roles.includes("security_officer")) return "Only a security officer decides account changes.";
  if (officer.nationality !== target.nationality) return `Only a security officer of ${target.nationality} decides changes to this account.`;
  if (officer.id === target.id) return "Nobody decides a change to their own account.";
  if (officer.id === change.requested_by) return "Nobody decides a change they asked for.";
  if (approve) {
    const g = change.grants;
    if (g.clearance && g.clearance.to > officer.clearance) return `You may not grant more than your own clearance (${LEVELS[officer.clearance]}).`;
    const missing = (g.compartments ?? []).filter((c) => !officer.compartments.includes(c));
    if (missing.length) return `You may not grant compartments you do not hold (${missing.join(", ")}).`;
  }
  return null;
}

export interface Decision {
  status: "approved" | "refused";
  revoked: Revoked | null;
}

/** Decides a pending change for `officer`; approving applies its grants in the same transaction. */
export async function decideChange(tx: Tx, officer: Viewer, id: string, decision: "approve" | "refuse", note: string | null): Promise<Decision> {
  const change = await tx.selectFrom("account_changes").selectAll().where("id", "=", id).executeTakeFirst();
  if (!change) throw new AccordError("not_found", "No such account change.");
  const target = await tx.selectFrom("users").select(["id", "nationality"]).where("id", "=", change.user_id).executeTakeFirstOrThrow();
  const grants = JSON.parse(change.grants) as Grants;
  const why = refusalToDecide(officer, target, { requested_by: change.requested_by, grants }, decision === "approve");
  if (why) throw new AccordError("forbidden", why);
  if (change.status !== "pending") throw new AccordError("conflict", `This change was ${change.status} already.`);
  const status = decision === "approve" ? "approved" : "refused";
  const claimed = await tx.updateTable("account_changes")
    .set({ status, decided_by: officer.id, decided_at: new Date().toISOString(), decision_note: note, password_hash: null })
    .where("id", "=", id).where("status", "=", "pending").executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new AccordError("conflict", "This change was decided meanwhile.");
  const revoked = status === "approved" ? await applyGrants(tx, change.user_id, grants, change.password_hash) : null;
  return { status, revoked };
}

async function applyGrants(tx: Tx, userId: string, g: Grants, passwordHash: string | null): Promise<Revoked | null> {
  if (g.clearance) await tx.updateTable("users").set({ clearance: g.clearance.to, updated_at: new Date().toISOString() }).where("id", "=", userId).execute();
  const add = async (table: "user_compartments" | "user_roles", column: "compartment" | "role", values: string[] | undefined) => {
    if (!values?.length) return;
    const held = new Set((await tx.selectFrom(table).select(column as "role").where("user_id", "=", userId).execute()).map((r) => r.role));
    const fresh = values.filter((v) => !held.has(v));
    if (fresh.length) await tx.insertInto(table).values(fresh.map((v) => ({ user_id: userId, [column]: v }) as never)).execute();
  };
  await add("user_compartments", "compartment", g.compartments);
  await add("user_roles", "role", g.roles);
  if (g.password && passwordHash) return setPasswordHash(tx, userId, passwordHash);
  return null;
}

/** The asker, or any administrator, may withdraw a pending change. */
export async function withdrawChange(tx: Tx, actor: Viewer, id: string): Promise<void> {
  const change = await tx.selectFrom("account_changes").select(["requested_by", "status"]).where("id", "=", id).executeTakeFirst();
  if (!change) throw new AccordError("not_found", "No such account change.");
  if (change.requested_by !== actor.id && !actor.roles.includes("admin")) throw new AccordError("forbidden", "Only the administrator who asked, or another administrator, may withdraw this change.");
  if (change.status !== "pending") throw new AccordError("conflict", `This change was ${change.status} already.`);
  await tx.updateTable("account_changes").set({ status: "withdrawn", decided_by: actor.id, decided_at: new Date().toISOString(), password_hash: null })
    .where("id", "=", id).where("status", "=", "pending").execute();
}

/** An administrator's password reset must wait when whoever sets it could then sign in with the account's access. */
export function resetNeedsApproval(target: Pick<Viewer, "clearance" | "compartments" | "roles" | "mfaEnabled">): boolean {
  const holdsAccess = target.clearance > 0 || target.compartments.length > 0 || target.roles.some((r) => OVERSIGHT_ROLES.includes(r));
  return holdsAccess && !target.mfaEnabled;
}
