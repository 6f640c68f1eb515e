// Recovery codes: ten single-use codes shown once when a second factor is enrolled (or the codes
// are regenerated), each usable instead of an authenticator code exactly once. Only their SHA-256
// is stored: each code holds 80 random bits, too many to try offline, as with session secrets.
import { randomInt } from "node:crypto";
import type { Conn, Tx } from "../store/db.ts";
import { sha256 } from "./secrets.ts";

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base 32: no I, L, O or U, so nothing reads as another character.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 16;

/** A new code, shown as four groups of four: `7K2D-QX9M-…`. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join("")).join("-");
}

/**
 * The code as typed, made canonical: case, spaces and dashes do not matter, and the letters
 * people confuse with digits are read as those digits (Crockford's rule). Null if it cannot be a code.
 */
export function canonicalRecoveryCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (s.length !== LENGTH || [...s].some((ch) => !ALPHABET.includes(ch))) return null;
  return s;
}

const hashOf = (canonical: string) => sha256(`accord-recovery:${canonical}`);

/** Replaces every code of the user (used or not) with ten new ones, returned once for showing. */
export async function replaceRecoveryCodes(tx: Tx, userId: string, now = new Date()): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await tx.insertInto("recovery_codes")
    .values(codes.map((c) => ({ user_id: userId, code_hash: hashOf(canonicalRecoveryCode(c)!), created_at: now.toISOString(), used_at: null })))
    .execute();
  return codes;
}

/** True if the code is one of the user's unused codes; never true twice for one code, even racing. */
export async function hasRecoveryCode(conn: Conn, userId: string, typed: string): Promise<boolean> {
  const canonical = canonicalRecoveryCode(typed);
  if (!canonical) return false;
  const row = await conn.selectFrom("recovery_codes").select("used_at").where("user_id", "=", userId).where("code_hash", "=", hashOf(canonical)).executeTakeFirst();
  return Boolean(row && row.used_at === null);
}

/** Spends the code; false if it was spent meanwhile (of two sign-ins racing with one code, one wins). */
export async function spendRecoveryCode(tx: Tx, userId: string, typed: string, now = new Date()): Promise<boolean> {
  const canonical = canonicalRecoveryCode(typed);
  if (!canonical) return false;
  const res = await tx.updateTable("recovery_codes").set({ used_at: now.toISOString() })
    .where("user_id", "=", userId).where("code_hash", "=", hashOf(canonical)).where("used_at", "is", null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function recoveryCodesLeft(conn: Conn, userId: string): Promise<number> {
  const row = await conn.selectFrom("recovery_codes").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", userId).where("used_at", "is", null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function removeRecoveryCodes(tx: Tx, userId: string): Promise<void> {
  await tx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
}
