// A counter that moves whenever anything a signed-in caller's identity is made of changes: a session
// ends or passes its second factor, an API token is revoked, a user's row, roles or compartments
// change. Servers cache sessions, tokens and viewers in process and trust the cache only while this
// counter (read with `access_generation`, in the one statement each request already makes) stands
// still: a revocation committed by any process, or by an operator's SQL, is seen by the next request
// everywhere. Triggers bump it, so no write path can forget to.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

/** The users columns a viewer or a sign-in depends on (not the TOTP step a sign-in moves). */
export const USER_IDENTITY_COLUMNS = ["username", "display_name", "person_id", "nationality", "organisation_id", "clearance", "status", "password_hash", "mfa_enabled", "locale", "locked_until"];

const WATCHED: [table: string, events: string[]][] = [
  ["sessions", ["delete", "update of mfa_passed, user_id, id_hash, expires_at"]],
  ["api_tokens", ["delete", "update of revoked_at, expires_at, scopes, user_id, token_hash"]],
  ["users", ["delete", `update of ${USER_IDENTITY_COLUMNS.join(", ")}`]],
  ["user_roles", ["insert", "update", "delete"]],
  ["user_compartments", ["insert", "update", "delete"]],
];

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.createTable("auth_generation")
    .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("n", "bigint", (c) => c.notNull())
    .execute();
  await db.insertInto("auth_generation").values({ id: 1, n: 0 }).execute();
  if (dialect === "postgres") {
    await sql`create function accord_bump_auth_generation() returns trigger language plpgsql as $$
      begin update auth_generation set n = n + 1 where id = 1; return null; end $$`.execute(db);
    for (const [table, events] of WATCHED) {
      await sql`create trigger ${sql.raw(`${table}_auth_generation`)} after ${sql.raw(events.join(" or "))} or truncate on ${sql.table(table)}
        for each statement execute function accord_bump_auth_generation()`.execute(db);
    }
  } else {
    for (const [table, events] of WATCHED) {
      for (const event of events) {
        const name = `${table}_${event.split(" ")[0]}_auth_generation`;
        await sql`create trigger ${sql.raw(name)} after ${sql.raw(event)} on ${sql.table(table)}
          begin update auth_generation set n = n + 1 where id = 1; end`.execute(db);
      }
    }
  }
}
