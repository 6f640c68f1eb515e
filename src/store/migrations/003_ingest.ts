// Press-release ingestion (SPEC 2 "Source"): the source text, the analyst's draft of proposed
// records, and for every created record the spans of text that support each field.
import type { Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s.createTable("sources")
    .addColumn("id", "text", (c) => c.primaryKey().references("records.id"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("publisher", "text")
    .addColumn("url", "text")
    .addColumn("published", "text")
    .execute();
  await s.createTable("drafts")
    .addColumn("id", "text", (c) => c.primaryKey().references("records.id"))
    .addColumn("source_id", "text", (c) => c.notNull().references("sources.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("proposals", "text", (c) => c.notNull())
    .addColumn("outcome", "text")
    .execute();
  await s.createTable("record_sources")
    .addColumn("record_id", "text", (c) => c.notNull().references("records.id"))
    .addColumn("source_id", "text", (c) => c.notNull().references("sources.id"))
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("span_start", "integer")
    .addColumn("span_end", "integer")
    .addColumn("quote", "text")
    .addPrimaryKeyConstraint("record_sources_pk", ["record_id", "source_id", "field"])
    .execute();
  await s.createIndex("record_sources_source").on("record_sources").column("source_id").execute();
}
