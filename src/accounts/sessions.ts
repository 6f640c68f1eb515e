// Sessions and API tokens live in the database, so any server process can serve any request.
import { ulid } from "ulid";
import type { Conn, Db } from "../store/db.ts";
import { newSecret, sha256 } from "./secrets.ts";

export const SESSION_COOKIE = "accord_session";
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** A session's last use is written at most this often: keeps reads from turning into writes. */
export const SESSION_TOUCH_MS = 60_000;

export interface SessionRow {
  userId: string;
  csrfToken: string;
  mfaPassed: boolean;
  /** When the session ends regardless of use, and when its last use was written (ms since the epoch). */
  expiresAt: number;
  lastSeenAt: number;
}

export async function createSession(conn: Conn, userId: string, mfaPassed: boolean, client: string): Promise<{ token: string; csrfToken: string }> {
  const token = newSecret();
  const csrfToken = newSecret(24);
  const now = Date.now();
  await conn.insertInto("sessions").values({
    id_hash: sha256(token),
    user_id: userId,
    csrf_token: csrfToken,
    mfa_passed: mfaPassed ? 1 : 0,
    created_at: new Date(now).toISOString(),
    last_seen_at: new Date(now).toISOString(),
    expires_at: new Date(now + ABSOLUTE_MS).toISOString(),
    client,
  }).execute();
  return { token, csrfToken };
}

export async function findSession(db: Db, token: string): Promise<SessionRow | null> {
  const row = await db.selectFrom("sessions").selectAll().where("id_hash", "=", sha256(token)).executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  if (Date.parse(row.expires_at) < now || Date.parse(row.last_seen_at) + SESSION_IDLE_MS < now) {
    await db.deleteFrom("sessions").where("id_hash", "=", row.id_hash).execute();
    return null;
  }
  let lastSeenAt = Date.parse(row.last_seen_at);
  if (lastSeenAt + SESSION_TOUCH_MS < now) {
    await db.updateTable("sessions").set({ last_seen_at: new Date(now).toISOString() }).where("id_hash", "=", row.id_hash).execute();
    lastSeenAt = now;
  }
  return { userId: row.user_id, csrfToken: row.csrf_token, mfaPassed: row.mfa_passed === 1, expiresAt: Date.parse(row.expires_at), lastSeenAt };
}

export async function markMfaPassed(conn: Conn, token: string): Promise<void> {
  await conn.updateTable("sessions").set({ mfa_passed: 1 }).where("id_hash", "=", sha256(token)).execute();
}

export async function endSession(conn: Conn, token: string): Promise<void> {
  await conn.deleteFrom("sessions").where("id_hash", "=", sha256(token)).execute();
}

export async function endAllSessions(conn: Conn, userId: string): Promise<number> {
  const res = await conn.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export const TOKEN_SCOPES = ["read", "write", "audit", "admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export async function createApiToken(conn: Conn, userId: string, name: string, scopes: TokenScope[], expiresAt: string | null) {
  const id = ulid();
  const token = `acc_${newSecret()}`;
  await conn.insertInto("api_tokens").values({
    id, user_id: userId, name, token_hash: sha256(token), scopes: JSON.stringify(scopes),
    created_at: new Date().toISOString(), expires_at: expiresAt, revoked_at: null, last_used_at: null,
  }).execute();
  return { id, token };
}

export async function findApiToken(db: Db, token: string): Promise<{ userId: string; scopes: TokenScope[]; expiresAt: number | null } | null> {
  const row = await db.selectFrom("api_tokens").selectAll().where("token_hash", "=", sha256(token)).executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && Date.parse(row.expires_at) < Date.now())) return null;
  return { userId: row.user_id, scopes: JSON.parse(row.scopes) as TokenScope[], expiresAt: row.expires_at ? Date.parse(row.expires_at) : null };
}

/** Revokes every live token of a user; the number revoked. */
export async function revokeAllApiTokens(conn: Conn, userId: string, now = new Date()): Promise<number> {
  const res = await conn.updateTable("api_tokens").set({ revoked_at: now.toISOString() }).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function revokeApiToken(conn: Conn, userId: string, id: string): Promise<boolean> {
  const res = await conn.updateTable("api_tokens").set({ revoked_at: new Date().toISOString() })
    .where("id", "=", id).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
