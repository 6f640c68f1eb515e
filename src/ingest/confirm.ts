// Confirming a draft: each proposal is created, linked to the record it matched, used to update
// that record, or skipped, as the analyst decides (with their corrections). Everything happens in
// one transaction, and every created or updated record keeps its source and the spans of text
// behind its fields.
import { sql } from "kysely";
import { AccordError, invalid } from "../domain/errors.ts";
import type { ReadRecord, Writer } from "../store/reader.ts";
import { createOrganisation } from "../resources/organisations/write.ts";
import { createPerson } from "../resources/people/write.ts";
import { createForum } from "../resources/forums/write.ts";
import { createMeeting, updateMeeting } from "../resources/meetings/write.ts";
import { createAgreement, updateAgreement } from "../resources/agreements/write.ts";
import type { MarkingParsed as MarkingInput } from "../domain/markings.ts";
import type { Proposal } from "./propose.ts";
import type { Span } from "./spans.ts";

export interface Decision {
  key: string;
  action?: "create" | "link" | "update" | "skip" | undefined;
  recordId?: string | undefined;
  fields?: Record<string, unknown> | undefined;
}

/**
 * What was done with a proposal. `refused`: the store refused it (a meeting number already taken
 * by a meeting the analyst may not read, a record gone from their view, a rule of the kind); the
 * real reason goes to the audit log only, and the analyst gets REFUSED, which names nothing.
 */
export interface Outcome { key: string; action: string; recordId: string | null; refusal?: { code: string; reason: string } }

/** The one answer for every proposal the store refused: the same whatever the reason (issue 13). */
export const REFUSED = "Cannot be created here: ask someone with access.";

/** A refusal of one proposal, as opposed to a mistake in the request (which fails it whole). */
const isRefusal = (err: unknown): err is AccordError => err instanceof AccordError && ["conflict", "forbidden", "not_found"].includes(err.code);

/** Runs one proposal's writes in a savepoint, so a refused proposal leaves the others standing. */
async function attempt<T>(w: Writer, n: number, work: () => Promise<T>): Promise<{ ok: T } | { refused: AccordError }> {
  const name = sql.raw(`accord_proposal_${n}`);
  await sql`savepoint ${name}`.execute(w.tx);
  try {
    const ok = await work();
    await sql`release savepoint ${name}`.execute(w.tx);
    return { ok };
  } catch (err) {
    if (!isRefusal(err)) throw err;
    await sql`rollback to savepoint ${name}`.execute(w.tx);
    await sql`release savepoint ${name}`.execute(w.tx);
    return { refused: err };
  }
}

const ORDER = ["organisation", "person", "forum", "meeting", "agreement", "engagement"] as const;

export type EngagementCreator = (w: Writer, marking: MarkingInput, fields: Record<string, unknown>, ids: { leaderId: string | null; hostIds: string[]; }) => Promise<string>;

export async function confirmDraft(w: Writer, sourceId: string, proposals: Proposal[], decisions: Decision[], marking: MarkingInput, createEngagement: EngagementCreator): Promise<Outcome[]> {
  const byKey = new Map(decisions.map((d) => [d.key, d]));
  for (const d of decisions) if (!proposals.some((p) => p.key === d.key)) throw invalid(`decisions.${d.key}`, "known_proposal", "no such proposal in this draft");
  const ids = new Map<string, string>();
  const refused = new Set<string>();
  const outcomes: Outcome[] = [];
  const idOf = (k: string | null | undefined) => (k ? (ids.get(k) ?? null) : null);
  // A proposal that needs one the store refused is refused with it (a meeting whose forum was refused).
  const needs = (k: string | null | undefined) => {
    if (k && refused.has(k)) throw new AccordError("conflict", `It depends on ${k}, which was refused.`);
    return idOf(k);
  };
  let n = 0;
  for (const kind of ORDER) {
    for (const p of proposals.filter((x) => x.kind === kind)) {
      const d = byKey.get(p.key);
      const action = d?.action ?? p.suggested;
      const f = { ...p.fields, ...(d?.fields ?? {}) };
      const field = (name: string) => `decisions.${p.key}.fields.${name}`;
      if (action === "skip") {
        outcomes.push({ key: p.key, action, recordId: null });
        continue;
      }
      const done = await attempt(w, ++n, async () => {
        let id: string;
        if (action === "link" || action === "update") {
          const named = d?.recordId ?? p.match?.id ?? null;
          if (!named) throw invalid(`decisions.${p.key}.recordId`, "required", "name the existing record to link to");
          const linked = await w.find(kind === "engagement" ? null : kind, named);
          if (!linked) throw invalid(`decisions.${p.key}.recordId`, "known_record", `no such ${kind}`);
          if (action === "update") await update(w, kind, linked, f, p, idOf);
          id = linked.id;
        } else {
          id = await create(w, kind, f, p, marking, { idOf, needs }, field, createEngagement);
        }
        if (action !== "link") await keepSpans(w, id, sourceId, p.spans);
        return id;
      });
      if ("refused" in done) {
        refused.add(p.key);
        outcomes.push({ key: p.key, action: "refused", recordId: null, refusal: { code: done.refused.code, reason: done.refused.message } });
        continue;
      }
      ids.set(p.key, done.ok);
      outcomes.push({ key: p.key, action, recordId: done.ok });
    }
  }
  return outcomes;
}

type IdOf = (k: string | null | undefined) => string | null;

async function create(w: Writer, kind: Proposal["kind"], f: Record<string, unknown>, p: Proposal, marking: MarkingInput, { idOf, needs }: { idOf: IdOf; needs: IdOf }, field: (n: string) => string, createEngagement: EngagementCreator): Promise<string> {
  const need = <T>(name: string, v: T | null | undefined): T => {
    if (v === null || v === undefined || v === "") throw invalid(field(name), "required", "the text does not say; give it to create this record");
    return v;
  };
  const str = (v: unknown) => (typeof v === "string" && v ? v : null);
  switch (kind) {
    case "organisation":
      return (await createOrganisation(w, { marking, name: need("name", str(f.name)), aliases: [], country: need("country", str(f.country)), kind: (str(f.kind) ?? "other") as never, parentId: null })).id;
    case "person":
      return (await createPerson(w, { marking, name: need("name", str(f.name)), country: need("country", str(f.country)), titles: str(f.title) ? [{ title: str(f.title)!, organisationId: null, from: null, to: null }] : [] })).id;
    case "forum": {
      const members = (Array.isArray(f.members) ? f.members : []) as string[];
      const name = need("name", str(f.name));
      return (await createForum(w, { marking, name, kind: /working group/i.test(name) ? (/sub/i.test(name) ? "sub_working_group" : "jwg") : /dialogue/i.test(name) ? "dialogue" : "other", members: need("members", members.length ? members.map((country) => ({ country, coChairRole: null })) : null) })).id;
    }
    case "meeting": {
      const forumId = need("forum", needs(p.refs.forum as string));
      const coChairs = [];
      for (const k of (p.refs.coChairs as string[] | undefined) ?? []) {
        const personId = idOf(k);
        if (!personId) continue;
        const person = await w.tx.selectFrom("people").select("country").where("id", "=", personId).executeTakeFirst();
        const member = person && await w.tx.selectFrom("forum_members").select("country").where("forum_id", "=", forumId).where("country", "=", person.country).executeTakeFirst();
        if (member) coChairs.push({ country: person.country, personId });
      }
      return (await createMeeting(w, {
        marking, forumId, sequence: typeof f.sequence === "number" ? f.sequence : undefined, dateStart: str(f.dateStart), dateEnd: str(f.dateEnd), venueCity: str(f.venueCity),
        venueCountry: null, coChairs, participants: [],
      })).id;
    }
    case "agreement": {
      const countries = (Array.isArray(f.countries) ? f.countries : []) as string[];
      const kindName = str(f.kind) ?? "Other";
      return (await createAgreement(w, {
        marking, kind: kindName as never, title: str(f.title) ?? `${kindName} between ${countries.join(" and ") || "the parties"}${f.signedOn ? ` (${f.signedOn})` : ""}`,
        status: "signed", parties: need("countries", countries.length ? countries.map((country) => ({ country })) : null),
        signatoryIds: [], signedOn: str(f.signedOn), signedAt: str(f.signedAt), signedDuringId: idOf(p.refs.signedDuring as string), areas: (f.areas as string[] | undefined) ?? [],
      })).id;
    }
    case "engagement": {
      const hostIds = ((p.refs.hosts as string[] | undefined) ?? []).map(idOf).filter((x): x is string => Boolean(x));
      return createEngagement(w, marking, f, { leaderId: idOf(p.refs.leader as string), hostIds });
    }
  }
}

/** An update fills what the recorded event lacks; it never overwrites what is recorded. */
async function update(w: Writer, kind: Proposal["kind"], rec: ReadRecord, f: Record<string, unknown>, p: Proposal, idOf: (k: string | null | undefined) => string | null): Promise<void> {
  const str = (v: unknown) => (typeof v === "string" && v ? v : null);
  if (kind === "meeting") {
    const m = await w.children("meetings", [rec.id]).selectAll().executeTakeFirstOrThrow();
    await updateMeeting(w, rec, {
      ...(m.date_start ? {} : { dateStart: str(f.dateStart) }), ...(m.date_end ? {} : { dateEnd: str(f.dateEnd) }), ...(m.venue_city ? {} : { venueCity: str(f.venueCity) }),
    });
  } else if (kind === "agreement") {
    const a = await w.children("agreements", [rec.id]).selectAll().executeTakeFirstOrThrow();
    const areas = (await w.children("agreement_areas", [rec.id]).select("area").execute()).map((x) => x.area);
    await updateAgreement(w, rec, {
      ...(a.signed_at ? {} : { signedAt: str(f.signedAt) }),
      ...(a.signed_during ? {} : { signedDuringId: idOf(p.refs.signedDuring as string) }),
      areas: [...new Set([...areas.sort(), ...((f.areas as string[] | undefined) ?? [])])],
    });
  } else {
    throw invalid(`decisions.${p.key}.action`, "supported", `a ${kind} can be linked or created, not updated`);
  }
}

async function keepSpans(w: Writer, recordId: string, sourceId: string, spans: Record<string, Span | null>): Promise<void> {
  await w.tx.deleteFrom("record_sources").where("record_id", "=", recordId).where("source_id", "=", sourceId).execute();
  const rows = Object.entries(spans).map(([field, s]) => ({ record_id: recordId, source_id: sourceId, field, span_start: s?.start ?? null, span_end: s?.end ?? null, quote: s?.quote ?? null }));
  if (rows.length) await w.tx.insertInto("record_sources").values(rows).execute();
}

