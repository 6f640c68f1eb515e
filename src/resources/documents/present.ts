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
 * PostgreSQL: a page of documents' own rows, each joined to its versions (newest first, those the
 * caller may read) and to what it is attached to (when the caller may read it: through
 * `records()`), one row per version, in one statement. Joined rows, not json aggregated per
 * document: a json array per document cost the backends more than the three statements it saved.
 */
export function documentsPresentationQuery(reader: Reader, ids: readonly ReadId[]) {
  const attached = reader.records(undefined, "each").select(["r.id", "r.kind", "r.title"]).where(sql<boolean>`r.id = documents.attached_to`);
  return reader.children("documents", ids)
    .leftJoin("document_versions as v", (j) => j.onRef("v.document_id", "=", "documents.id").on(reader.readableRow("v.marking_id")))
    .leftJoinLateral(attached.as("a"), (j) => j.onTrue())
    .selectAll("documents")
    .select(["v.version", "v.content_hash", "v.size", "v.media_type", "v.filename", "v.uploaded_by", "v.uploaded_at", "v.marking_id", "a.id as a_id", "a.kind as a_kind", "a.title as a_title"])
    .orderBy("documents.id", "desc").orderBy("v.version", "desc");
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
  const joined = await documentsPresentationQuery(reader, ids).execute();
  const rows = new Map<string, DocumentRow>();
  const versions: VersionRow[] = [];
  const attached: [string | null, { id: string; kind: string; title: string } | null][] = [];
  for (const j of joined) {
    if (!rows.has(j.id)) {
      rows.set(j.id, { id: j.id, doc_kind: j.doc_kind, attached_to: j.attached_to, current_version: j.current_version });
      attached.push([j.attached_to, j.a_id ? { id: j.a_id, kind: j.a_kind!, title: j.a_title! } : null]);
    }
    if (j.version !== null) {
      versions.push({ document_id: j.id, version: j.version, content_hash: j.content_hash!, size: j.size!, media_type: j.media_type!, filename: j.filename!, uploaded_by: j.uploaded_by!, uploaded_at: j.uploaded_at!, marking_id: j.marking_id! });
    }
  }
  return {
    rows: [...rows.values()],
    versions,
    refs: refsOf(attached),
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
