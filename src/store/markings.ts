// Interning and loading of markings, and their validation against the reference data.
import { ulid } from "ulid";
import { ALL, LEVELS, markingKey, normalise, rankOf, type Marking, type MarkingInput, type Rank } from "../domain/markings.ts";
import { AccordError, type FieldIssue } from "../domain/errors.ts";
import type { Conn } from "./db.ts";

/** Resolves an API marking against the platform's countries and compartments; unknown values are refused. */
export async function resolveMarking(conn: Conn, input: MarkingInput, defaultOriginator: string, field = "marking"): Promise<Marking> {
  const m = normalise({
    classification: rankOf(input.classification),
    originator: input.originator ?? defaultOriginator,
    releasableTo: input.releasableTo === ALL ? ALL : input.releasableTo,
    compartments: input.compartments ?? [],
  });
  const issues: FieldIssue[] = [];
  const countries = [m.originator, ...(m.releasableTo === ALL ? [] : m.releasableTo)];
  const known = new Set((await conn.selectFrom("countries").select("code").where("code", "in", countries).execute()).map((r) => r.code));
  if (!known.has(m.originator)) issues.push({ field: `${field}.originator`, rule: "known_country", message: `unknown country ${m.originator}` });
  if (m.releasableTo !== ALL) {
    for (const c of m.releasableTo) if (!known.has(c)) issues.push({ field: `${field}.releasableTo`, rule: "known_country", message: `unknown country ${c}` });
  }
  if (m.compartments.length) {
    const comps = new Set((await conn.selectFrom("compartments").select("code").where("code", "in", [...m.compartments]).execute()).map((r) => r.code));
    for (const c of m.compartments) if (!comps.has(c)) issues.push({ field: `${field}.compartments`, rule: "known_compartment", message: `unknown compartment ${c}` });
  }
  if (issues.length) throw new AccordError("validation_failed", issues.map((i) => `${i.field}: ${i.message}`).join("; "), issues);
  return m;
}

/** Returns the id of this marking, creating it on first use (race-safe: the key is unique). */
export async function internMarking(conn: Conn, marking: Marking): Promise<string> {
  const m = normalise(marking);
  const key = markingKey(m);
  const found = await conn.selectFrom("markings").select("id").where("key", "=", key).executeTakeFirst();
  if (found) return found.id;
  const id = ulid();
  await conn
    .insertInto("markings")
    .values({ id, key, cls: m.classification, originator: m.originator, rel_all: m.releasableTo === ALL ? 1 : 0 })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await conn.selectFrom("markings").select("id").where("key", "=", key).executeTakeFirstOrThrow();
  if (row.id === id) {
    if (m.releasableTo !== ALL && m.releasableTo.length) {
      await conn.insertInto("marking_countries").values(m.releasableTo.map((country) => ({ marking_id: id, country }))).execute();
    }
    if (m.compartments.length) {
      await conn.insertInto("marking_compartments").values(m.compartments.map((compartment) => ({ marking_id: id, compartment }))).execute();
    }
  }
  return row.id;
}

/**
 * A marking's value never changes once interned (its id names that value; readability changes
 * through the read rule, not here), so markings loaded once are kept by id for every later read:
 * per store (by its Kysely adapter, which its transactions share), since two stores in one process
 * (tests, the bench's comparisons) may hold different markings under one id. The objects kept are
 * shared and frozen, so their output form is built once too (`toOutput`).
 *
 * Kept in a plain Map, the oldest loaded dropped past `markingsKept.max` (one dropped is loaded again when
 * next asked for: its value is the same): a least-recently-used cache moved each marking of each
 * page to its tail on every read, after a Set and an array of the page's ids were made (a page of
 * 50 from 30 kept markings, Node 24: 2.5 -> 1.8 µs).
 */
/** How many markings each store keeps (a setting for tests). */
export const markingsKept = { max: 50_000 };
const loadedByStore = new WeakMap<object, Map<string, Marking>>();

function loadedOf(conn: Conn): Map<string, Marking> {
  const key = conn.getExecutor().adapter;
  let cache = loadedByStore.get(key);
  if (!cache) loadedByStore.set(key, (cache = new Map<string, Marking>()));
  return cache;
}

/** Loads markings by id, with their country and compartment lists: those not yet known in three queries. */
export async function loadMarkings(conn: Conn, ids: readonly string[]): Promise<Map<string, Marking>> {
  const out = new Map<string, Marking>();
  const loaded = loadedOf(conn);
  let missing: Set<string> | null = null;
  for (const id of ids) {
    const known = loaded.get(id);
    if (known) out.set(id, known);
    else (missing ??= new Set()).add(id);
  }
  if (!missing) return out;
  const asked = [...missing];
  const rows = await conn.selectFrom("markings").selectAll().where("id", "in", asked).execute();
  const countries = await conn.selectFrom("marking_countries").selectAll().where("marking_id", "in", asked).execute();
  const comps = await conn.selectFrom("marking_compartments").selectAll().where("marking_id", "in", asked).execute();
  for (const r of rows) {
    const m: Marking = Object.freeze({
      classification: r.cls as Rank,
      originator: r.originator,
      releasableTo: r.rel_all ? ALL : Object.freeze(countries.filter((c) => c.marking_id === r.id).map((c) => c.country).sort()),
      compartments: Object.freeze(comps.filter((c) => c.marking_id === r.id).map((c) => c.compartment).sort()),
    });
    if (!loaded.has(r.id) && loaded.size >= markingsKept.max) loaded.delete(loaded.keys().next().value!);
    loaded.set(r.id, m);
    out.set(r.id, m);
  }
  return out;
}

export async function loadMarking(conn: Conn, id: string): Promise<Marking> {
  const m = (await loadMarkings(conn, [id])).get(id);
  if (!m) throw new Error(`marking ${id} is missing`);
  return m;
}

/** The level name a country gives a common rank, through the equivalence table when one applies. */
export async function nationalTerm(conn: Conn, m: Marking, viewerCountry: string): Promise<string> {
  const eq = await conn
    .selectFrom("level_equivalences")
    .select("to_rank")
    .where("from_country", "=", m.originator)
    .where("from_rank", "=", m.classification)
    .where("to_country", "=", viewerCountry)
    .executeTakeFirst();
  const rank = Math.max(m.classification, eq?.to_rank ?? 0);
  const level = await conn
    .selectFrom("classification_levels")
    .select(["name", "native_name"])
    .where("country", "=", viewerCountry)
    .where("rank", "=", rank)
    .executeTakeFirst();
  return levelTerm(level, rank as Rank);
}

/** A country's name for a level, with its native form when that differs ("Secret (Gupt)"); the common name when the country has none. */
export function levelTerm(level: { name: string; native_name: string | null } | undefined, rank: Rank): string {
  return level ? `${level.name}${level.native_name && level.native_name !== level.name ? ` (${level.native_name})` : ""}` : LEVELS[rank];
}

