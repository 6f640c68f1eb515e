// The platform core: reference data, markings, accounts, records, registry entities,
// documents, releases and the audit chain. Runs unchanged on SQLite and PostgreSQL.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const s = db.schema;
  const blob = dialect === "postgres" ? sql`bytea` : sql`blob`;

  await s.createTable("countries")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_native", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createTable("classification_levels")
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("rank", "integer", (c) => c.notNull().check(sql`rank between 0 and 4`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("native_name", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("classification_levels_pk", ["country", "rank"])
    .execute();
  await s.createTable("level_equivalences")
    .addColumn("from_country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("from_rank", "integer", (c) => c.notNull().check(sql`from_rank between 0 and 4`))
    .addColumn("to_country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("to_rank", "integer", (c) => c.notNull().check(sql`to_rank between 0 and 4`))
    .addPrimaryKeyConstraint("level_equivalences_pk", ["from_country", "from_rank", "to_country"])
    .execute();
  await s.createTable("compartments")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  // Markings are interned values: thousands of distinct markings serve millions of records,
  // so the read rule is evaluated over this small table and records are matched by id.
  await s.createTable("markings")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("cls", "integer", (c) => c.notNull().check(sql`cls between 0 and 4`))
    .addColumn("originator", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("rel_all", "integer", (c) => c.notNull().check(sql`rel_all in (0, 1)`))
    .execute();
  await s.createTable("marking_countries")
    .addColumn("marking_id", "text", (c) => c.notNull().references("markings.id"))
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    .addPrimaryKeyConstraint("marking_countries_pk", ["marking_id", "country"])
    .execute();
  await s.createTable("marking_compartments")
    .addColumn("marking_id", "text", (c) => c.notNull().references("markings.id"))
    .addColumn("compartment", "text", (c) => c.notNull().references("compartments.code"))
    .addPrimaryKeyConstraint("marking_compartments_pk", ["marking_id", "compartment"])
    .execute();

  await s.createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("person_id", "text")
    .addColumn("nationality", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("organisation_id", "text")
    .addColumn("clearance", "integer", (c) => c.notNull().check(sql`clearance between 0 and 4`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('active', 'locked', 'disabled')`))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("mfa_secret", "text")
    .addColumn("mfa_enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("en"))
    .addColumn("locked_until", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await s.createTable("user_roles")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("role", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_roles_pk", ["user_id", "role"])
    .execute();
  await s.createTable("user_compartments")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("compartment", "text", (c) => c.notNull().references("compartments.code"))
    .addPrimaryKeyConstraint("user_compartments_pk", ["user_id", "compartment"])
    .execute();
  await s.createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("mfa_passed", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("client", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("sessions_user").on("sessions").column("user_id").execute();
  await s.createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .addColumn("revoked_at", "text")
    .addColumn("last_used_at", "text")
    .execute();
  await s.createTable("signin_attempts")
    .addColumn("id", dialect === "postgres" ? "serial" : "integer", (c) =>
      dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("ok", "integer", (c) => c.notNull())
    .execute();
  await s.createIndex("signin_attempts_subject_at").on("signin_attempts").columns(["subject", "at"]).execute();

  await s.createTable("records")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("marking_id", "text", (c) => c.notNull().references("markings.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();
  // Broad readers walk (kind, created_at); narrow readers jump by (marking, kind, created_at).
  await s.createIndex("records_kind_created").on("records").columns(["kind", "created_at", "id"]).execute();
  await s.createIndex("records_marking_kind_created").on("records").columns(["marking_id", "kind", "created_at", "id"]).execute();
  await s.createIndex("records_kind_title").on("records").columns(["kind", "title", "id"]).execute();
  await s.createTable("record_versions")
    .addColumn("record_id", "text", (c) => c.notNull().references("records.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("marking_id", "text", (c) => c.notNull().references("markings.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("record_versions_pk", ["record_id", "version"])
    .execute();
  await s.createTable("search_docs")
    .addColumn("record_id", "text", (c) => c.primaryKey().references("records.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .execute();
  if (dialect === "postgres") {
    await sql`alter table search_docs add column tsv tsvector generated always as (to_tsvector('simple', body)) stored`.execute(db);
    await sql`create index search_docs_tsv on search_docs using gin (tsv)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(body, content='search_docs', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`create trigger search_docs_ai after insert on search_docs begin insert into search_fts(rowid, body) values (new.rowid, new.body); end`.execute(db);
    await sql`create trigger search_docs_ad after delete on search_docs begin insert into search_fts(search_fts, rowid, body) values ('delete', old.rowid, old.body); end`.execute(db);
    await sql`create trigger search_docs_au after update on search_docs begin insert into search_fts(search_fts, rowid, body) values ('delete', old.rowid, old.body); insert into search_fts(rowid, body) values (new.rowid, new.body); end`.execute(db);
  }

  await s.createTable("cooperation_areas")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_hi", "text", (c) => c.notNull())
    .addColumn("name_he", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createTable("organisations")
    .addColumn("id", "text", (c) => c.primaryKey().references("records.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("aliases", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("org_kind", "text", (c) => c.notNull())
    .addColumn("parent_id", "text", (c) => c.references("records.id"))
    .execute();
  await s.createTable("people")
    .addColumn("id", "text", (c) => c.primaryKey().references("records.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    .execute();
  await s.createTable("person_titles")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("person_id", "text", (c) => c.notNull().references("people.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("organisation_id", "text", (c) => c.references("records.id"))
    .addColumn("from_date", "text")
    .addColumn("to_date", "text")
    .execute();
  await s.createIndex("person_titles_person").on("person_titles").column("person_id").execute();

  await s.createTable("agreements")
    .addColumn("id", "text", (c) => c.primaryKey().references("records.id"))
    .addColumn("agreement_kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("signed_on", "text")
    .addColumn("signed_at", "text")
    .addColumn("signed_during", "text", (c) => c.references("records.id"))
    .addColumn("valid_from", "text")
    .addColumn("valid_to", "text")
    .addColumn("validity_years", "integer")
    .addColumn("renewal_terms", "text")
    .execute();
  await s.createTable("agreement_parties")
    .addColumn("agreement_id", "text", (c) => c.notNull().references("agreements.id"))
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("organisation_id", "text", (c) => c.references("records.id"))
    .execute();
  await s.createIndex("agreement_parties_agreement").on("agreement_parties").column("agreement_id").execute();
  await s.createTable("agreement_signatories")
    .addColumn("agreement_id", "text", (c) => c.notNull().references("agreements.id"))
    .addColumn("person_id", "text", (c) => c.notNull().references("records.id"))
    .addPrimaryKeyConstraint("agreement_signatories_pk", ["agreement_id", "person_id"])
    .execute();
  await s.createTable("agreement_areas")
    .addColumn("agreement_id", "text", (c) => c.notNull().references("agreements.id"))
    .addColumn("area", "text", (c) => c.notNull().references("cooperation_areas.code"))
    .addPrimaryKeyConstraint("agreement_areas_pk", ["agreement_id", "area"])
    .execute();

  await s.createTable("blobs")
    .addColumn("hash", "text", (c) => c.primaryKey())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("content", blob, (c) => c.notNull())
    .execute();
  await s.createTable("documents")
    .addColumn("id", "text", (c) => c.primaryKey().references("records.id"))
    .addColumn("doc_kind", "text", (c) => c.notNull())
    .addColumn("attached_to", "text", (c) => c.references("records.id"))
    .addColumn("current_version", "integer", (c) => c.notNull())
    .execute();
  await s.createIndex("documents_attached").on("documents").column("attached_to").execute();
  await s.createTable("document_versions")
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull().references("blobs.hash"))
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull())
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("document_versions_pk", ["document_id", "version"])
    .execute();

  await s.createTable("release_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("record_id", "text", (c) => c.notNull().references("records.id"))
    .addColumn("requested_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("from_marking_id", "text", (c) => c.notNull().references("markings.id"))
    .addColumn("to_marking_id", "text", (c) => c.notNull().references("markings.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'approved', 'refused')`))
    .addColumn("decided_by", "text", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("decision_note", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("release_requests_status").on("release_requests").columns(["status", "created_at"]).execute();

  await s.createTable("audit_events")
    .addColumn("seq", "bigint", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("marking", "text")
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("client", "text")
    .addColumn("details", "text", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("audit_events_target").on("audit_events").columns(["target", "seq"]).execute();
}
