// Compiled statements kept per readable set, with holes for the values that change between runs
// (a record's id, a list of ids). Building a statement with Kysely and compiling it cost Accord
// ~10-20 µs each (a get made three such statements, a list two to four), for statements whose
// text depends only on the reader's set and their shape: the read rule comes from the set (SQLite
// binds its number in the connection's table, PostgreSQL its key or its ids), and the rest is fixed
// by the statement's name.
//
// Keyed by the set's ids array: MarkingSets replaces a set's array whenever the set changes (never
// changes it in place), and an array belongs to one set of one store, so a changed or another
// set never finds a statement built for this one. The name must say everything else the
// statement's text depends on (kind, a lock, the number of ids where the form follows it).
import type { CompiledQuery } from "kysely";
import type { Scope } from "./access.ts";

/** A value a statement is built with so that where it lands among the parameters can be found. */
class Hole {
  constructor(readonly n: number) {}
}

interface Holed {
  q: CompiledQuery;
  /** For each value, the index of its parameter. */
  at: number[];
}

const kept = new WeakMap<readonly string[], Map<string, Holed | null>>();

/**
 * The readable set a scope's statements may be kept for: the computed set of a signed-in user
 * (statements over the read rule itself, or a system scope, are not kept).
 */
export function keptFor(scope: Scope): readonly string[] | null {
  return scope.userId !== null && scope.markings ? scope.markings.ids : null;
}

/**
 * The statement `build(...values)` compiled, kept for `set` under `name` with each of `values`
 * a hole, and run with `values` in them. A statement in which a value did not land as exactly one
 * parameter of its own (written into the text, transformed, repeated) is not kept: it is built
 * for its values every time, as with no set.
 */
export function keptWith<R>(set: readonly string[] | null, name: string, values: readonly unknown[], build: (...values: never[]) => CompiledQuery<R>): CompiledQuery<R> {
  if (!set) return build(...(values as never[]));
  let named = kept.get(set);
  if (!named) kept.set(set, (named = new Map()));
  let holed = named.get(name);
  if (holed === undefined) named.set(name, (holed = holedStatement(values.length, build)));
  if (!holed) return build(...(values as never[]));
  const parameters = holed.q.parameters.slice();
  for (let i = 0; i < values.length; i++) parameters[holed.at[i]!] = values[i];
  return { query: holed.q.query, queryId: holed.q.queryId, sql: holed.q.sql, parameters } as CompiledQuery<R>;
}

function holedStatement(n: number, build: (...values: never[]) => CompiledQuery<unknown>): Holed | null {
  const holes = Array.from({ length: n }, (_, i) => new Hole(i));
  let q: CompiledQuery<unknown>;
  try {
    q = build(...(holes as never[]));
  } catch {
    return null;
  }
  const at = holes.map((h) => {
    const i = q.parameters.indexOf(h);
    return i >= 0 && q.parameters.lastIndexOf(h) === i ? i : -1;
  });
  if (at.includes(-1) || q.parameters.filter((p) => p instanceof Hole).length !== n) return null;
  return { q, at };
}

/** How many statements are kept for a set (tests). */
export function keptCount(set: readonly string[]): number {
  return keptNames(set).length;
}

/** The names of the statements kept for a set (tests). */
export function keptNames(set: readonly string[]): string[] {
  return [...(kept.get(set) ?? [])].filter(([, q]) => q).map(([name]) => name);
}
