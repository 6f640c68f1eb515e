// Readable-marking sets, computed by the read rule's SQL predicate and reused across requests.
// The predicate runs over every marking (thousands after years of use), which costs more than the
// page it filters. The set depends only on the user's access signature (status, nationality,
// clearance, compartments) and on the marking-side tables, whose changes move `access_generation`
// (005's triggers). So a set is reused while the signature and the generation both match; the
// signature comes from the user row loaded for this request, and a set is computed in one snapshot
// with the generation and user row it belongs to, so no change can slip between them.
import { sql } from "kysely";
import { LRUCache } from "lru-cache";
import { loadViewer } from "../accounts/users.ts";
import { readableMarkings, Scope, type MarkingSet, type Viewer } from "./access.ts";
import type { Db, Dialect, Tx } from "./db.ts";

interface Entry extends MarkingSet { generation: number }

const signature = (v: Pick<Viewer, "status" | "nationality" | "clearance" | "compartments">) =>
  JSON.stringify([v.status, v.nationality, v.clearance, [...v.compartments].sort()]);

async function generation(conn: Db | Tx): Promise<number> {
  const row = await conn.selectFrom("access_generation").select("n").where("id", "=", 1).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Set numbers are unique in the process, so servers sharing one SQLite connection never collide. */
let lastSetNo = 0;
/** A replaced or evicted set's rows stay this long, for requests still using it, then go. */
const RETIRE_AFTER_MS = 5 * 60_000;

export class MarkingSets {
  // Bounded by the size of the sets held (ids, and their rows in SQLite's temporary table), not their number.
  private cache = new LRUCache<string, Entry>({
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (e) => e.ids.length * 96 + 64,
    dispose: (e) => {
      if (e.dialect === "sqlite") this.retired.push({ setNo: e.setNo, at: Date.now() });
    },
  });
  private retired: { setNo: number; at: number }[] = [];
  constructor(private db: Db, private dialect: Dialect) {}

  /**
   * The scope for a request: the viewer with their readable markings, from the cache when still
   * valid. `current`: the access generation already read for this request (else it is read here).
   */
  async scopeFor(viewer: Viewer, current?: number): Promise<Scope> {
    const now = current ?? await generation(this.db);
    const hit = this.cache.get(signature(viewer));
    if (hit && hit.generation === now) return Scope.forUser(viewer, hit);
    const computed = await this.compute(viewer.id);
    if (!computed) return Scope.forUser(viewer);
    this.cache.set(computed.signature, computed.entry);
    return Scope.forUser(viewer, computed.entry);
  }

  private async compute(userId: string): Promise<{ signature: string; entry: Entry } | null> {
    const run = async (tx: Tx) => {
      const gen = await generation(tx);
      const v = await loadViewer(tx, userId);
      if (!v) return null;
      const ids = (await readableMarkings(Scope.forUser(v)).execute(tx)).rows.map((r) => r.id).sort();
      const setNo = ++lastSetNo;
      if (this.dialect === "sqlite") await this.materialise(tx, setNo, ids);
      return { signature: signature(v), entry: { dialect: this.dialect, ids, setNo, plans: new Map(), generation: gen } };
    };
    const tx = this.db.transaction();
    // One snapshot: the generation, the user row and the set agree with each other.
    return this.dialect === "postgres" ? tx.setIsolationLevel("repeatable read").execute(run) : tx.execute(run);
  }

  /**
   * SQLite: writes the set into the connection's temporary table (one connection per process, so
   * every query of this store sees it), and clears sets retired long enough ago.
   */
  private async materialise(tx: Tx, setNo: number, ids: string[]): Promise<void> {
    await sql`create temp table if not exists readable_sets (rs_set integer not null, rs_marking text not null, primary key (rs_set, rs_marking)) without rowid`.execute(tx);
    const cutoff = Date.now() - RETIRE_AFTER_MS;
    const done = this.retired.filter((r) => r.at < cutoff);
    this.retired = this.retired.filter((r) => r.at >= cutoff);
    for (let i = 0; i < done.length; i += 500) {
      await sql`delete from temp.readable_sets where rs_set in (${sql.join(done.slice(i, i + 500).map((r) => r.setNo))})`.execute(tx);
    }
    for (let i = 0; i < ids.length; i += 2000) {
      const rows = ids.slice(i, i + 2000).map((id) => sql`(${setNo}, ${id})`);
      await sql`insert into temp.readable_sets (rs_set, rs_marking) values ${sql.join(rows)}`.execute(tx);
    }
  }

  /** For tests: how many signatures are cached. */
  get size(): number {
    return this.cache.size;
  }
}
