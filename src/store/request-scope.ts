// What the store knows of the request it is serving, carried by AsyncLocalStorage so that no
// query has to pass it along: whether the request has been answered already (a timeout: no more
// work may reach the database, so a "not saved" answer stays true), whether a write of it has
// committed, and whether its database work runs as one unit in one transaction (a signed-in
// change, committed only as its answer leaves: src/http/units.ts).
import { AsyncLocalStorage } from "node:async_hooks";
import type { CompiledQuery, QueryResult } from "kysely";
import type { PendingEvent } from "../audit/chain.ts";
import type { ReadSetRow } from "../audit/write.ts";

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
  /** Statements of this request sent to the database while it has a late check (below), and those not yet answered. */
  statements: number;
  statementsInFlight: number;
  /** The caches this request trusted without reading the counters first, checked after its reads (src/http/late-check.ts). */
  check: GenerationCheck | null;
  /**
   * Such a request's audit events (reads, denials), held until its handler is done and then
   * written by the statement that checks it (audit/group-commit.ts); null when written at once.
   */
  deferredEvents: DeferredEvent[] | null;
}

/** An audit event with no change of its own, and the read set it names. */
export interface DeferredEvent { event: PendingEvent; set: ReadSetRow | null }

/** The counters that every cache of identities and readable sets depends on (identity-cache.ts). */
export interface Generations { access: number; added: number; auth: number }

/**
 * A request that read with cached identity and readable set before reading the counters those
 * caches depend on. Its answer stands only if the counters are found where the caches had them by
 * a statement sent after all of its reads (one that began once the request's own statements had
 * all been answered, with none begun since).
 */
export interface GenerationCheck {
  /** The counters the caches stood at: `access` and `auth` exactly, `added` at most. */
  expected: Generations;
  /** `statements` when a statement that found the counters unmoved was sent (none in flight); -1 before. */
  confirmedAt: number;
  /** A statement found a counter moved: nothing this request computed may be answered. */
  stale: boolean;
}

/** Whether counters read now leave the caches that stood at `expected` valid. */
export function generationsHold(expected: Generations, now: Generations): boolean {
  return now.access === expected.access && now.auth === expected.auth && now.added <= expected.added;
}

/**
 * Records what a statement sent when the request stood at `stamp` (see `stampOf`) found: the
 * request is confirmed up to that point, or stale for good. Answers whether the counters held.
 */
export function settleCheck(check: GenerationCheck, stamp: number, now: Generations): boolean {
  if (!generationsHold(check.expected, now)) {
    check.stale = true;
    return false;
  }
  if (stamp > check.confirmedAt) check.confirmedAt = stamp;
  return true;
}

/** The request's statement count, if none of its statements is in flight (a check sent now follows all its reads); else -1. */
export function stampOf(scope: RequestScope): number {
  return scope.statementsInFlight === 0 ? scope.statements : -1;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function newRequestScope(safe: boolean): RequestScope {
  return { safe, expired: false, committed: false, commitsInFlight: 0, finished: false, unitPolicy: null, unit: null, onCommit: new Set(), statements: 0, statementsInFlight: 0, check: null, deferredEvents: null };
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
