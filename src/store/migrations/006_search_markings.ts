// The search index learns each record's marking, as one more indexed term. A reader who may read
// a few markings (one compartment, say) searches for their words *and* one of their markings in
// the index itself, instead of walking every match of a common word to find the few they may
// read. The read rule still filters every hit in SQL; the term only narrows the candidates.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") {
    await sql`alter table search_docs add column marking_id text references markings (id)`.execute(db);
    await sql`update search_docs s set marking_id = r.marking_id from records r where r.id = s.record_id`.execute(db);
    await sql`alter table search_docs alter column marking_id set not null`.execute(db);
    await sql`alter table search_docs drop column tsv`.execute(db);
    await sql`alter table search_docs add column tsv tsvector generated always as
      (to_tsvector('simple', body) || array_to_tsvector(array['mk' || lower(marking_id)])) stored`.execute(db);
    await sql`create index search_docs_tsv on search_docs using gin (tsv)`.execute(db);
    return;
  }
  for (const t of ["search_docs_ai", "search_docs_ad", "search_docs_au"]) await sql`drop trigger ${sql.raw(t)}`.execute(db);
  await sql`drop table search_fts`.execute(db);
  await sql`alter table search_docs add column marking_id text references markings (id)`.execute(db);
  await sql`update search_docs set marking_id = (select r.marking_id from records r where r.id = search_docs.record_id)`.execute(db);
  await sql`create virtual table search_fts using fts5(body, marking_id, content='search_docs', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger search_docs_ai after insert on search_docs begin
    insert into search_fts(rowid, body, marking_id) values (new.rowid, new.body, new.marking_id); end`.execute(db);
  await sql`create trigger search_docs_ad after delete on search_docs begin
    insert into search_fts(search_fts, rowid, body, marking_id) values ('delete', old.rowid, old.body, old.marking_id); end`.execute(db);
  await sql`create trigger search_docs_au after update on search_docs begin
    insert into search_fts(search_fts, rowid, body, marking_id) values ('delete', old.rowid, old.body, old.marking_id);
    insert into search_fts(rowid, body, marking_id) values (new.rowid, new.body, new.marking_id); end`.execute(db);
  await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(db);
}
