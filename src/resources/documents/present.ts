// Documents in API form: kind, what they are attached to (withheld when unreadable), versions.
import { sql, type Selectable } from "kysely";
import { decide } from "../../domain/policy.ts";
import { refsOf, type ReadId, type ReadRecord, type Reader, type Refs } from "../../store/reader.ts";
import type { DocumentTable, DocumentVersionTable } from "../../store/schema.ts";
import { byRecord, meta, refOf } from "../common.ts";
import { documentPolicy } from "./policy.ts";
import type { Document } from "./schema.ts";

/** The versions of a page of documents, newest first in each: in the primary key's order, so never sorted. */
export function versionsQuery(reader: Reader, ids: readonly ReadId[]) {
  return reader.children("document_versions", ids).selectAll().orderBy("document_id", "desc").orderBy("version", "desc");
}

/**
 * PostgreSQL: a page of documents' own rows, each with its versions (newest first, those the caller
 * may read) and what it is attached to (when the caller may read it), in one statement.
 */
export function documentsPresentationQuery(reader: Reader, ids: readonly ReadId[]) {
  return reader.children("documents", ids).selectAll()
    .select([reader.childRowsJson("document_versions", "documents.id", sql`c.version desc`).as("versions"), reader.refJson("documents.attached_to").as("attached")]);
}

type DocumentRow = Selectable<DocumentTable>;
type VersionRow = Selectable<DocumentVersionTable>;

/**
 * The documents' own rows, their versions (newest first) and what they are attached to: on
 * PostgreSQL in one statement (see Reader.presentsInOne), on SQLite in three.
 */
async function documentRows(reader: Reader, ids: ReadId[]): Promise<{ rows: DocumentRow[]; versions: VersionRow[]; refs: Refs }> {
  if (!reader.presentsInOne) {
    const rows = await reader.children("documents", ids).selectAll().execute();
    const versions = await versionsQuery(reader, ids).execute();
    return { rows, versions, refs: await reader.refs(rows.map((d) => d.attached_to)) };
  }
  const rows = await documentsPresentationQuery(reader, ids).execute();
  return {
    rows,
    versions: rows.flatMap((d) => (d.versions ?? []) as VersionRow[]),
    refs: refsOf(rows.map((d) => [d.attached_to, d.attached] as const)),
  };
}

export async function presentDocuments(reader: Reader, records: ReadRecord[]): Promise<Document[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const { rows, versions, refs } = await documentRows(reader, ids);
  const byId = new Map(rows.map((d) => [d.id, d]));
  const versionsOf = byRecord(versions, (v) => v.document_id);
  const policies = decide(documentPolicy, reader.actor, undefined);
  return records.map((r) => {
    const d = byId.get(r.id)!;
    return Object.assign(meta(r, policies), {
      title: r.title,
      docKind: d.doc_kind as Document["docKind"],
      attachedTo: refOf(refs, d.attached_to),
      currentVersion: d.current_version,
      versions: (versionsOf.get(r.id) ?? []).map((v) => ({
        version: v.version, contentHash: v.content_hash, size: v.size, mediaType: v.media_type, filename: v.filename, uploadedBy: v.uploaded_by, uploadedAt: v.uploaded_at,
      })),
    });
  });
}
