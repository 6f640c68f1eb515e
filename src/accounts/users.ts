// Loading users as viewers, and the account changes an administrator makes.
import { ulid } from "ulid";
import type { Rank } from "../domain/markings.ts";
import { AccordError, invalid } from "../domain/errors.ts";
import type { Viewer } from "../store/access.ts";
import type { Conn, Tx } from "../store/db.ts";
import { hashPassword, passwordProblem } from "./passwords.ts";
import { ROLES } from "../domain/roles.ts";
import { endAllSessions, revokeAllApiTokens } from "./sessions.ts";

export async function loadViewer(conn: Conn, userId: string): Promise<Viewer | null> {
  const u = await conn.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!u) return null;
  const [roles, comps] = await Promise.all([
    conn.selectFrom("user_roles").select("role").where("user_id", "=", userId).execute(),
    conn.selectFrom("user_compartments").select("compartment").where("user_id", "=", userId).execute(),
  ]);
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    nationality: u.nationality,
    clearance: u.clearance as Rank,
    compartments: comps.map((c) => c.compartment).sort(),
    roles: roles.map((r) => r.role).sort(),
    status: u.status,
    locale: u.locale,
    mfaEnabled: u.mfa_enabled === 1,
    personId: u.person_id,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  nationality: string;
  clearance: Rank;
  roles: string[];
  compartments: string[];
  organisationId?: string | null;
  personId?: string | null;
  locale?: string;
}

export async function insertUser(tx: Tx, u: NewUser): Promise<string> {
  const problem = passwordProblem(u.password);
  if (problem) throw invalid("password", "strength", problem);
  for (const r of u.roles) if (!(ROLES as readonly string[]).includes(r)) throw invalid("roles", "known_role", `unknown role ${r}`);
  if (!(await tx.selectFrom("countries").select("code").where("code", "=", u.nationality).executeTakeFirst())) {
    throw invalid("nationality", "known_country", `unknown country ${u.nationality}`);
  }
  if (await tx.selectFrom("users").select("id").where("username", "=", u.username).executeTakeFirst()) {
    throw new AccordError("conflict", `A user named ${u.username} exists already.`, [{ field: "username", rule: "unique", message: "is taken" }]);
  }
  await assertCompartments(tx, u.compartments);
  const id = ulid();
  const now = new Date().toISOString();
  await tx.insertInto("users").values({
    id,
    username: u.username,
    display_name: u.displayName,
    person_id: u.personId ?? null,
    nationality: u.nationality,
    organisation_id: u.organisationId ?? null,
    clearance: u.clearance,
    status: "active",
    password_hash: await hashPassword(u.password),
    mfa_secret: null,
    mfa_enabled: 0,
    locale: u.locale ?? "en",
    locked_until: null,
    created_at: now,
    updated_at: now,
  }).execute();
  if (u.roles.length) await tx.insertInto("user_roles").values(u.roles.map((role) => ({ user_id: id, role }))).execute();
  if (u.compartments.length) await tx.insertInto("user_compartments").values(u.compartments.map((compartment) => ({ user_id: id, compartment }))).execute();
  return id;
}

export async function assertCompartments(conn: Conn, codes: readonly string[]): Promise<void> {
  if (!codes.length) return;
  const known = new Set((await conn.selectFrom("compartments").select("code").where("code", "in", [...codes]).execute()).map((c) => c.code));
  for (const c of codes) if (!known.has(c)) throw invalid("compartments", "known_compartment", `unknown compartment ${c}`);
}

/** What ending an account's credentials took away: for the audit event. */
export interface Revoked {
  sessionsEnded: number;
  tokensRevoked: number;
}

/** Ends every session and revokes every API token: what a reset, lock or disable must do at once. */
export async function revokeCredentials(tx: Tx, userId: string): Promise<Revoked> {
  return { sessionsEnded: await endAllSessions(tx, userId), tokensRevoked: await revokeAllApiTokens(tx, userId) };
}

/** A locked or disabled account loses every session and API token at once (unlocking revives neither). */
export async function setStatus(tx: Tx, userId: string, status: "active" | "locked" | "disabled"): Promise<Revoked> {
  await tx.updateTable("users").set({ status, locked_until: null, updated_at: new Date().toISOString() }).where("id", "=", userId).execute();
  return status === "active" ? { sessionsEnded: 0, tokensRevoked: 0 } : revokeCredentials(tx, userId);
}

/** A new password ends every session and revokes every API token made under the old one. */
export async function setPassword(tx: Tx, userId: string, password: string): Promise<Revoked> {
  const problem = passwordProblem(password);
  if (problem) throw invalid("password", "strength", problem);
  return setPasswordHash(tx, userId, await hashPassword(password));
}

export async function setPasswordHash(tx: Tx, userId: string, hash: string): Promise<Revoked> {
  await tx.updateTable("users").set({ password_hash: hash, updated_at: new Date().toISOString() }).where("id", "=", userId).execute();
  return revokeCredentials(tx, userId);
}

export async function findUserId(conn: Conn, username: string): Promise<string> {
  const u = await conn.selectFrom("users").select("id").where("username", "=", username).executeTakeFirst();
  if (!u) throw new AccordError("not_found", `No user named ${username}.`);
  return u.id;
}
