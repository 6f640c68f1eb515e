// Press-release ingestion (issue 5): paste or upload a statement → a draft of proposed records
// linked to the registry → the analyst confirms or corrects each → records with their source.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { refuseNul } from "../../http/problem.ts";
import { MarkingInput, type MarkingParsed } from "../../domain/markings.ts";
import { extract, ExtractionInputError } from "../../extract/index.ts";
import { registryGazetteer } from "../../ingest/registry.ts";
import { propose, type Proposal } from "../../ingest/propose.ts";
import { confirmDraft, type EngagementCreator } from "../../ingest/confirm.ts";
import { resolveMarking } from "../../store/markings.ts";
import { createRecord, readableRecords, updateRecord } from "../../store/records.ts";
import { scopeOf, viewerOf } from "../../http/auth.ts";
import { pageOf, PageQuery } from "../../http/pagination.ts";
import { audited, auditMarking, db, Id, IdParams, readRecord, Text } from "../common.ts";
import { pageRecords } from "../listing.ts";
import { createEngagement } from "../engagements/repo.ts";

const tags = ["ingestion"];
const MAX_TEXT = 1_000_000;
const DraftIn = z.strictObject({
  text: z.string().min(1).max(MAX_TEXT),
  marking: MarkingInput,
  publisher: Text(200).nullable().optional(),
  url: z.url().max(2000).nullable().optional(),
  published: z.iso.date().nullable().optional().describe("publication date; relative dates in the text resolve against it"),
});
const Decision = z.strictObject({
  key: z.string().regex(/^[a-z]+:\d+$/, "must be a proposal key such as person:0"),
  action: z.enum(["create", "link", "update", "skip"]).optional(),
  recordId: Id.optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
const ConfirmIn = z.strictObject({ decisions: z.array(Decision).max(500).default([]), marking: MarkingInput.optional().describe("for the created records; defaults to the draft's") });

/** Visits and call-ons become engagements through the engagements' own writer. */
const engagementCreator: EngagementCreator = async (tx, scope, marking, f, ids) => {
  const str = (v: unknown) => (typeof v === "string" && v ? v : null);
  const hosts = ids.hostIds.length ? await tx.selectFrom("records").select("title").where("id", "in", ids.hostIds).execute() : [];
  const kind = f.kind === "call_on" ? "call_on" : "visit";
  const names = hosts.map((h) => h.title).join(", ");
  const title = kind === "call_on" ? `Call on ${names || "host"}` : `Visit to ${names || str(f.hostCountry) || "hosts"}`;
  return (await createEngagement(tx, scope, {
    marking, kind, title, dateStart: str(f.dateStart), dateEnd: str(f.dateEnd), delegationCountry: str(f.delegationCountry), hostCountry: str(f.hostCountry),
    purpose: str(f.purpose), leaderId: ids.leaderId, hostIds: ids.hostIds, areas: [],
  })).id;
};

function validate(body: unknown): z.infer<typeof DraftIn> {
  const parsed = DraftIn.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.flatMap((i) => i.code === "unrecognized_keys"
    ? i.keys.map((k) => ({ field: k, rule: "unknown_field", message: "is not a known field" }))
    : [{ field: i.path.join(".") || "(body)", rule: i.code, message: i.message }]);
  throw new AccordError("validation_failed", issues.map((i) => `${i.field}: ${i.message}`).join("; "), issues);
}

async function readText(req: FastifyRequest): Promise<z.infer<typeof DraftIn>> {
  if (!req.isMultipart()) return validate(req.body);
  const fields: Record<string, string> = {};
  let text: string | null = null;
  for await (const part of req.parts()) {
    if (part.type === "file") {
      const bytes = await part.toBuffer();
      if (bytes.includes(0)) throw new AccordError("unsupported_media_type", "The file is not text: upload a plain-text statement.", [{ field: "file", rule: "text", message: "is not text" }]);
      text = bytes.toString("utf8");
    } else fields[part.fieldname] = String(part.value);
  }
  refuseNul(fields);
  let marking: unknown;
  try {
    marking = fields.marking ? JSON.parse(fields.marking) : undefined;
  } catch {
    throw new AccordError("validation_failed", "marking: is not valid JSON", [{ field: "marking", rule: "json", message: "is not valid JSON" }]);
  }
  return validate({ ...fields, text, marking });
}

export async function ingestRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const present = async (req: FastifyRequest, id: string) => {
    const { row, marking } = await readRecord(req, "draft", id);
    const d = await db(req).selectFrom("drafts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const src = await db(req).selectFrom("sources").selectAll().where("id", "=", d.source_id).executeTakeFirstOrThrow();
    return {
      id, title: row.title, status: d.status, marking: auditMarking(marking),
      source: { id: src.id, text: src.text, publisher: src.publisher, url: src.url, published: src.published },
      proposals: JSON.parse(d.proposals) as Proposal[],
      outcome: d.outcome ? (JSON.parse(d.outcome) as unknown) : null,
    };
  };

  r.post("/drafts", {
    bodyLimit: MAX_TEXT * 4 + 64 * 1024,
    schema: { tags, summary: "Extract a draft of records from a statement (JSON, or multipart with a text `file`, `marking` JSON and `published`)" },
  }, async (req, reply) => {
    const input = await readText(req);
    const scope = scopeOf(req);
    let extraction;
    try {
      extraction = extract(input.text, { ...(input.published ? { published: input.published } : {}), gazetteer: await registryGazetteer(db(req), scope) });
    } catch (err) {
      if (err instanceof ExtractionInputError) throw new AccordError("validation_failed", `text: ${err.message}`, [{ field: "text", rule: "readable_text", message: err.message }]);
      throw err;
    }
    const id = await audited(req, "draft.create", async (tx) => {
      const marking = await resolveMarking(tx, input.marking, viewerOf(req).nationality);
      const title = extraction.source.title ?? input.text.trim().split("\n")[0]!.slice(0, 120);
      const source = await createRecord(tx, scope, "source", { title, marking, searchText: input.text.slice(0, 20_000), snapshot: { publisher: input.publisher ?? extraction.source.publisher, url: input.url ?? null } });
      await tx.insertInto("sources").values({ id: source.id, text: input.text, publisher: input.publisher ?? extraction.source.publisher, url: input.url ?? null, published: input.published ?? extraction.source.published }).execute();
      const proposals = await propose(tx, scope, input.text, extraction);
      const draft = await createRecord(tx, scope, "draft", { title: `Draft: ${title}`, marking, searchText: title, snapshot: { proposals: proposals.length } });
      await tx.insertInto("drafts").values({ id: draft.id, source_id: source.id, status: "open", proposals: JSON.stringify(proposals), outcome: null }).execute();
      return { result: draft.id, event: { target: draft.id, marking: auditMarking(marking), outcome: "success", details: { source: source.id, proposals: proposals.length } } };
    });
    return reply.code(201).send(await present(req, id));
  });

  r.get("/drafts", { schema: { tags, summary: "Drafts you may read, newest first", querystring: PageQuery } }, async (req) => {
    const page = await pageRecords(req, "draft", req.query);
    const rows = page.rows.length ? await db(req).selectFrom("drafts").select(["id", "status"]).where("id", "in", page.rows.map((x) => x.id)).execute() : [];
    return { items: page.rows.map((x) => ({ id: x.id, title: x.title, status: rows.find((d) => d.id === x.id)?.status, createdAt: x.created_at })), nextCursor: page.nextCursor };
  });

  r.get("/drafts/:id", { schema: { tags, summary: "A draft with its source and proposals", params: IdParams } }, async (req) => present(req, req.params.id));

  r.post("/drafts/:id/confirm", { schema: { tags, summary: "Create, link, update or skip each proposal; records keep their source", params: IdParams, body: ConfirmIn } }, async (req) => {
    const { marking } = await readRecord(req, "draft", req.params.id);
    await audited(req, "draft.confirm", async (tx) => {
      const d = await tx.selectFrom("drafts").selectAll().where("id", "=", req.params.id).executeTakeFirstOrThrow();
      if (d.status !== "open") throw new AccordError("conflict", `This draft is ${d.status} already.`);
      const recordMarking: MarkingParsed = req.body.marking ?? { classification: (["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"] as const)[marking.classification], originator: marking.originator, releasableTo: marking.releasableTo === "ALL" ? "ALL" : [...marking.releasableTo], compartments: [...marking.compartments] };
      const outcomes = await confirmDraft(tx, scopeOf(req), d.source_id, JSON.parse(d.proposals) as Proposal[], req.body.decisions, recordMarking, engagementCreator);
      const rec = await readableRecords(tx, scopeOf(req), "draft").selectAll("r").where("r.id", "=", d.id).executeTakeFirstOrThrow();
      await updateRecord(tx, scopeOf(req), "draft", d.id, { title: rec.title, marking, searchText: rec.title, snapshot: { status: "confirmed", outcomes } });
      await tx.updateTable("drafts").set({ status: "confirmed", outcome: JSON.stringify(outcomes) }).where("id", "=", d.id).execute();
      return { result: outcomes, event: { target: d.id, marking: auditMarking(marking), outcome: "success", details: { created: outcomes.filter((o) => o.action === "create").map((o) => o.recordId) } } };
    });
    return present(req, req.params.id);
  });

  r.post("/drafts/:id/discard", { schema: { tags, summary: "Discard a draft (it is kept, marked discarded)", params: IdParams } }, async (req) => {
    const { row, marking } = await readRecord(req, "draft", req.params.id);
    await audited(req, "draft.discard", async (tx) => {
      const d = await tx.selectFrom("drafts").select("status").where("id", "=", row.id).executeTakeFirstOrThrow();
      if (d.status !== "open") throw new AccordError("conflict", `This draft is ${d.status} already.`);
      await updateRecord(tx, scopeOf(req), "draft", row.id, { title: row.title, marking, searchText: row.title, snapshot: { status: "discarded" } });
      await tx.updateTable("drafts").set({ status: "discarded" }).where("id", "=", row.id).execute();
      return { result: null, event: { target: row.id, marking: auditMarking(marking), outcome: "success" } };
    });
    return present(req, req.params.id);
  });

  r.get("/records/:id/sources", { schema: { tags, summary: "The sources a record came from, with the text behind each field", params: IdParams, response: { 200: pageOf(z.any()).omit({ nextCursor: true }) } } }, async (req) => {
    await readRecord(req, null, req.params.id);
    const rows = await db(req).selectFrom("record_sources as rs").innerJoin("sources as s", "s.id", "rs.source_id")
      .select(["rs.source_id", "rs.field", "rs.span_start", "rs.span_end", "rs.quote", "s.publisher", "s.url", "s.published"])
      .where("rs.record_id", "=", req.params.id)
      // Only sources the caller may read themselves.
      .where("rs.source_id", "in", readableRecords(db(req), scopeOf(req), "source").select("r.id"))
      .execute();
    return { items: rows.map((x) => ({ sourceId: x.source_id, field: x.field, start: x.span_start, end: x.span_end, quote: x.quote, publisher: x.publisher, url: x.url, published: x.published })) };
  });
}
