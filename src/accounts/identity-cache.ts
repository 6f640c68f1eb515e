// Sessions, API tokens and viewers, cached in process. Identifying a caller took four statements on
// every request (session, user, roles, compartments); now it takes none while nothing about any
// identity has changed. Nothing here expires by time alone: an entry is trusted only while
// `auth_generation` (bumped by triggers on every revocation: sign-out, password reset, disable or
// lock, role, clearance or compartment changes, token revocation; 040) stands where it stood when
// the entry was read. Each request reads that counter in the statement it makes anyway for the
// readable-marking sets (before its reads, or on PostgreSQL, for a GET that returns its answer,
// after them: src/http/late-check.ts), so a revocation committed by any process (another worker,
// the CLI, an operator's SQL) is refused by the very next request on every process: no
// notification can race it.
// A session's own clock (idle and absolute expiry, the once-a-minute touch) is kept by going to the
// database whenever the cached copy says the session is due for either.
import { LRUCache } from "lru-cache";
import type { Viewer } from "../store/access.ts";
import type { Db } from "../store/db.ts";
import { findApiToken, findSession, type SessionRow, type TokenScope, SESSION_TOUCH_MS } from "./sessions.ts";
import { sha256 } from "./secrets.ts";
import { loadViewer } from "./users.ts";
import { readGenerations, type Generations } from "../store/generations.ts";

/** Both counters a request's caches depend on, read in one statement (src/store/generations.ts). */
export { readGenerations, type Generations };

function freezeViewer(v: Viewer): Viewer {
  Object.freeze(v.compartments);
  Object.freeze(v.roles);
  return Object.freeze(v);
}

interface CachedToken { userId: string; scopes: TokenScope[]; expiresAt: number | null }

const MAX_ENTRIES = 50_000;

export class IdentityCache {
  private sessions = new LRUCache<string, SessionRow>({ max: MAX_ENTRIES });
  private tokens = new LRUCache<string, CachedToken>({ max: MAX_ENTRIES });
  private viewers = new LRUCache<string, Viewer>({ max: MAX_ENTRIES });
  /** The auth generation every entry was read at; -1 before the first request. */
  private generation = -1;

  constructor(private db: Db) {}

  /**
   * Called with the generation read at the start of a request, before any entry is used: a move
   * empties the cache. Entries are only ever stored under the generation they were read at.
   */
  sync(generation: number): void {
    if (generation === this.generation) return;
    this.sessions.clear();
    this.tokens.clear();
    this.viewers.clear();
    this.generation = generation;
  }

  /**
   * The session from the cache alone, when it is held and not due for its idle check and touch;
   * undefined otherwise (then `session` asks the database). No promise: most requests stop here.
   */
  cachedSession(token: string, now = Date.now()): SessionRow | undefined {
    const hit = this.sessions.get(sha256(token));
    return hit && now <= hit.expiresAt && now <= hit.lastSeenAt + SESSION_TOUCH_MS ? hit : undefined;
  }

  async session(token: string, generation: number, now = Date.now()): Promise<SessionRow | null> {
    const hit = this.cachedSession(token, now);
    if (hit) return hit;
    // Missing, or due for its idle check and touch: the database decides (and deletes an expired one).
    const key = sha256(token);
    const row = await findSession(this.db, token);
    if (!row) {
      this.sessions.delete(key);
      return null;
    }
    this.store(generation, () => this.sessions.set(key, row));
    return row;
  }

  async token(token: string, generation: number, now = Date.now()): Promise<{ userId: string; scopes: TokenScope[] } | null> {
    const key = sha256(token);
    const hit = this.tokens.get(key);
    if (hit && (hit.expiresAt === null || now < hit.expiresAt)) return hit;
    const row = await findApiToken(this.db, token);
    if (!row) {
      this.tokens.delete(key);
      return null;
    }
    this.store(generation, () => this.tokens.set(key, row));
    return row;
  }

  /** The viewer from the cache alone, or undefined. */
  cachedViewer(userId: string): Viewer | undefined {
    return this.viewers.get(userId);
  }

  async viewer(userId: string, generation: number): Promise<Viewer | null> {
    const hit = this.viewers.get(userId);
    if (hit) return hit;
    const v = await loadViewer(this.db, userId);
    // Frozen: one object serves every request of this user while the generation stands, so no
    // request may change it for the next (and what is derived from it, such as its access
    // signature, may be remembered by the object: marking-sets.ts).
    if (v) this.store(generation, () => this.viewers.set(userId, freezeViewer(v)));
    return v;
  }

  /** Stores what was read at `generation` only if the cache still stands there (no revocation since). */
  private store(generation: number, put: () => void): void {
    if (generation === this.generation) put();
  }

  /** The auth generation every entry held was read at (-1 before the first sync). */
  get standsAt(): number {
    return this.generation;
  }

  /** For tests: how many entries are held. */
  get size(): number {
    return this.sessions.size + this.tokens.size + this.viewers.size;
  }
}
