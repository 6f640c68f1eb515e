// Routes over any record: its history, and for security officers who can read it and why a
// given user cannot. All answers are computed over what the caller may read.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { explainRead } from "../../domain/access.ts";
import { toOutput, type Rank } from "../../domain/markings.ts";
import { readableBy, readersOfMarking } from "../../store/access.ts";
import { loadMarkings, nationalTerm } from "../../store/markings.ts";
import { loadViewer } from "../../accounts/users.ts";
import { requireRole, scopeOf, viewerOf } from "../../http/auth.ts";
import { db, Id, IdParams, readRecord, resolveRefs } from "../common.ts";
import { stanag4774Label } from "./label.ts";

const tags = ["records"];

export async function recordRoutesGeneric(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/records/:id", { schema: { tags, summary: "Any record's kind, title and marking (in your national terms too)", params: IdParams } }, async (req) => {
    const { row, marking } = await readRecord(req, null, req.params.id);
    return { id: row.id, kind: row.kind, title: row.title, marking: toOutput(marking), nationalLevel: await nationalTerm(db(req), marking, viewerOf(req).nationality), version: row.version };
  });

  r.get("/records/:id/label.xml", { schema: { tags, summary: "STANAG 4774 confidentiality label (XML) of the record's marking", params: IdParams } }, async (req, reply) => {
    const { marking } = await readRecord(req, null, req.params.id);
    return reply.type("application/xml; charset=utf-8").send(stanag4774Label(marking));
  });

  r.get("/records/:id/history", { schema: { tags, summary: "Versions of a record; versions at markings you may not read are left out", params: IdParams } }, async (req) => {
    await readRecord(req, null, req.params.id);
    const rows = await db(req).selectFrom("record_versions").selectAll()
      .where("record_id", "=", req.params.id)
      .where(readableBy(scopeOf(req), "marking_id"))
      .orderBy("version", "desc").execute();
    const ms = await loadMarkings(db(req), rows.map((v) => v.marking_id));
    const actors = await resolveActors(app, rows.map((v) => v.actor));
    const data = rows.map((v) => JSON.parse(v.data) as unknown);
    // A version names the records it referred to then; those the caller may not read are withheld.
    const refs = await resolveRefs(db(req), scopeOf(req), data.flatMap((d) => [...recordIdsIn(d)]));
    const withheld = new Set([...refs].filter(([, r]) => r.withheld).map(([id]) => id));
    return { items: rows.map((v, i) => ({ version: v.version, at: v.at, actor: actors.get(v.actor) ?? null, marking: toOutput(ms.get(v.marking_id)!), data: redact(data[i], withheld) })) };
  });

  r.get("/records/:id/references", { schema: { tags, summary: "Records this one refers to and that refer to it; unreadable ones are withheld", params: IdParams } }, async (req) => {
    await readRecord(req, null, req.params.id);
    const conn = db(req);
    const id = req.params.id;
    const links = await sql<{ other: string | null; relation: string }>`
      select parent_id as other, 'parent' as relation from organisations where id = ${id}
      union all select id, 'child' from organisations where parent_id = ${id}
      union all select organisation_id, 'organisation' from person_titles where person_id = ${id}
      union all select person_id, 'holder' from person_titles where organisation_id = ${id}
      union all select person_id, 'signatory' from agreement_signatories where agreement_id = ${id}
      union all select agreement_id, 'signed' from agreement_signatories where person_id = ${id}
      union all select organisation_id, 'party' from agreement_parties where agreement_id = ${id}
      union all select agreement_id, 'party_to' from agreement_parties where organisation_id = ${id}
      union all select signed_during, 'signed_during' from agreements where id = ${id}
      union all select id, 'agreement_signed' from agreements where signed_during = ${id}
      union all select attached_to, 'attached_to' from documents where id = ${id}
      union all select id, 'document' from documents where attached_to = ${id}`.execute(conn);
    const found = links.rows.filter((l) => l.other);
    const refs = await resolveRefs(conn, scopeOf(req), found.map((l) => l.other));
    // Withheld references show where they stand; incoming links that are withheld are not shown at all.
    return { items: found.map((l) => ({ relation: l.relation, record: refs.get(l.other!)! })).filter((x) => !x.record.withheld || ["parent", "organisation", "signatory", "party", "signed_during", "attached_to"].includes(x.relation)) };
  });

  r.get("/records/:id/readers", { schema: { tags, summary: "Security officers: who can read this record", params: IdParams } }, async (req) => {
    requireRole(req, "security_officer");
    const { row } = await readRecord(req, null, req.params.id);
    const users = await db(req).selectFrom("users").select(["id", "username", "display_name", "nationality", "clearance"])
      .where(sql<boolean>`id in (${readersOfMarking(row.marking_id)})`).orderBy("username").execute();
    return { items: users.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, nationality: u.nationality, clearance: u.clearance })) };
  });

  r.get("/records/:id/access/:userId", { schema: { tags, summary: "Security officers: why a user can or cannot read this record", params: z.strictObject({ id: Id, userId: Id }) } }, async (req) => {
    requireRole(req, "security_officer");
    const { marking } = await readRecord(req, null, req.params.id);
    const user = await loadViewer(db(req), req.params.userId);
    if (!user) throw new AccordError("not_found", "No such user.");
    const eq = await db(req).selectFrom("level_equivalences").selectAll().where("from_country", "=", marking.originator).execute();
    const decision = explainRead(user, marking, (o, rank, c) => eq.find((e) => e.from_country === o && e.from_rank === rank && e.to_country === c)?.to_rank as Rank | undefined);
    return { user: { id: user.id, username: user.username }, allowed: decision.allowed, reasons: decision.reasons };
  });
}

const RECORD_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

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

async function resolveActors(app: FastifyInstance, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await app.ctx.store.db.selectFrom("users").select(["id", "display_name"]).where("id", "in", unique).execute();
  return new Map(rows.map((u) => [u.id, u.display_name]));
}
