// Factories for test data. Users are inserted directly (a fixed Argon2id hash computed once)
// and given a session, so suites with hundreds of users stay fast.
import { ulid } from "ulid";
import { hashPassword } from "../accounts/passwords.ts";
import { createSession } from "../accounts/sessions.ts";
import type { Rank } from "../domain/markings.ts";
import type { Db } from "../store/db.ts";
import type { Caller } from "./harness.ts";

export const TEST_PASSWORD = "correct horse battery staple";
let hashed: Promise<string> | undefined;

export interface UserSpec {
  username?: string;
  nationality?: string;
  clearance?: Rank;
  roles?: string[];
  compartments?: string[];
  status?: "active" | "locked" | "disabled";
  /** The person record this user is (co-chairs approve minutes as persons). */
  personId?: string | null;
}

export async function buildUser(db: Db, spec: UserSpec = {}): Promise<Caller & { spec: Required<Omit<UserSpec, "personId">> }> {
  hashed ??= hashPassword(TEST_PASSWORD);
  const id = ulid();
  const full: Required<Omit<UserSpec, "personId">> = {
    username: spec.username ?? `user-${id.slice(-8).toLowerCase()}`,
    nationality: spec.nationality ?? "IND",
    clearance: spec.clearance ?? 2,
    roles: spec.roles ?? ["secretariat"],
    compartments: spec.compartments ?? [],
    status: spec.status ?? "active",
  };
  const now = new Date().toISOString();
  await db.insertInto("users").values({
    id, username: full.username, display_name: full.username, person_id: spec.personId ?? null, nationality: full.nationality, organisation_id: null,
    clearance: full.clearance, status: full.status, password_hash: await hashed, mfa_secret: null, mfa_enabled: 0, locale: "en",
    locked_until: null, created_at: now, updated_at: now,
  }).execute();
  if (full.roles.length) await db.insertInto("user_roles").values(full.roles.map((role) => ({ user_id: id, role }))).execute();
  if (full.compartments.length) await db.insertInto("user_compartments").values(full.compartments.map((compartment) => ({ user_id: id, compartment }))).execute();
  const s = await createSession(db, id, true, "127.0.0.1");
  return { userId: id, cookie: s.token, csrf: s.csrfToken, spec: full };
}
