import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { create as contentDisposition } from "content-disposition";
import { AccordError } from "../../domain/errors.ts";
import { refuseNul } from "../../http/problem.ts";
import { readerOf } from "../../http/auth.ts";
import { uploadRoutes } from "../../http/uploads.ts";
import { auditMarking } from "../../store/reader.ts";
import { IdParams } from "../common.ts";
import { safeFilename, sniffMediaType } from "./content.ts";
import { presentDocuments } from "./present.ts";
import { DocumentCreate } from "./schema.ts";
import { createDocument, uploadVersion, type Upload } from "./write.ts";

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

/** Uploads (multipart), new versions of the file, and downloads. */
export async function documentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["documents"];

  await uploadRoutes(app, (scope) => uploads(scope, tags));

  r.get("/documents/:id/content", {
    schema: { tags, summary: "Download a version of the file (the current one by default)", params: IdParams, querystring: z.strictObject({ version: z.coerce.number().int().positive().optional() }) },
  }, async (req, reply) => {
    const reader = readerOf(req);
    const rec = await reader.get("document", req.params.id);
    const d = await reader.children("documents", [rec.id]).select("current_version").executeTakeFirstOrThrow();
    const v = await reader.content(rec.id, req.query.version ?? d.current_version);
    // A version the caller may not read (its own marking: an earlier file of a released document) is not found.
    if (!v) throw new AccordError("not_found", "No such version.");
    const [marking] = (await reader.markings([v.marking_id])).values();
    // RFC 6266: an ASCII fallback in `filename`, the name itself in `filename*` (UTF-8), so any name downloads.
    return reply.type(v.media_type).header("content-disposition", contentDisposition(v.filename)).header("x-accord-marking", auditMarking(marking ?? rec.marking))
      .header("x-content-type-options", "nosniff").send(Buffer.from(v.content));
  });
}

/** The upload routes: a new document, and a new version of its file (multipart). */
function uploads(app: FastifyInstance, tags: string[]): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post("/documents", {
    schema: { tags, summary: "Upload a document: multipart/form-data with `metadata` (JSON: marking (default: that of the record it is attached to), title, kind, attachedToId) and `file`", consumes: ["multipart/form-data"] },
  }, async (req, reply) => {
    const { file, metadata } = await readUpload(req, true);
    const item = await readerOf(req).transaction("document.create", null, async (w) => {
      const rec = await createDocument(w, metadata!, file);
      const [presented] = await presentDocuments(w, [rec]);
      return { result: presented!, event: { target: rec.id, marking: auditMarking(rec.marking), outcome: "success", details: { size: file.bytes.length, mediaType: file.mediaType } } };
    });
    return reply.code(201).send(item);
  });

  r.post("/documents/:id/versions", { schema: { tags, summary: "Upload a new version of a document's file", params: IdParams, consumes: ["multipart/form-data"] } }, async (req, reply) => {
    const { file } = await readUpload(req, false);
    const item = await readerOf(req).transaction("document.version", req.params.id, async (w) => {
      const { rec, version } = await uploadVersion(w, await w.get("document", req.params.id), file);
      const [presented] = await presentDocuments(w, [rec]);
      return { result: presented!, event: { target: rec.id, marking: auditMarking(rec.marking), outcome: "success", details: { version, size: file.bytes.length } } };
    });
    return reply.code(201).send(item);
  });
}
