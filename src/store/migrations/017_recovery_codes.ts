// Single-use recovery codes for accounts with a second factor (issue 14): stored as SHA-256 of
// 80-bit random codes, like session and token secrets; a code is spent by setting used_at.
import type { Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.createTable("recovery_codes")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addPrimaryKeyConstraint("recovery_codes_pk", ["user_id", "code_hash"])
    .execute();
}
