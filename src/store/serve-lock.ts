// Who is using an SQLite database: `accord serve` holds a lock file beside it (its pid, host and
// start), and `accord restore` refuses while a live process holds it, naming what to stop. A lock
// left by a process that died is taken over. Restore also asks SQLite itself for an exclusive
// lock, which fails while any process (a server of an older build, a command) has the file open.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hostname } from "node:os";
import SQLite from "better-sqlite3";

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  /** What holds it: "serve" or "restore". */
  command: string;
}

export const lockFileOf = (dbFile: string) => `${dbFile}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function read(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    return typeof h.pid === "number" ? { pid: h.pid, host: String(h.host ?? ""), since: String(h.since ?? ""), command: String(h.command ?? "serve") } : null;
  } catch {
    return null;
  }
}

/** The live holder of the database's lock file, or null (none, or one that died: its file is removed). */
export function lockHolder(dbFile: string): LockHolder | null {
  const path = lockFileOf(dbFile);
  const h = read(path);
  if (!h) {
    rmSync(path, { force: true });
    return null;
  }
  // A process on another machine (a shared folder) cannot be checked: it counts as alive.
  if (h.host !== hostname() || (h.pid !== process.pid && alive(h.pid))) return h;
  rmSync(path, { force: true });
  return null;
}

export class DatabaseInUseError extends Error {
  constructor(readonly dbFile: string, readonly holder: LockHolder) {
    super(`${holder.command === "serve" ? "an Accord server" : `accord ${holder.command}`} (pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ""}, since ${holder.since}) is using ${dbFile}`);
  }
}

/** Takes the lock file for this process, or throws DatabaseInUseError naming its live holder. */
export function lockDatabase(dbFile: string, command: string): { release(): void } {
  const path = lockFileOf(dbFile);
  const mine: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
  // On a fresh machine the data folder does not exist yet: the lock comes before the database that would make it.
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(mine)}\n`, { flag: "wx" });
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.removeListener("exit", release);
        if (read(path)?.pid === process.pid) rmSync(path, { force: true });
      };
      process.once("exit", release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = lockHolder(dbFile);
      if (holder) throw new DatabaseInUseError(dbFile, holder);
    }
  }
  throw new Error(`could not take the lock file ${path}`);
}

/** True when another process has the database open (SQLite refuses this one an exclusive lock). */
export function openElsewhere(dbFile: string): boolean {
  let probe: SQLite.Database | null = null;
  try {
    probe = new SQLite(dbFile, { fileMustExist: true, timeout: 0 });
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("begin exclusive");
    probe.exec("rollback");
    return false;
  } catch (err) {
    const code = (err as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return true;
    if (code === "SQLITE_CANTOPEN") return false;
    throw err;
  } finally {
    probe?.close();
  }
}
