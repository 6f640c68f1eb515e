// What the store knows of the request it is serving, carried by AsyncLocalStorage so that no
// query has to pass it along: whether the request has been answered already (a timeout: no more
// work may reach the database, so a "not saved" answer stays true), whether a write of it has
// committed, and whether its database work runs as one unit in one transaction (a signed-in
// change, committed only as its answer leaves: src/http/units.ts).
import { AsyncLocalStorage } from "node:async_hooks";
import type { CompiledQuery, QueryResult } from "kysely";

export type Run = (q: CompiledQuery) => Promise<QueryResult<unknown>>;

/** How a request asks for its database work to run as one transaction (see src/http/units.ts). */
export interface UnitPolicy {
  /** True once the unit may begin: the request's body has arrived, so no client upload holds it open. */
  ready(): boolean;
  /** Runs first inside the unit's transaction; throws to refuse it (the transaction is then rolled back). */
  claim(run: Run): Promise<void>;
}

/** The open unit: everything the request does runs in its transaction until it is committed or rolled back. */
export interface Unit {
  run: Run;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface RequestScope {
  /** GET and other safe methods: a timeout may answer them whatever they did. */
  safe: boolean;
  /** Answered already (the request's deadline passed): every further statement is refused. */
  expired: boolean;
  /** A write of this request has committed. */
  committed: boolean;
  /** COMMITs (or writes outside a transaction) on their way: their outcome is not known yet. */
  commitsInFlight: number;
  /** The response has gone: a unit is no longer begun for this request. */
  finished: boolean;
  unitPolicy: UnitPolicy | null;
  /** Set by the store when the unit begins. */
  unit: Promise<Unit> | null;
  /** Signals to raise once a writing transaction of this request commits (src/store/commit-signals.ts). */
  onCommit: Set<string>;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function newRequestScope(safe: boolean): RequestScope {
  return { safe, expired: false, committed: false, commitsInFlight: 0, finished: false, unitPolicy: null, unit: null, onCommit: new Set() };
}

/** Raised for database work asked for after the request was answered. */
export class RequestExpiredError extends Error {
  constructor() {
    super("the request was already answered (its time ran out); nothing more is done for it");
  }
}

/**
 * True when this code runs for a request whose database work is one unit of work (a signed-in
 * change): what it writes commits with the request's answer, on the unit's connection.
 */
export function inUnitOfWork(): boolean {
  const scope = requestScope.getStore();
  return Boolean(scope && !scope.finished && (scope.unit || scope.unitPolicy));
}

/** Runs `fn` outside any request: background work must not join a request's unit or its deadline. */
export function outsideRequest<T>(fn: () => T): T {
  return requestScope.exit(fn);
}
