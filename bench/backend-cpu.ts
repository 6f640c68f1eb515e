// PostgreSQL backends' CPU time, read from /proc (Linux, the server on this machine): the sum of
// `schedstat`'s time on CPU (ns) over the backends connected to one database. list-loop takes it
// around its CPU blocks, so a change is weighed by the database's work per request as well as
// Accord's (under load, p99 follows both: they share the cores).
import { readdirSync, readFileSync } from "node:fs";

/** The database a postgres:// URL names, or null for another store. */
export function pgDatabase(url: string): string | null {
  if (!/^postgres(ql)?:\/\//.test(url)) return null;
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || null;
}

/** CPU ns used so far by the backends of `database` that are alive now (null when /proc cannot tell). */
export function backendCpuNs(database: string): bigint | null {
  const byPid = backendCpuByPid(database);
  if (!byPid) return null;
  let total = 0n;
  for (const ns of byPid.values()) total += ns;
  return total;
}

/**
 * The CPU ns used between two readings of `backendCpuByPid`: by the backends alive at the second,
 * each from its first reading or from its start. A backend that ended between them (a pool closing
 * an idle connection) takes its time away from a plain difference of sums; here it counts for
 * nothing (what it used after the first reading is lost).
 */
export function backendCpuSince(before: Map<string, bigint>, after: Map<string, bigint>): bigint {
  let used = 0n;
  for (const [pid, ns] of after) used += ns - (before.get(pid) ?? 0n);
  return used;
}

/** CPU ns used so far by each backend of `database` alive now, by pid (null when /proc cannot tell). */
export function backendCpuByPid(database: string): Map<string, bigint> | null {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  const byPid = new Map<string, bigint>();
  for (const pid of pids) {
    try {
      // "postgres: 15/main: <user> <database> <client> <state>"
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "latin1");
      if (!cmd.startsWith("postgres: ")) continue;
      const words = cmd.replace(/\0.*$/s, "").split(" ");
      if (words[3] !== database) continue;
      byPid.set(pid, BigInt(readFileSync(`/proc/${pid}/schedstat`, "latin1").split(" ")[0]!));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return byPid;
}
