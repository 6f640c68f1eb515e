// Readable-marking sets, computed by the read rule's SQL predicate and reused across requests.
// A marking interned since a set was computed does not recompute it: the markings added since
// (043's `marking_additions`) are tested against the set's access signature and the set follows.
// The predicate runs over every marking (thousands after years of use), which costs more than the
// page it filters. The set depends only on the user's access signature (status, nationality,
// clearance, compartments) and on the marking-side tables, whose changes move `access_generation`
// (005's triggers). So a set is reused while the signature and the generation both match; the
// signature comes from the user row loaded for this request, and a set is computed in one snapshot
// with the generation and user row it belongs to, so no change can slip between them.
import { sql } from "kysely";
import { LRUCache } from "lru-cache";
import { loadViewer } from "../accounts/users.ts";
import { readableMarkings, readableOfSignature, Scope, type AccessSignature, type MarkingSet, type Viewer } from "./access.ts";
import type { Db, Dialect, Tx } from "./db.ts";

interface Entry extends MarkingSet {
  generation: number;
  /** The access signature the set is for, and the last marking addition it has taken in. */
  access: AccessSignature;
  added: number;
  /** A catch-up under way: requests for this set wait for it rather than repeat it. */
  catching: Promise<boolean> | null;
}

/** The access counters: `n` moves on any change the rule depends on, `added` on each marking added (043). */
export interface AccessGeneration { n: number; added: number }

const signatureOf = (v: AccessSignature) =>
  JSON.stringify([v.status, v.nationality, v.clearance, [...v.compartments].sort()]);

/**
 * Signatures of frozen viewers (the identity cache's, each serving every request of its user while
 * nothing about identities changes), made once per viewer rather than once per request. A viewer
 * that could still change is never remembered.
 */
const signatures = new WeakMap<AccessSignature, string>();
function signature(v: AccessSignature): string {
  if (!Object.isFrozen(v) || !Object.isFrozen(v.compartments)) return signatureOf(v);
  let s = signatures.get(v);
  if (s === undefined) signatures.set(v, (s = signatureOf(v)));
  return s;
}

async function generation(conn: Db | Tx): Promise<AccessGeneration> {
  const row = await conn.selectFrom("access_generation").select(["n", "added"]).where("id", "=", 1).executeTakeFirst();
  return { n: Number(row?.n ?? 0), added: Number(row?.added ?? 0) };
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
  /** The scope from the cache alone, when its set is current (no catch-up, no recompute), else null. */
  cachedScope(viewer: Viewer, current: AccessGeneration): Scope | null {
    const hit = this.cache.get(signature(viewer));
    return hit && hit.generation === current.n && hit.added >= current.added ? Scope.forUser(viewer, hit) : null;
  }

  /**
   * The scope from the cache alone, with the counters its set stands at, not yet compared with the
   * store's (a request that checks them after its reads: src/http/late-check.ts); null when the
   * signature has no set or its set is catching up.
   */
  cachedScopeAsOf(viewer: Viewer): { scope: Scope; access: AccessGeneration } | null {
    const hit = this.cache.get(signature(viewer));
    return hit && !hit.catching ? { scope: Scope.forUser(viewer, hit), access: { n: hit.generation, added: hit.added } } : null;
  }

  async scopeFor(viewer: Viewer, current?: AccessGeneration): Promise<Scope> {
    const now = current ?? await generation(this.db);
    const hit = this.cache.get(signature(viewer));
    if (hit && hit.generation === now.n) {
      let current = true;
      while (current && hit.added < now.added) {
        hit.catching ??= this.catchUp(hit, now.added).finally(() => { hit.catching = null; });
        current = await hit.catching;
      }
      if (current) return Scope.forUser(viewer, hit);
      this.cache.delete(signature(viewer));
    }
    const computed = await this.compute(viewer.id);
    if (!computed) return Scope.forUser(viewer);
    this.cache.set(computed.signature, computed.entry);
    return Scope.forUser(viewer, computed.entry);
  }

  /**
   * Takes in the markings added after the set's last addition up to `upTo`: each is tested against
   * the set's signature by the rule's predicate and joins the set or leaves it (a marking whose
   * compartment was added after it was first tested), as recomputing the set would decide. False:
   * the set must be recomputed.
   */
  private async catchUp(entry: Entry, upTo: number): Promise<boolean> {
    const added = await this.db.selectFrom("marking_additions").select(["seq", "marking_id"])
      .where("seq", ">", entry.added).where("seq", "<=", upTo).orderBy("seq").execute();
    const ids = [...new Set(added.map((a) => a.marking_id))];
    const readable = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of (await readableOfSignature(entry.access, ids.slice(i, i + 500)).execute(this.db)).rows) readable.add(r.id);
    }
    const held = new Set(entry.ids);
    // A marking the set holds that the rule now refuses (a compartment added to it by hand): the
    // set is dropped and recomputed, never edited down, so a rolled-back edit cannot leave it wider.
    if (ids.some((id) => held.has(id) && !readable.has(id))) return false;
    const join = ids.filter((id) => readable.has(id) && !held.has(id));
    if (join.length) {
      // Joining first in the table, then in memory: a failure in between only leaves a marking out (fails closed).
      if (entry.dialect === "sqlite") {
        const rows = join.map((id) => sql`(${entry.setNo}, ${id})`);
        for (let i = 0; i < rows.length; i += 500) await sql`insert or ignore into temp.readable_sets (rs_set, rs_marking) values ${sql.join(rows.slice(i, i + 500))}`.execute(this.db);
      }
      entry.ids = [...entry.ids, ...join].sort();
      entry.plans.clear();
    }
    // Additions are numbered in commit order (the counter row is updated by the adding transaction).
    entry.added = Math.max(entry.added, upTo);
    return true;
  }

  private async compute(userId: string): Promise<{ signature: string; entry: Entry } | null> {
    const run = async (tx: Tx) => {
      const gen = await generation(tx);
      const v = await loadViewer(tx, userId);
      if (!v) return null;
      const ids = (await readableMarkings(Scope.forUser(v)).execute(tx)).rows.map((r) => r.id).sort();
      const setNo = ++lastSetNo;
      if (this.dialect === "sqlite") await this.materialise(tx, setNo, ids);
      const access = { status: v.status, nationality: v.nationality, clearance: v.clearance, compartments: [...v.compartments] };
      return { signature: signature(v), entry: { dialect: this.dialect, ids, setNo, plans: new Map(), generation: gen.n, added: gen.added, access, catching: null } };
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
