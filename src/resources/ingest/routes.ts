// Press-release ingestion (issue 5): paste or upload a statement → a draft of proposed records
// linked to the registry → the analyst confirms or corrects each → records with their source.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { refuseNul } from "../../http/problem.ts";
import { LEVELS, MarkingInput, type MarkingParsed } from "../../domain/markings.ts";
import { grant, grantCreate } from "../../domain/policy.ts";
import { registryRecords } from "../../ingest/registry.ts";
import { TaskInputError } from "../../workers/pool.ts";
import { propose, type Proposal } from "../../ingest/propose.ts";
import { confirmDraft, REFUSED, type EngagementCreator } from "../../ingest/confirm.ts";
import { auditMarking, type ReadRecord, type Reader, type Reference, type Refs, type Writer } from "../../store/reader.ts";
import { createRecord, updateRecord } from "../../store/records.ts";
import { uploadRoutes } from "../../http/uploads.ts";
import { readerOf } from "../../http/auth.ts";
import { pageOf, PageQuery } from "../../http/pagination.ts";
import { Id, IdParams, Text } from "../common.ts";
import { createEngagement } from "../engagements/write.ts";
import { draftPolicy, sourcePolicy } from "./policy.ts";
import { sourceTitle } from "./sources.ts";

const tags = ["ingestion"];
const MAX_TEXT = 1_000_000;
const DraftIn = z.strictObject({
  text: z.string().min(1).max(MAX_TEXT),
  marking: MarkingInput,
  publisher: Text(200).nullable().optional(),
  // Only web addresses: a `javascript:` or `data:` address would run or render when a reader follows it.
  url: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional().describe("the statement's address: http or https only"),
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
const engagementCreator: EngagementCreator = async (w, marking, f, ids) => {
  const str = (v: unknown) => (typeof v === "string" && v ? v : null);
  const hosts = await w.readable(ids.hostIds);
  const kind = f.kind === "call_on" ? "call_on" : "visit";
  const names = hosts.map((h) => h.title).join(", ");
  const title = kind === "call_on" ? `Call on ${names || "host"}` : `Visit to ${names || str(f.hostCountry) || "hosts"}`;
  return (await createEngagement(w, {
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

/** A proposal's match for this reader: the record's current title if they may read it, else withheld. */
function matchFor(refs: Refs, match: { id: string } | null): Reference | null {
  return match ? (refs.get(match.id) ?? { id: null, withheld: true }) : null;
}

/**
 * A draft with its source and proposals, for this reader. Matches and outcomes are references,
 * resolved now through the read rule: one the reader may not read is withheld (no id, no title),
 * whoever made the draft and whatever its marking (issue 11).
 */
async function presentDraft(reader: Reader, rec: ReadRecord) {
  const d = await reader.children("drafts", [rec.id]).selectAll().executeTakeFirstOrThrow();
  const [source] = await reader.readable([d.source_id], ["source"]);
  const src = source && await reader.children("sources", [source.id]).selectAll().executeTakeFirst();
  const proposals = JSON.parse(d.proposals) as Proposal[];
  const outcomes = await reader.children("draft_outcomes", [rec.id]).selectAll().orderBy("position").execute();
  const refs = await reader.refs([...proposals.map((p) => p.match?.id), ...outcomes.map((o) => o.record_id)]);
  return {
    id: rec.id as string, title: rec.title, status: d.status, marking: auditMarking(rec.marking),
    source: src ? { id: src.id, text: src.text, publisher: src.publisher, url: webAddress(src.url), published: src.published } : null,
    proposals: proposals.map((p) => ({ ...p, match: matchFor(refs, p.match) })),
    outcome: d.status === "confirmed" ? outcomes.map((o) => {
      const record = o.record_id ? (refs.get(o.record_id) ?? { id: null, withheld: true as const }) : null;
      return { key: o.proposal_key, action: o.action, recordId: record?.id ?? null, record, ...(o.action === "refused" ? { reason: REFUSED } : {}) };
    }) : null,
  };
}

/** A stored address shown only if it is a web address (older drafts took any scheme). */
const webAddress = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

export async function ingestRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // A statement may come as a multipart upload of a text file.
  await uploadRoutes(app, statementRoute);

  r.get("/drafts", { config: { checkAfterReads: true }, schema: { tags, summary: "Drafts you may read, newest first", querystring: PageQuery } }, async (req) => {
    const reader = readerOf(req);
    const page = await reader.page("draft", req.query);
    const rows = await reader.children("drafts", page.rows.map((x) => x.id)).select(["id", "status"]).execute();
    return { items: page.rows.map((x) => ({ id: x.id, title: x.title, status: rows.find((d) => d.id === x.id)?.status, createdAt: x.created_at })), nextCursor: page.nextCursor };
  });

  r.get("/drafts/:id", { config: { checkAfterReads: true }, schema: { tags, summary: "A draft with its source and proposals", params: IdParams } }, async (req) => {
    const reader = readerOf(req);
    return presentDraft(reader, await reader.get("draft", req.params.id));
  });

  /** An open draft, read once in the transaction, with the policy's grant for the step. */
  const openDraft = async (w: Writer, id: string, step: "confirm" | "discard") => {
    const rec = await w.get("draft", id);
    const d = await w.children("drafts", [rec.id]).selectAll().executeTakeFirstOrThrow();
    const allowed = grant(draftPolicy, step, w.actor, { status: d.status }, `Your roles do not allow editing draft records.`);
    if (d.status !== "open") throw new AccordError("conflict", `This draft is ${d.status} already.`);
    return { rec, d, allowed };
  };

  r.post("/drafts/:id/confirm", { schema: { tags, summary: "Create, link, update or skip each proposal; records keep their source", params: IdParams, body: ConfirmIn } }, async (req) =>
    readerOf(req).transaction("draft.confirm", req.params.id, async (w) => {
      const { rec, d, allowed } = await openDraft(w, req.params.id, "confirm");
      const m = rec.marking;
      const recordMarking: MarkingParsed = req.body.marking ?? { classification: LEVELS[m.classification], originator: m.originator, releasableTo: m.releasableTo === "ALL" ? "ALL" : [...m.releasableTo], compartments: [...m.compartments] };
      const outcomes = await confirmDraft(w, d.source_id, JSON.parse(d.proposals) as Proposal[], req.body.decisions, recordMarking, engagementCreator);
      // The draft's version says what was done, never with which records: those are links, read per reader.
      const done = await updateRecord(w, rec, { title: rec.title, marking: m, searchText: rec.title, snapshot: { status: "confirmed", outcomes: outcomes.map((o) => ({ key: o.key, action: o.action })) } }, { grant: allowed });
      await w.tx.updateTable("drafts").set({ status: "confirmed", outcome: null }).where("id", "=", d.id).execute();
      if (outcomes.length) {
        await w.tx.insertInto("draft_outcomes").values(outcomes.map((o, position) => ({ draft_id: d.id, position, proposal_key: o.key, action: o.action, record_id: o.recordId }))).execute();
      }
      const refused = outcomes.filter((o) => o.refusal).map((o) => ({ key: o.key, ...o.refusal }));
      return {
        result: await presentDraft(w, done),
        event: { target: d.id, marking: auditMarking(m), outcome: "success", details: { created: outcomes.filter((o) => o.action === "create").map((o) => o.recordId), ...(refused.length ? { refused } : {}) } },
      };
    }));

  r.post("/drafts/:id/discard", { schema: { tags, summary: "Discard a draft (it is kept, marked discarded)", params: IdParams } }, async (req) =>
    readerOf(req).transaction("draft.discard", req.params.id, async (w) => {
      const { rec, d, allowed } = await openDraft(w, req.params.id, "discard");
      const done = await updateRecord(w, rec, { title: rec.title, marking: rec.marking, searchText: rec.title, snapshot: { status: "discarded" } }, { grant: allowed });
      await w.tx.updateTable("drafts").set({ status: "discarded" }).where("id", "=", d.id).execute();
      return { result: await presentDraft(w, done), event: { target: rec.id, marking: auditMarking(rec.marking), outcome: "success" } };
    }));

  r.get("/records/:id/sources", { config: { checkAfterReads: true }, schema: { tags, summary: "The sources a record came from, with the text behind each field", params: IdParams, response: { 200: pageOf(z.any()).omit({ nextCursor: true }) } } }, async (req) => {
    const reader = readerOf(req);
    const rec = await reader.get(null, req.params.id);
    const spans = await reader.children("record_sources", [rec.id]).selectAll().execute();
    // Only sources the caller may read themselves.
    const sources = await reader.readable(spans.map((s) => s.source_id), ["source"]);
    const rows = new Map((await reader.children("sources", sources.map((s) => s.id)).selectAll().execute()).map((s) => [s.id, s]));
    return {
      items: spans.filter((x) => rows.has(x.source_id)).map((x) => {
        const s = rows.get(x.source_id)!;
        return { sourceId: x.source_id, field: x.field, start: x.span_start, end: x.span_end, quote: x.quote, publisher: s.publisher, url: s.url, published: s.published };
      }),
    };
  });
}

/** A draft from a statement: JSON, or a multipart upload of a text file. */
function statementRoute(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post("/drafts", {
    bodyLimit: MAX_TEXT * 4 + 64 * 1024,
    schema: { tags, summary: "Extract a draft of records from a statement (JSON, or multipart with a text `file`, `marking` JSON and `published`)" },
  }, async (req, reply) => {
    const input = await readText(req);
    const reader = readerOf(req);
    const marking = await reader.resolveMarking(input.marking);
    // Matched only against records every reader of the draft may read: the draft shows its readers
    // the matches, so the author's wider view must not reach into it (issue 11).
    const registry = reader.boundTo(marking);
    let extraction;
    try {
      // In the worker pool: a megabyte of text takes seconds of CPU, which must not stop other requests.
      extraction = await req.server.ctx.pool.extract(input.text, input.published ?? undefined, await registryRecords(registry));
    } catch (err) {
      if (err instanceof TaskInputError) throw new AccordError("validation_failed", `text: ${err.message}`, [{ field: "text", rule: "readable_text", message: err.message }]);
      throw err;
    }
    const item = await reader.transaction("draft.create", null, async (w) => {
      const title = sourceTitle(input.publisher ?? extraction.source.publisher, input.published ?? extraction.source.published, extraction.source.title);
      const source = await createRecord(w, "source", { title, marking, searchText: input.text.slice(0, 20_000), snapshot: { publisher: input.publisher ?? extraction.source.publisher, url: input.url ?? null } }, { grant: grantCreate(sourcePolicy, w.actor, "source") });
      await w.tx.insertInto("sources").values({ id: source.id, text: input.text, publisher: input.publisher ?? extraction.source.publisher, url: input.url ?? null, published: input.published ?? extraction.source.published }).execute();
      const proposals = await propose(w.boundTo(marking), input.text, extraction);
      const draft = await createRecord(w, "draft", { title: `Draft: ${title}`, marking, searchText: `${title} ${input.text.slice(0, 20_000)}`, snapshot: { proposals: proposals.length } }, { grant: grantCreate(draftPolicy, w.actor, "draft") });
      await w.tx.insertInto("drafts").values({ id: draft.id, source_id: source.id, status: "open", proposals: JSON.stringify(proposals), outcome: null }).execute();
      return { result: await presentDraft(w, draft), event: { target: draft.id, marking: auditMarking(marking), outcome: "success", details: { source: source.id, proposals: proposals.length } } };
    });
    return reply.code(201).send(item);
  });
}
