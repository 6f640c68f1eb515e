// Documents in API form: kind, what they are attached to (withheld when unreadable), versions.
import { sql, type Expression, type Selectable } from "kysely";
import { decide } from "../../domain/policy.ts";
import { Kept, refsOf, type IdList, type Page, type PageRequest, type ReadId, type ReadRecord, type Reader, type Refs } from "../../store/reader.ts";
import type { DocumentTable, DocumentVersionTable, RecordTable } from "../../store/schema.ts";
import { byRecord, meta, refOf } from "../common.ts";
import { documentPolicy } from "./policy.ts";
import type { Document } from "./schema.ts";

/** The versions of a page of documents, newest first in each: in the primary key's order, so never sorted. */
export function versionsQuery(reader: Reader, ids: readonly ReadId[] | IdList) {
  return reader.children("document_versions", ids).selectAll().orderBy("document_id", "desc").orderBy("version", "desc");
}

/**
 * PostgreSQL: a page of documents' own rows, each joined to its versions (newest first, those the
 * caller may read) and to what it is attached to (when the caller may read it: through
 * `records()`), one row per version, in one statement. Joined rows, not json aggregated per
 * document: a json array per document cost the backends more than the three statements it saved.
 */
export function documentsPresentationQuery(reader: Reader, ids: readonly ReadId[] | IdList) {
  const attached = reader.records(undefined, "each").select(["r.id", "r.kind", "r.title"]).where(sql<boolean>`r.id = documents.attached_to`);
  return reader.children("documents", ids)
    .leftJoin("document_versions as v", (j) => j.onRef("v.document_id", "=", "documents.id").on(reader.readableRow("v.marking_id")))
    .leftJoinLateral(attached.as("a"), (j) => j.onTrue())
    .selectAll("documents")
    .select(["v.version as v_version", "v.content_hash as v_content_hash", "v.size as v_size", "v.media_type as v_media_type", "v.filename as v_filename",
      "v.uploaded_by as v_uploaded_by", "v.uploaded_at as v_uploaded_at", "v.marking_id as v_marking_id", "a.id as a_id", "a.kind as a_kind", "a.title as a_title"])
    .orderBy("documents.id", "desc").orderBy("v.version", "desc");
}

type DocumentRow = Selectable<DocumentTable>;
type VersionRow = Selectable<DocumentVersionTable>;

/**
 * A page's statement (`p`) with each of its documents joined, as `documentsPresentationQuery`
 * joins them, to its own row and its versions (newest first, its other columns named `v_…`), and on
 * PostgreSQL to what it is attached to (`a_…`): the page and its presentation in one statement,
 * where they took two round trips (see listDocuments).
 *
 * SQLite has no lateral join, so what a document is attached to is read after, as any reference
 * (Reader.refs, under the read rule; a BoundReader narrows it further). Its statements have no
 * round trips, but each cost Accord more than the lookups in it: Kysely's build and compile of a
 * statement (~8 µs), its run through the driver (~4 µs), the id list bound as JSON and gathered by
 * SQLite into a temporary index, and every column of every row made a JavaScript value (the page's
 * ids again in the documents' and versions' rows); joined, the page walks to each document's row
 * and versions by key, as the statements by id did. The page stays a subquery (its own LIMIT),
 * walked first (CROSS JOIN): each of its documents is then found by key.
 */
export function documentsJoinedTo(reader: Reader, page: Expression<Selectable<RecordTable>>) {
  const versions = sql`v.version as v_version, v.content_hash as v_content_hash, v.size as v_size, v.media_type as v_media_type, v.filename as v_filename,
    v.uploaded_by as v_uploaded_by, v.uploaded_at as v_uploaded_at, v.marking_id as v_marking_id`;
  if (reader.dialect === "sqlite") {
    // Each document's row and versions from the indexes that hold every column shown (migration
    // 051): one lookup per row where the key's index and then the table were two. Named, because
    // without statistics SQLite keeps the unique key's index for `d`, which it knows finds one row.
    return sql<JoinedRow>`select p.*, d.doc_kind, d.attached_to, d.current_version, ${versions}
      from (${page}) p cross join documents d indexed by documents_shown on d.id = p.id
      left join document_versions v indexed by document_versions_shown on v.document_id = d.id and ${reader.readableRow("v.marking_id")}
      order by p.created_at desc, p.id desc, v.version desc`;
  }
  const attached = reader.records(undefined, "each").select(["r.id", "r.kind", "r.title"]).where(sql<boolean>`r.id = d.attached_to`);
  // A version carrying its document's marking (the page's row, read under the read rule) is
  // readable as its document is: only a version marked otherwise probes the readable set (the
  // first operand of an OR is evaluated first, and the probe only when it is false).
  return sql<JoinedRow>`select p.*, d.doc_kind, d.attached_to, d.current_version, ${versions}, a.id as a_id, a.kind as a_kind, a.title as a_title
    from (${page}) p join documents d on d.id = p.id
    left join document_versions v on v.document_id = d.id and (v.marking_id = p.marking_id or ${reader.readableRow("v.marking_id")})
    left join lateral (${attached}) a on true
    order by p.created_at desc, p.id desc, v.version desc`;
}

type JoinedRow = Selectable<RecordTable> & PresentationRow;

/** A page's documents' own rows and versions, and what they are attached to (null: read them as references, see documentsJoinedTo). */
type Presentation = { rows: DocumentRow[]; versions: VersionRow[]; refs: Refs | null };

/** The presentation a list page read with its records (listDocuments), kept on the Reader so it lasts as long as its request. */
const pagePresentations = new Kept<{ ids: Set<string>; presentation: Presentation }>("document page presentation");

/**
 * A page of documents, newest first, in one statement with its presentation (see Reader.pageJoined
 * and documentsJoinedTo), kept for presentDocuments: on PostgreSQL each statement is a round trip,
 * and its sending, answer and parsing cost Accord's process about as much as the rows.
 */
export async function listDocuments(reader: Reader, q: PageRequest): Promise<Page> {
  const { page, joined } = await reader.pageJoined("document", q, (p) => documentsJoinedTo(reader, p));
  reader.keep(pagePresentations, { ids: new Set(page.rows.map((r) => r.id)), presentation: presentationOf(joined, reader.dialect === "postgres") });
  return page;
}

/**
 * One document, read and audited as `Reader.get` does. On PostgreSQL in one statement with its
 * presentation, joined as a list page's (documentsJoinedTo, the record by its id in place of the
 * page), kept for presentDocuments: the record and its presentation were two round trips.
 */
export async function getDocument(reader: Reader, id: string): Promise<ReadRecord> {
  if (!reader.presentsInOne) return reader.get("document", id);
  const { rec, joined } = await reader.getJoined("document", id, (one) => documentsJoinedTo(reader, one), (rows) => rows[0]);
  if (joined) reader.keep(pagePresentations, { ids: new Set([rec.id]), presentation: presentationOf(joined, true) });
  return rec;
}

/**
 * A document's row joined to one of its versions (`v_…`) and, on PostgreSQL, to what it is attached
 * to (`a_…`), as the joins name them.
 */
type PresentationRow = Pick<DocumentRow, "id" | "doc_kind" | "attached_to" | "current_version"> & {
  v_version: number | null; v_content_hash: string | null; v_size: number | null; v_media_type: string | null; v_filename: string | null;
  v_uploaded_by: string | null; v_uploaded_at: string | null; v_marking_id: string | null; a_id?: string | null; a_kind?: string | null; a_title?: string | null;
};

/** Documents' rows joined to their versions (and, `withRefs`, what they are attached to), one row per version, split. */
function presentationOf(joined: readonly PresentationRow[], withRefs: boolean): Presentation {
  const rows = new Map<string, DocumentRow>();
  const versions: VersionRow[] = [];
  const attached: [string | null, { id: string; kind: string; title: string } | null][] = [];
  for (const j of joined) {
    if (!rows.has(j.id)) {
      rows.set(j.id, { id: j.id, doc_kind: j.doc_kind, attached_to: j.attached_to, current_version: j.current_version });
      attached.push([j.attached_to, j.a_id ? { id: j.a_id, kind: j.a_kind!, title: j.a_title! } : null]);
    }
    if (j.v_version !== null) {
      versions.push({ document_id: j.id, version: j.v_version, content_hash: j.v_content_hash!, size: j.v_size!, media_type: j.v_media_type!, filename: j.v_filename!, uploaded_by: j.v_uploaded_by!, uploaded_at: j.v_uploaded_at!, marking_id: j.v_marking_id! });
    }
  }
  return { rows: [...rows.values()], versions, refs: withRefs ? refsOf(attached) : null };
}

/**
 * The documents' own rows, their versions (newest first) and what they are attached to: with the
 * list page that read them (listDocuments; on SQLite their references after, in one statement);
 * otherwise on PostgreSQL in one statement (see Reader.presentsInOne), on SQLite in three.
 */
async function documentRows(reader: Reader, ids: ReadId[]): Promise<{ rows: DocumentRow[]; versions: VersionRow[]; refs: Refs }> {
  const kept = reader.kept(pagePresentations);
  if (kept && ids.every((id) => kept.ids.has(id))) {
    const { rows, versions, refs } = kept.presentation;
    return { rows, versions, refs: refs ?? await reader.refs(rows.map((d) => d.attached_to)) };
  }
  // Each statement compiled once per readable set, the ids its one hole (Reader.keptRows).
  if (!reader.presentsInOne) {
    const rows = await reader.keptRows("document rows", ids, (list) => reader.children("documents", list).selectAll());
    const versions = await reader.keptRows("document versions", ids, (list) => versionsQuery(reader, list));
    return { rows, versions, refs: await reader.refs(rows.map((d) => d.attached_to)) };
  }
  const { rows, versions, refs } = presentationOf(await reader.keptRows("documents presented", ids, (list) => documentsPresentationQuery(reader, list)), true);
  return { rows, versions, refs: refs! };
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
