// SQLite: a documents page reads each document's own row and its versions by key (Reader.pageJoined,
// documentsJoinedTo). Both tables have a text key, kept in an index of its own beside the table
// (rowid tables), so each row was two lookups: the key's index, then the table by rowid. These
// indexes hold every column a page shows after the key, so each row is one lookup (covering), and
// the page's statement names them (INDEXED BY). The narrow scale reader's page of 51 documents at
// a million records: its statement 627 → 542 µs alone; `list-loop` list documents 0.92-0.93x the
// time (A/A 0.98-1.00), gets 0.94-0.95x. 1.9 s at a million records, 123 MB more (9%). ANALYZE gives
// them statistics where the store has any (the scale seed ANALYZEs), so other statements by a
// document's key may use them too.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "sqlite") return;
  await sql`create index documents_shown on documents (id, doc_kind, attached_to, current_version)`.execute(db);
  await sql`create index document_versions_shown on document_versions (document_id, version, content_hash, size, media_type, filename, uploaded_by, uploaded_at, marking_id)`.execute(db);
  const analysed = (await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db)).rows[0]?.n;
  if (analysed) {
    await sql`analyze documents_shown`.execute(db);
    await sql`analyze document_versions_shown`.execute(db);
  }
}
