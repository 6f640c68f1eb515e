import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { refuseNul } from "../../http/problem.ts";
import { scopeOf } from "../../http/auth.ts";
import { recordRoutes } from "../crud.ts";
import type { Filter } from "../listing.ts";
import { audited, auditMarking, db, IdParams, readRecord } from "../common.ts";
import { safeFilename, sniffMediaType } from "./content.ts";
import { createDocument, documentFilter, documentsById, updateDocument, uploadVersion, type Upload } from "./repo.ts";
import { Document, DocumentCreate, DocumentQuery, DocumentUpdate } from "./schema.ts";

/** Reads a multipart upload: one `file` part and, for new documents, a JSON `metadata` part. */
async function readUpload(req: FastifyRequest, needMetadata: boolean): Promise<{ file: Upload; metadata: DocumentCreate | null }> {
  if (!req.isMultipart()) throw new AccordError("unsupported_media_type", "Upload with multipart/form-data: a `file` part" + (needMetadata ? " and a JSON `metadata` part." : "."));
  let file: Upload | null = null;
  let metadataText: string | null = null;
  for await (const part of req.parts()) {
    if (part.type === "file") {
      if (part.fieldname !== "file") throw new AccordError("validation_failed", `${part.fieldname}: unexpected file part`, [{ field: part.fieldname, rule: "unknown_field", message: "is not a known part" }]);
      const bytes = await part.toBuffer();
      file = { bytes, mediaType: await sniffMediaType(bytes, part.mimetype), filename: safeFilename(part.filename) };
    } else if (part.fieldname === "metadata") {
      metadataText = String(part.value);
    } else {
      throw new AccordError("validation_failed", `${part.fieldname}: unexpected part`, [{ field: part.fieldname, rule: "unknown_field", message: "is not a known part" }]);
    }
  }
  if (!file) throw new AccordError("validation_failed", "file: is required", [{ field: "file", rule: "required", message: "is required" }]);
  if (!needMetadata) return { file, metadata: null };
  if (metadataText === null) throw new AccordError("validation_failed", "metadata: is required", [{ field: "metadata", rule: "required", message: "is required" }]);
  let json: unknown;
  try {
    json = JSON.parse(metadataText);
  } catch {
    throw new AccordError("validation_failed", "metadata: is not valid JSON", [{ field: "metadata", rule: "json", message: "is not valid JSON" }]);
  }
  refuseNul(json, ["metadata"]);
  const parsed = DocumentCreate.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i) =>
      i.code === "unrecognized_keys"
        ? i.keys.map((k) => ({ field: `metadata.${k}`, rule: "unknown_field", message: "is not a known field" }))
        : [{ field: ["metadata", ...i.path.map(String)].join("."), rule: i.code, message: i.message }]);
    throw new AccordError("validation_failed", issues.map((i) => `${i.field}: ${i.message}`).join("; "), issues);
  }
  return { file, metadata: parsed.data };
}

export async function documentRoutes(app: FastifyInstance) {
  recordRoutes(app, {
    kind: "document", path: "documents", table: "documents", jsonCreate: false,
    Item: Document, Create: DocumentCreate, Update: DocumentUpdate, Query: DocumentQuery,
    present: documentsById, create: () => { throw new Error("documents are created by upload"); }, update: updateDocument,
    filters: (q) => [q.kind ? documentFilter.kind(q.kind) : null, q.attachedTo ? documentFilter.attachedTo(q.attachedTo) : null].filter((f): f is Filter => f !== null),
    facets: ["doc_kind"],
    exportColumns: [["id", (d) => d.id], ["title", (d) => d.title], ["kind", (d) => d.docKind], ["version", (d) => d.currentVersion]],
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["documents"];
  const present = async (req: FastifyRequest, id: string) => {
    const { row, marking } = await readRecord(req, "document", id);
    return (await documentsById(db(req), scopeOf(req), [{ ...row, marking }]))[0]!;
  };

  r.post("/documents", {
    schema: { tags, summary: "Upload a document: multipart/form-data with `metadata` (JSON: marking, title, kind, attachedToId) and `file`", consumes: ["multipart/form-data"] },
  }, async (req, reply) => {
    const { file, metadata } = await readUpload(req, true);
    const id = await audited(req, "document.create", async (tx) => {
      const { id, marking } = await createDocument(tx, scopeOf(req), metadata!, file);
      return { result: id, event: { target: id, marking: auditMarking(marking), outcome: "success", details: { size: file.bytes.length, mediaType: file.mediaType } } };
    });
    return reply.code(201).send(await present(req, id));
  });

  r.post("/documents/:id/versions", { schema: { tags, summary: "Upload a new version of a document's file", params: IdParams, consumes: ["multipart/form-data"] } }, async (req, reply) => {
    const { row, marking } = await readRecord(req, "document", req.params.id);
    const { file } = await readUpload(req, false);
    await audited(req, "document.version", async (tx) => {
      const version = await uploadVersion(tx, scopeOf(req), req.params.id, row, file);
      return { result: version, event: { target: req.params.id, marking: auditMarking(marking), outcome: "success", details: { version, size: file.bytes.length } } };
    });
    return reply.code(201).send(await present(req, req.params.id));
  });

  r.get("/documents/:id/content", {
    schema: { tags, summary: "Download a version of the file (the current one by default)", params: IdParams, querystring: z.strictObject({ version: z.coerce.number().int().positive().optional() }) },
  }, async (req, reply) => {
    const { marking } = await readRecord(req, "document", req.params.id);
    const conn = db(req);
    const d = await conn.selectFrom("documents").select("current_version").where("id", "=", req.params.id).executeTakeFirstOrThrow();
    const v = await conn.selectFrom("document_versions").selectAll().where("document_id", "=", req.params.id).where("version", "=", req.query.version ?? d.current_version).executeTakeFirst();
    if (!v) throw new AccordError("not_found", "No such version.");
    const blob = await conn.selectFrom("blobs").select("content").where("hash", "=", v.content_hash).executeTakeFirstOrThrow();
    return reply.type(v.media_type).header("content-disposition", `attachment; filename="${v.filename}"`).header("x-accord-marking", auditMarking(marking))
      .header("x-content-type-options", "nosniff").send(Buffer.from(blob.content));
  });
}
