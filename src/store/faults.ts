// What went wrong with the database, in words a client and an operator can act on. Every store
// error that is not a bug in a query is one of four faults: the database is unreachable, it did
// not answer in time, it is busy (locked), or its disk is full. Anything else is not a fault of
// the store's environment and stays a 500.

export type FaultKind = "unavailable" | "timeout" | "busy" | "disk_full";

export interface StoreFault {
  kind: FaultKind;
  /** The driver's or the operating system's own code (ECONNRESET, 57P01, SQLITE_FULL...), for the log. */
  code: string;
  message: string;
}

// PostgreSQL SQLSTATEs (Appendix A of its manual).
const PG_STATES: Record<string, FaultKind> = {
  "57P01": "unavailable", // admin_shutdown: pg_terminate_backend, a fast shutdown
  "57P02": "unavailable", // crash_shutdown
  "57P03": "unavailable", // cannot_connect_now: starting up or in recovery
  "57P05": "unavailable", // idle_session_timeout
  "53300": "unavailable", // too_many_connections
  "25P03": "timeout", // idle_in_transaction_session_timeout
  "57014": "timeout", // query_canceled: statement_timeout
  "55P03": "busy", // lock_not_available: lock_timeout
  "40P01": "busy", // deadlock_detected
  "40001": "busy", // serialization_failure
  "53100": "disk_full", // disk_full
  "53200": "unavailable", // out_of_memory
};

// Operating-system errors of a socket or a file.
const OS_CODES: Record<string, FaultKind> = {
  ECONNRESET: "unavailable",
  ECONNREFUSED: "unavailable",
  ECONNABORTED: "unavailable",
  EPIPE: "unavailable",
  EHOSTUNREACH: "unavailable",
  ENETUNREACH: "unavailable",
  ENOTFOUND: "unavailable",
  EAI_AGAIN: "unavailable",
  ETIMEDOUT: "timeout",
  ENOSPC: "disk_full",
  EDQUOT: "disk_full",
};

// pg's own errors carry no code, only a message.
const PG_MESSAGES: [RegExp, FaultKind, string][] = [
  [/^Connection terminated/, "unavailable", "ECONNRESET"],
  [/not queryable/, "unavailable", "ECONNRESET"],
  [/^timeout exceeded when trying to connect|Connection terminated due to connection timeout/, "timeout", "CONNECT_TIMEOUT"],
  [/^Query read timeout/, "timeout", "QUERY_TIMEOUT"],
  [/^Cannot use a pool after calling end/, "unavailable", "POOL_ENDED"],
];

function sqliteFault(code: string): FaultKind | null {
  if (code === "SQLITE_FULL") return "disk_full";
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "busy";
  // An I/O error: on a full disk some systems report it as a failed write rather than SQLITE_FULL.
  if (code.startsWith("SQLITE_IOERR")) return /ENOSPC|disk is full/i.test(code) ? "disk_full" : "unavailable";
  if (code === "SQLITE_CANTOPEN" || code.startsWith("SQLITE_READONLY")) return "unavailable";
  return null;
}

/** The fault an error stands for, or null when it is not one (a bug, a constraint, bad input). */
export function storeFault(err: unknown): StoreFault | null {
  if (!(err instanceof Error)) return null;
  if (err instanceof StoreFaultError) return err.fault;
  const raw = (err as Error & { code?: unknown }).code;
  const code = typeof raw === "string" ? raw : "";
  const message = err.message;
  let kind: FaultKind | null = null;
  if (code.startsWith("SQLITE_")) kind = sqliteFault(code);
  else if (/^[0-9A-Z]{5}$/.test(code) && PG_STATES[code]) kind = PG_STATES[code]!;
  else if (/^08/.test(code)) kind = "unavailable"; // connection_exception and its subclasses
  else if (OS_CODES[code]) kind = OS_CODES[code]!;
  if (kind) return { kind, code, message };
  for (const [pattern, k, c] of PG_MESSAGES) if (pattern.test(message)) return { kind: k, code: c, message };
  // An AggregateError (several addresses refused the connection) carries the first one's code.
  if (err instanceof AggregateError && err.errors.length) return storeFault(err.errors[0]);
  return err.cause ? storeFault(err.cause) : null;
}

/** An error that already knows its fault (raised by the store's own guards). */
export class StoreFaultError extends Error {
  constructor(readonly fault: StoreFault) {
    super(fault.message);
  }
}

const WHAT: Record<FaultKind, string> = {
  unavailable: "is unavailable",
  timeout: "did not answer in time",
  busy: "is busy (another transaction holds a lock)",
  disk_full: "cannot write: its disk is full",
};

/** One line for an operator: "the database cannot write: its disk is full (SQLITE_FULL: database or disk is full)". */
export function describeFault(f: StoreFault): string {
  return `the database ${WHAT[f.kind]} (${f.code ? `${f.code}: ` : ""}${f.message})`;
}

/** The same without the driver's message (which may name hosts or paths): for public answers. */
export function summariseFault(f: StoreFault): string {
  return `the database ${WHAT[f.kind]}${f.code ? ` (${f.code})` : ""}`;
}

/** A unique constraint refused a row (PostgreSQL's 23505, SQLite's UNIQUE or PRIMARY KEY constraint). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
