// Routes over any record: its kind, title and marking, its label, its history, its references,
// and for security officers who can read it and why a given user cannot. All through the Reader.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { explainRead, type DenialReason } from "../../domain/access.ts";
import { toOutput, type Rank } from "../../domain/markings.ts";
import { mayAskWhoReads } from "../../domain/policy.ts";
import { readerOf } from "../../http/auth.ts";
import { levelTerm } from "../../store/markings.ts";
import type { Reader } from "../../store/reader.ts";
import { Id, IdParams } from "../common.ts";
import { stanag4774Label } from "./label.ts";
import { LINKS } from "../../kinds.ts";

const tags = ["records"];
const RECORD_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** Relations seen from the record holding the reference: shown even when withheld, where they stand. */
const OUTGOING = new Set(LINKS.map((l) => l.relation));

function recordIdsIn(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === "string" && RECORD_ID.test(v)) out.add(v);
  else if (Array.isArray(v)) for (const x of v) recordIdsIn(x, out);
  else if (v && typeof v === "object") for (const x of Object.values(v)) recordIdsIn(x, out);
  return out;
}

function redact(v: unknown, withheld: Set<string>): unknown {
  if (typeof v === "string") return withheld.has(v) ? "(withheld)" : v;
  if (Array.isArray(v)) return v.map((x) => redact(x, withheld));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x, withheld)]));
  return v;
}

/** Only security officers ask who may read a record (checked before the record is read). */
function officer(reader: Reader): void {
  if (!mayAskWhoReads(reader.actor)) throw new AccordError("forbidden", "This needs the role security_officer.");
}

export async function recordRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/records/:id", { config: { checkAfterReads: true }, schema: { tags, summary: "Any record's kind, title and marking (in your national terms too)", params: IdParams } }, async (req) => {
    const reader = readerOf(req);
    const rec = await reader.get(null, req.params.id);
    return { id: rec.id, kind: rec.kind, title: rec.title, marking: toOutput(rec.marking), nationalLevel: await reader.nationalTerm(rec.marking, reader.viewer.nationality), version: rec.version };
  });

  r.get("/records/:id/label.xml", { schema: { tags, summary: "STANAG 4774 confidentiality label (XML) of the record's marking", params: IdParams } }, async (req, reply) => {
    const rec = await readerOf(req).get(null, req.params.id);
    return reply.type("application/xml; charset=utf-8").send(stanag4774Label(rec.marking));
  });

  r.get("/records/:id/history", { config: { checkAfterReads: true }, schema: { tags, summary: "Versions of a record; versions at markings you may not read are left out", params: IdParams } }, async (req) => {
    const reader = readerOf(req);
    const rec = await reader.get(null, req.params.id);
    // Each version is filtered by its own marking (record_versions carries one: see store/tables.ts).
    const rows = await reader.children("record_versions", [rec.id]).selectAll().orderBy("version", "desc").execute();
    const [ms, actors] = await Promise.all([reader.markings(rows.map((v) => v.marking_id)), reader.userNames(rows.map((v) => v.actor))]);
    const data = rows.map((v) => JSON.parse(v.data) as unknown);
    // A version names the records it referred to then; those the caller may not read are withheld.
    const refs = await reader.refs(data.flatMap((d) => [...recordIdsIn(d)]));
    const withheld = new Set([...refs].filter(([, x]) => x.withheld).map(([id]) => id));
    return { items: rows.map((v, i) => ({ version: v.version, at: v.at, actor: actors.get(v.actor) ?? null, marking: toOutput(ms.get(v.marking_id)!), data: redact(data[i], withheld) })) };
  });

  r.get("/records/:id/references", { config: { checkAfterReads: true }, schema: { tags, summary: "Records this one refers to and that refer to it; unreadable ones are withheld", params: IdParams } }, async (req) => {
    const reader = readerOf(req);
    const rec = await reader.get(null, req.params.id);
    const found = await reader.links(rec, LINKS);
    const refs = await reader.refs(found.map((l) => l.other));
    // Withheld references show where they stand; incoming links that are withheld are not shown at all.
    return { items: found.map((l) => ({ relation: l.relation, record: refs.get(l.other)! })).filter((x) => !x.record.withheld || OUTGOING.has(x.relation)) };
  });

  r.get("/records/:id/readers", { schema: { tags, summary: "Security officers: who can read this record", params: IdParams } }, async (req) => {
    const reader = readerOf(req);
    officer(reader);
    const users = await reader.readersOf(await reader.get(null, req.params.id));
    return { items: users.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, nationality: u.nationality, clearance: u.clearance })) };
  });

  r.get("/records/:id/access/:userId", { schema: { tags, summary: "Security officers: why a user can or cannot read this record", params: z.strictObject({ id: Id, userId: Id }) } }, async (req) => {
    const reader = readerOf(req);
    officer(reader);
    const { marking } = await reader.get(null, req.params.id);
    const user = await reader.user(req.params.userId);
    if (!user) throw new AccordError("not_found", "No such user.");
    const eq = await reader.reference("level_equivalences").selectAll().where("from_country", "=", marking.originator).execute();
    const decision = explainRead(user, marking, (o, rank, c) => eq.find((e) => e.from_country === o && e.from_rank === rank && e.to_country === c)?.to_rank as Rank | undefined);
    // Levels named in the user's national terms, for the explanation in the officer's language.
    const levels = await reader.reference("classification_levels").select(["rank", "name", "native_name"]).where("country", "=", user.nationality).execute();
    const term = (rank: Rank) => levelTerm(levels.find((l) => l.rank === rank), rank);
    const params = (rule: DenialReason): Record<string, string> => {
      switch (rule) {
        case "clearance": return { clearance: term(user.clearance), required: term(decision.effectiveRank) };
        case "nationality": return { country: user.nationality };
        case "compartments": return { missing: marking.compartments.filter((c) => !user.compartments.includes(c)).join(", ") };
        case "inactive": return { status: user.status };
        case "malformed": return {};
      }
    };
    return { user: { id: user.id, username: user.username }, allowed: decision.allowed, reasons: decision.reasons.map((r) => ({ ...r, params: params(r.rule) })) };
  });
}
