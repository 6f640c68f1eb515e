import type { ThrottleConfig } from "../accounts/signin.ts";
import type { Store } from "../store/db.ts";
import type { TokenScope } from "../accounts/sessions.ts";
import type { Scope, Viewer } from "../store/access.ts";
import type { Reader } from "../store/reader.ts";
import type { MarkingSets } from "../store/marking-sets.ts";
import type { IdentityCache } from "../accounts/identity-cache.ts";
import type { KeyPaths } from "../audit/checkpoint.ts";
import type { AuditConfig } from "../audit/service.ts";
import type { RequestScope } from "../store/request-scope.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { LateCheckCounts } from "./late-check.ts";
import type { FederationConfig } from "../federation/identity.ts";
import type { MailConfig } from "../notify/mail.ts";
import type { PoolConfig, WorkerPool } from "../workers/pool.ts";

export interface Config {
  throttle: ThrottleConfig;
  /** Largest JSON body, bytes. */
  bodyLimit: number;
  /** Largest uploaded file, bytes. */
  fileLimit: number;
  /** Requests per minute per address across the API; 0 turns the limiter off (benchmarks). */
  rateLimitPerMinute: number;
  secureCookies: boolean;
  keys: KeyPaths;
  /** Automatic checkpoints and the audit log's background work. */
  audit: AuditConfig;
  logLevel: string;
  /** Up to this many matches, search hits come by relevance; beyond it, newest first (ranking reads every match). */
  searchRankedMatches: number;
  /** Readers of this many markings or fewer search with their markings as index terms; others walk the matches. */
  searchMarkingTerms: number;
  /** SQLite: a searched prefix starting this many words or fewer is asked for as those words (store/search-terms.ts). */
  searchPrefixWords: number;
  /** A request not answered this long after its body arrived gets a 503 (and nothing more of it reaches the store). */
  requestTimeoutMs: number;
  /** /api/health waits this long for the database before calling it unavailable. */
  healthTimeoutMs: number;
  /** How long the first response to an Idempotency-Key is kept. */
  idempotencyTtlMs: number;
  /** Check every response against its zod schema as well as serialising it (tests; see serialize.ts). */
  checkResponses: boolean;
  /** Home country, federation key and push interval (SPEC 8; src/federation). */
  federation: FederationConfig;
  /** The SMTP server notifications are e-mailed through; null: e-mail is off. */
  mail: MailConfig | null;
  /** The worker pool for extraction and PDF rendering (src/workers/pool.ts). */
  pool: PoolConfig;
}

export interface Ctx {
  store: Store;
  config: Config;
  markingSets: MarkingSets;
  /** Sessions, API tokens and viewers, trusted while `auth_generation` stands (identity-cache.ts). */
  identities: IdentityCache;
  /** Requests in flight, and draining them at shutdown. */
  lifecycle: Lifecycle;
  /** CPU-heavy work off the event loop. */
  pool: WorkerPool;
  /** How requests that checked their caches after their reads went (late-check.ts). */
  lateChecks: LateCheckCounts;
}

export interface AuthState {
  via: "session" | "token";
  sessionToken?: string;
  csrfToken?: string;
  mfaPassed: boolean;
  tokenScopes?: TokenScope[];
}

declare module "fastify" {
  interface FastifyInstance {
    ctx: Ctx;
  }
  interface FastifyRequest {
    viewer: Viewer | null;
    auth: AuthState | null;
    /** Reads of this request: the viewer with their readable markings (see `scopeOf`). */
    scope: Scope | null;
    /** The one way this request reads records: bound to the viewer, filtered by the read rule. */
    reader: Reader | null;
    /** What the store knows of this request: its deadline, its commits, its unit (lifecycle.ts). */
    storeScope: RequestScope | null;
  }
  interface FastifyContextConfig {
    /** No sign-in needed. */
    public?: boolean;
    /** Allowed to a session that still has to enrol a second factor. */
    mfaEnrolment?: boolean;
    /** The API-token scope this route needs (default: read for GET, write otherwise). */
    tokenScope?: TokenScope;
    /**
     * A GET whose handler returns its answer, and may check its caches' counters after its reads
     * rather than before them (PostgreSQL; late-check.ts).
     */
    checkAfterReads?: boolean;
  }
}
