// Readable-marking sets, computed by the read rule's SQL predicate and reused across requests.
// The predicate runs over every marking (thousands after years of use), which costs more than the
// page it filters. The set depends only on the user's access signature (status, nationality,
// clearance, compartments) and on the marking-side tables, whose changes move `access_generation`
// (005's triggers). So a set is reused while the signature and the generation both match; the
// signature comes from the user row loaded for this request, and a set is computed in one snapshot
// with the generation and user row it belongs to, so no change can slip between them.
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

export class MarkingSets {
  // Bounded by the size of the sets held (the JSON text is the larger copy), not their number.
  private cache = new LRUCache<string, Entry>({ maxSize: 64 * 1024 * 1024, sizeCalculation: (e) => e.json.length * 2 + 64 });
  constructor(private db: Db, private dialect: Dialect) {}

  /** The scope for a request: the viewer with their readable markings, from the cache when still valid. */
  async scopeFor(viewer: Viewer): Promise<Scope> {
    const now = await generation(this.db);
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
      return { signature: signature(v), entry: { dialect: this.dialect, ids, json: JSON.stringify(ids), plans: new Map(), generation: gen } };
    };
    const tx = this.db.transaction();
    // One snapshot: the generation, the user row and the set agree with each other.
    return this.dialect === "postgres" ? tx.setIsolationLevel("repeatable read").execute(run) : tx.execute(run);
  }

  /** For tests: how many signatures are cached. */
  get size(): number {
    return this.cache.size;
  }
}
