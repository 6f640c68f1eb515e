// The last TOTP time step accepted per account, so a code cannot be used twice.
import type { Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("users").addColumn("mfa_last_step", "bigint").execute();
}
