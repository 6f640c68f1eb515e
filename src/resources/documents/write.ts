// Documents and their versions. A document starts with the marking of the record it is attached
// to (SPEC 3.3), and that marking is then its own.
import { invalid } from "../../domain/errors.ts";
import { grant, grantCreate } from "../../domain/policy.ts";
import { resolveMarking } from "../../store/markings.ts";
import type { ReadRecord, Writer } from "../../store/reader.ts";
import { createRecord, updateRecord } from "../../store/records.ts";
import { markingWithin } from "../inherit.ts";
import { putBlob } from "./content.ts";
import { documentPolicy } from "./policy.ts";
import type { DocumentCreate, DocumentUpdate } from "./schema.ts";

export interface Upload {
  bytes: Buffer;
  mediaType: string;
  filename: string;
}

async function attachment(w: Writer, id: string | null | undefined): Promise<ReadRecord | null> {
  if (!id) return null;
  const parent = await w.find(null, id);
  if (!parent) throw invalid("attachedToId", "known_record", "no such record");
  return parent;
}

/** A file version carries the document's marking as it is now; later changes move only the current one. */
async function addVersion(w: Writer, doc: ReadRecord, version: number, file: Upload): Promise<void> {
  const hash = await putBlob(w.tx, file.bytes);
  await w.tx.insertInto("document_versions").values({
    document_id: doc.id, version, marking_id: doc.marking_id, content_hash: hash, size: file.bytes.length, media_type: file.mediaType, filename: file.filename,
    uploaded_by: w.viewer.id, uploaded_at: new Date().toISOString(),
  }).execute();
}

const snapshot = (m: Omit<DocumentCreate, "marking">, fileVersion: number) => ({ ...m, fileVersion });

export async function createDocument(w: Writer, input: DocumentCreate, file: Upload): Promise<ReadRecord> {
  const allowed = grantCreate(documentPolicy, w.actor, "document");
  const { marking: mIn, ...m } = input;
  const marking = await markingWithin(w, mIn, await attachment(w, m.attachedToId));
  const rec = await createRecord(w, "document", { title: m.title, marking, searchText: `${m.title} ${m.kind} ${file.filename}`, snapshot: snapshot(m, 1) }, { grant: allowed });
  await w.tx.insertInto("documents").values({ id: rec.id, doc_kind: m.kind, attached_to: m.attachedToId ?? null, current_version: 1 }).execute();
  await addVersion(w, rec, 1, file);
  return rec;
}

export async function updateDocument(w: Writer, current: ReadRecord, patch: DocumentUpdate): Promise<ReadRecord> {
  const allowed = grant(documentPolicy, "edit", w.actor, undefined, "Your roles do not allow editing document records.");
  const d = await w.children("documents", [current.id]).selectAll().executeTakeFirstOrThrow();
  const { marking: mIn, version, ...p } = patch;
  const m = { title: p.title ?? current.title, kind: p.kind ?? (d.doc_kind as DocumentCreate["kind"]), attachedToId: p.attachedToId === undefined ? d.attached_to : p.attachedToId };
  await attachment(w, p.attachedToId);
  const marking = mIn ? await resolveMarking(w.tx, mIn, current.marking.originator) : current.marking;
  const rec = await updateRecord(w, current, { title: m.title, marking, searchText: `${m.title} ${m.kind}`, snapshot: snapshot(m, d.current_version) }, { grant: allowed, expectedVersion: version });
  await w.tx.updateTable("documents").set({ doc_kind: m.kind, attached_to: m.attachedToId ?? null }).where("id", "=", current.id).execute();
  return rec;
}

/** A new file version of a document the caller has read and may edit; the marking stays. */
export async function uploadVersion(w: Writer, current: ReadRecord, file: Upload): Promise<{ rec: ReadRecord; version: number }> {
  const allowed = grant(documentPolicy, "uploadVersion", w.actor, undefined, "Your roles do not allow editing document records.");
  const d = await w.children("documents", [current.id]).selectAll().executeTakeFirstOrThrow();
  const next = d.current_version + 1;
  const rec = await updateRecord(w, current, {
    title: current.title, marking: current.marking,
    searchText: `${current.title} ${d.doc_kind} ${file.filename}`, snapshot: { title: current.title, kind: d.doc_kind, attachedToId: d.attached_to, fileVersion: next },
  }, { grant: allowed });
  await addVersion(w, rec, next, file);
  await w.tx.updateTable("documents").set({ current_version: next }).where("id", "=", current.id).execute();
  return { rec, version: next };
}
