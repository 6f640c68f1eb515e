// The counters every cache of identities and readable sets depends on: `access_generation` (n moves
// on any change the read rule depends on, `added` on each marking added: 005, 043) and
// `auth_generation` (every revocation: 040). A request trusts its caches only while these stand
// where the caches were filled, and reads them in one statement: before its reads, or, for a GET
// that checks after them, in the statement that writes its read audit (src/http/late-check.ts).
import { sql, type CompiledQuery } from "kysely";
import type { Db } from "./db.ts";
import { dialectOf } from "./dialect.ts";
import type { Generations } from "./request-scope.ts";

export type { Generations };

type GenerationsRow = { access: number | string; added: number | string; auth: number | string };

/** The counters' row as a select list, for statements that read them beside other work (audit/write.ts). */
export const GENERATIONS_SELECT = "select a.n as access, a.added as added, g.n as auth from access_generation a cross join auth_generation g where a.id = 1 and g.id = 1";

/**
 * The statement, compiled once per store. On PostgreSQL the counters' key is bound, so db.ts
 * prepares it by name on each connection and PostgreSQL parses and plans it once (without a
 * parameter it went by the simple protocol, parsed and planned on every request: 28 against 11 µs
 * of the backend's CPU, measured alone). On SQLite it stays written in, as before.
 */
const generationStatements = new WeakMap<Db, CompiledQuery<GenerationsRow>>();
export function generationsStatement(db: Db): CompiledQuery<GenerationsRow> {
  let q = generationStatements.get(db);
  if (!q) {
    const one = dialectOf(db) === "postgres" ? sql`${1}` : sql`1`;
    q = sql<GenerationsRow>`select a.n as access, a.added as added, g.n as auth from access_generation a cross join auth_generation g where a.id = ${one} and g.id = ${one}`.compile(db);
    generationStatements.set(db, q);
  }
  return q;
}

/** A request's first statement; a plain promise chain, not an async function around one (one promise less). */
export function readGenerations(db: Db): Promise<Generations> {
  return db.executeQuery(generationsStatement(db)).then(generationsOf);
}

export function generationsOf(result: { rows: readonly GenerationsRow[] }): Generations {
  const row = result.rows[0];
  return { access: Number(row?.access ?? 0), added: Number(row?.added ?? 0), auth: Number(row?.auth ?? 0) };
}
