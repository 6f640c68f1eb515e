// Sign-in throttling that cannot be turned against the account's owner (issue 10, SPEC 3.6).
// Failures slow down the pair of account name and address: free attempts, then growing delays,
// then a temporary block of that pair only. Two wider bounds stop spraying: many failures from one
// address, or on one account from many addresses, close them, but only to pairs that have never
// signed in: an account's known addresses keep working. And the account bound never stops the
// right password with a right second factor (see signin.ts), which no spray can guess. A success
// clears its own pair's failures and nothing else, so one valid account cannot reset the bounds
// that protect the others.
// Every count lives in the database, so all server processes share it.
import { normalizeIP } from "@fastify/rate-limit";
import type { Conn, Db } from "../store/db.ts";

export interface ThrottleConfig {
  /** Failures older than this no longer count against an address or an account. */
  windowMs: number;
  /**
   * Failures of one pair count this long (unless it signs in): longer than the block, so once a
   * block ends each further failure blocks the pair again.
   */
  pairWindowMs: number;
  /** Failures of one account from one address before delays start. */
  pairFreeFailures: number;
  /** The first delay; each further failure doubles it. */
  pairBaseDelayMs: number;
  /** Failures of one pair that block it. */
  pairBlockAfter: number;
  /** How long a blocked pair stays blocked after its last failure. */
  pairBlockMs: number;
  /** Failures from one address (all accounts) that close it to accounts never signed in from it. */
  maxAddressFailures: number;
  /** Failures on one account (all addresses) that close it to addresses it never signed in from. */
  maxAccountFailures: number;
  /** A successful sign-in makes the address known to the account for this long. */
  knownAddressMs: number;
}

export const DEFAULT_THROTTLE: ThrottleConfig = {
  windowMs: 15 * 60_000,
  pairWindowMs: 24 * 60 * 60_000,
  pairFreeFailures: 3,
  pairBaseDelayMs: 1_000,
  pairBlockAfter: 10,
  pairBlockMs: 15 * 60_000,
  maxAddressFailures: 50,
  maxAccountFailures: 100,
  knownAddressMs: 90 * 24 * 60 * 60_000,
};

/** What the store holds about an attempt's account and address, as times in ms, newest first. */
export interface ThrottleState {
  /** The pair's failures in its window since its last success (at most `pairBlockAfter`). */
  pair: number[];
  /** The address's failures in the window, all accounts (at most `maxAddressFailures`). */
  address: number[];
  /** The account's failures in the window, all addresses (at most `maxAccountFailures`). */
  account: number[];
  /** The account signed in from this address within `knownAddressMs`. */
  known: boolean;
}

export type ThrottleReason = "pair_delay" | "pair_block" | "address" | "account";
export type Verdict = { allow: true } | { allow: false; reason: ThrottleReason; retryAfterMs: number };

/** The rule itself, without I/O. */
export function throttleVerdict(s: ThrottleState, now: number, c: ThrottleConfig): Verdict {
  const wait = (reason: ThrottleReason, until: number): Verdict | null => (until > now ? { allow: false, reason, retryAfterMs: until - now } : null);
  const n = s.pair.length;
  if (n >= c.pairBlockAfter) {
    const v = wait("pair_block", s.pair[0]! + c.pairBlockMs);
    if (v) return v;
  } else if (n >= c.pairFreeFailures) {
    const v = wait("pair_delay", s.pair[0]! + c.pairBaseDelayMs * 2 ** (n - c.pairFreeFailures));
    if (v) return v;
  }
  if (!s.known) {
    // Closed until enough of the failures age out of the window to bring the count under the bound.
    if (s.address.length >= c.maxAddressFailures) return { allow: false, reason: "address", retryAfterMs: s.address[c.maxAddressFailures - 1]! + c.windowMs - now };
    if (s.account.length >= c.maxAccountFailures) return { allow: false, reason: "account", retryAfterMs: s.account[c.maxAccountFailures - 1]! + c.windowMs - now };
  }
  return { allow: true };
}

/** The account name as throttling keys it: the same for an existing and a missing account. */
export const accountKey = (username: string) => username.trim().toLowerCase();
/** The address as throttling keys it: IPv4-mapped IPv6 as IPv4, IPv6 by its /64 (one subscriber's block). */
export const addressKey = (ip: string) => normalizeIP(ip, 64);

const iso = (ms: number) => new Date(ms).toISOString();
const FAILING = ["pending", "failed"] as const;

/** Reads the state of a pair, leaving out the attempt being decided. */
export async function loadThrottleState(db: Conn, c: ThrottleConfig, account: string, address: string, now: number, exceptId: number): Promise<ThrottleState> {
  const since = iso(now - c.windowMs);
  const pairSince = iso(now - c.pairWindowMs);
  const lastOk = await db.selectFrom("signin_events").select("at").where("account", "=", account).where("address", "=", address)
    .where("outcome", "=", "ok").orderBy("at", "desc").limit(1).executeTakeFirst();
  const times = (rows: { at: string }[]) => rows.map((r) => Date.parse(r.at));
  const failures = () => db.selectFrom("signin_events").select("at").where("outcome", "in", FAILING).where("id", "<>", exceptId).orderBy("at", "desc");
  const [pair, addr, acct] = await Promise.all([
    failures().where("account", "=", account).where("address", "=", address).where("at", ">", lastOk && lastOk.at > pairSince ? lastOk.at : pairSince).limit(c.pairBlockAfter).execute(),
    failures().where("address", "=", address).where("at", ">", since).limit(c.maxAddressFailures).execute(),
    failures().where("account", "=", account).where("at", ">", since).limit(c.maxAccountFailures).execute(),
  ]);
  return { pair: times(pair), address: times(addr), account: times(acct), known: Boolean(lastOk && Date.parse(lastOk.at) > now - c.knownAddressMs) };
}

export interface Attempt {
  id: number;
  account: string;
  address: string;
  verdict: Verdict;
}

/**
 * Records the attempt as pending before deciding it, so that attempts racing on several processes
 * count one another: of two that overlap, the one that commits second sees the first.
 */
export async function beginAttempt(db: Db, c: ThrottleConfig, username: string, ip: string, now = Date.now()): Promise<Attempt> {
  const account = accountKey(username);
  const address = addressKey(ip);
  const row = await db.insertInto("signin_events").values({ account, address, at: iso(now), outcome: "pending" }).returning("id").executeTakeFirstOrThrow();
  const id = Number(row.id);
  const verdict = throttleVerdict(await loadThrottleState(db, c, account, address, now, id), now, c);
  return { id, account, address, verdict };
}

/** Turned away unchecked: not counted as a failure, so hammering a closed pair does not prolong it. */
export async function attemptRefused(db: Conn, a: Attempt): Promise<void> {
  await db.updateTable("signin_events").set({ outcome: "refused" }).where("id", "=", a.id).execute();
}

export async function attemptFailed(db: Conn, c: ThrottleConfig, a: Attempt, now = Date.now()): Promise<void> {
  await db.updateTable("signin_events").set({ outcome: "failed" }).where("id", "=", a.id).execute();
  await prune(db, c, a, now);
}

/** A success clears its own pair's failures (only the credentials' holder can do that) and nothing wider. */
export async function attemptSucceeded(tx: Conn, c: ThrottleConfig, a: Attempt, now = Date.now()): Promise<void> {
  await tx.updateTable("signin_events").set({ outcome: "ok" }).where("id", "=", a.id).execute();
  // The newest success is all that marks the address as known.
  await tx.deleteFrom("signin_events").where("account", "=", a.account).where("address", "=", a.address).where("outcome", "=", "ok").where("id", "<>", a.id).execute();
  await prune(tx, c, a, now);
}

/** Forgets what no rule reads any more: failures and refusals past the window, successes past `knownAddressMs`. */
async function prune(db: Conn, c: ThrottleConfig, a: Attempt, now: number): Promise<void> {
  const windowCutoff = iso(now - Math.max(c.windowMs, c.pairWindowMs, c.pairBlockMs));
  const knownCutoff = iso(now - c.knownAddressMs);
  for (const [column, value] of [["account", a.account], ["address", a.address]] as const) {
    await db.deleteFrom("signin_events").where(column, "=", value)
      .where((eb) => eb.or([eb.and([eb("outcome", "<>", "ok"), eb("at", "<", windowCutoff)]), eb("at", "<", knownCutoff)]))
      .execute();
  }
}
