// Idempotency-Key on any POST: the first response for a key and user is returned again for the
// same request within a day, so a client that lost an answer (a cut connection, a 503 after the
// change committed) can send it again and have it done exactly once.
//
// How it holds under faults: a signed-in change runs as one unit, one transaction that commits
// only as its response leaves (units.ts); with a key, the unit first claims the key and last
// stores the response. So the
// change and its stored response commit together or not at all. If the COMMIT's answer is lost,
// the client gets a 503, and its retry finds either the stored response (it committed) or no
// key (it did not) and runs afresh. Two requests with one key at once: the second waits on the
// first's uncommitted claim (PostgreSQL's unique index; SQLite's single writer), then replays its
// response, or gets 409 if that takes longer than the lock timeout. Never both applied.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import canonicalize from "canonicalize";
import { recordAudit } from "../audit/log.ts";
import { invalid } from "../domain/errors.ts";
import type { Viewer } from "../store/access.ts";
import type { Db } from "../store/db.ts";
import { storeFault } from "../store/faults.ts";
import type { Run } from "../store/request-scope.ts";
import type { IdempotencyKeyTable } from "../store/schema.ts";
import { clientOf } from "./auth.ts";
import { addChangeHook } from "./change-hooks.ts";
import { isMultipart } from "./uploads.ts";
import { ResponseError, sendProblem } from "./problem.ts";
import { addBeforeCommit, setUnitClaim } from "./units.ts";

const HEADER = "idempotency-key";
const KEY = /^[\x21-\x7e]{1,255}$/;
/** Headers of the first response that a replay repeats (never cookies). */
const KEPT_HEADERS = ["content-type", "location", "etag", "last-modified", "content-disposition"];
const SWEEP_EVERY_MS = 10 * 60_000;

interface Claim {
  userId: string;
  key: string;
  fingerprint: string;
  access: string;
}

/** The request as a key must match it again: method, address and body (JSON canonicalised). */
function fingerprintOf(req: FastifyRequest): string {
  const h = createHash("sha256").update(`${req.method} ${req.url}\n`);
  // An upload's parts are read by its handler, after this: the key is matched on the media type
  // and length (the same form sent again has both).
  if (isMultipart(req)) h.update(`multipart ${req.headers["content-length"] ?? "chunked"}`);
  else h.update(canonicalize(req.body ?? null) ?? "");
  return h.digest("hex");
}

/** What the caller may read now; a stored body is shown again only while this is unchanged. */
function accessOf(v: Viewer): string {
  return createHash("sha256").update(JSON.stringify([v.status, v.nationality, v.clearance, [...v.compartments].sort(), [...v.roles].sort()])).digest("hex");
}

const conflict = (code: string, detail: string, status = 409) =>
  new ResponseError(detail, (reply) => sendProblem(reply, status, code, detail, [{ field: "headers.idempotency-key", rule: code, message: detail }]));

/** Answers from a stored response, or refuses when the key belongs to another request. */
function answerFrom(req: FastifyRequest, reply: FastifyReply, row: IdempotencyKeyTable, claim: Claim): FastifyReply {
  if (row.fingerprint !== claim.fingerprint) {
    throw conflict("idempotency_key_reused", "This Idempotency-Key was used in the last 24 hours for a different request (another address or body); use a new key for a new request.", 422);
  }
  if (row.access !== claim.access) {
    throw conflict("idempotency_access_changed", "Your access has changed since the first response to this Idempotency-Key, so it is not shown again; read the record instead.");
  }
  if (row.status === null || row.body_encoding === null || row.body === null) {
    throw conflict("idempotency_unreplayable", "The request with this Idempotency-Key was done, but its response (a stream) cannot be sent again; read the result instead.");
  }
  const headers = JSON.parse(row.headers ?? "{}") as Record<string, string>;
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  reply.header("idempotent-replayed", "true").code(row.status);
  void recordAudit(req.server.ctx.store.db, {
    actor: claim.userId, action: "request.replay", outcome: "success", client: clientOf(req),
    target: replayedId(row), details: { method: req.method, path: req.url.split("?")[0], status: row.status },
  }).catch((err: unknown) => req.log.warn({ err }, "could not audit an idempotent replay"));
  return reply.send(row.body_encoding === "base64" ? Buffer.from(row.body, "base64") : row.body);
}

function replayedId(row: IdempotencyKeyTable): string | null {
  if (row.body_encoding !== "utf8" || !row.headers?.includes("json")) return null;
  try {
    const id = (JSON.parse(row.body ?? "null") as { id?: unknown } | null)?.id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

async function findLive(db: Db | { run: Run; db: Db }, claim: Claim, now: string): Promise<IdempotencyKeyTable | undefined> {
  const q = ("run" in db ? db.db : db).selectFrom("idempotency_keys").selectAll()
    .where("user_id", "=", claim.userId).where("key", "=", claim.key).where("expires_at", ">", now);
  if ("run" in db) return (await db.run(q.compile())).rows[0] as IdempotencyKeyTable | undefined;
  return q.executeTakeFirst();
}

/** First statement of the request's unit: the key is ours, or another request's answer is replayed. */
async function claimKey(db: Db, run: Run, req: FastifyRequest, claim: Claim, ttlMs: number): Promise<void> {
  const now = new Date();
  await run(db.deleteFrom("idempotency_keys").where("user_id", "=", claim.userId).where("key", "=", claim.key).where("expires_at", "<=", now.toISOString()).compile());
  let inserted: bigint | undefined;
  try {
    inserted = (await run(db.insertInto("idempotency_keys").values({
      user_id: claim.userId, key: claim.key, fingerprint: claim.fingerprint, access: claim.access,
      status: null, headers: null, body: null, body_encoding: null,
      created_at: now.toISOString(), expires_at: new Date(now.getTime() + ttlMs).toISOString(),
    }).onConflict((oc) => oc.columns(["user_id", "key"]).doNothing()).compile())).numAffectedRows;
  } catch (err) {
    if (storeFault(err)?.kind === "busy") {
      throw conflict("idempotency_key_in_use", "A request with this Idempotency-Key is still being processed; send it again once that one has been answered.");
    }
    throw err;
  }
  if (inserted === 1n) return;
  // Another request with this key committed while this one waited: answer as it did.
  const prior = await findLive({ run, db }, claim, now.toISOString());
  if (!prior) throw conflict("idempotency_key_in_use", "A request with this Idempotency-Key is still being processed; send it again once that one has been answered.");
  throw new ResponseError("replayed", (reply) => answerFrom(req, reply, prior, claim));
}

function storedBody(payload: unknown): { body: string; encoding: "utf8" | "base64" } | null {
  if (typeof payload === "string") return { body: payload, encoding: "utf8" };
  if (Buffer.isBuffer(payload)) return { body: payload.toString("base64"), encoding: "base64" };
  return null;
}

/**
 * Registered before units.ts (its lookup must not begin the unit): a keyed POST's unit first
 * claims the key and last stores the response.
 */
export function registerIdempotency(app: FastifyInstance): void {
  const db = () => app.ctx.store.db;

  const keyed = async (req: FastifyRequest, reply: FastifyReply, sent: string | string[]) => {
    if (typeof sent !== "string" || !KEY.test(sent)) {
      throw invalid("headers.idempotency-key", "format", "must be one value of 1 to 255 printable ASCII characters (a UUID, for instance)");
    }
    // Keys are per user: on a route open to anyone (signing in) there is no one to keep them for.
    if (!req.viewer || !req.storeScope) return;
    const claim: Claim = { userId: req.viewer.id, key: sent, fingerprint: fingerprintOf(req), access: accessOf(req.viewer) };
    const prior = await findLive(db(), claim, new Date().toISOString());
    if (prior) return answerFrom(req, reply, prior, claim);
    const ttlMs = app.ctx.config.idempotencyTtlMs;
    setUnitClaim(req, (run) => claimKey(db(), run, req, claim, ttlMs));
    addBeforeCommit(req, (run, r, payload) => storeResponse(db(), run, claim, r, payload));
  };
  // On the routes that take changes only, and a callback hook, so the requests without a key (nearly
  // all) pass without a promise.
  addChangeHook(app, "preHandler", (req, reply, done) => {
    const sent = req.method === "POST" ? req.headers[HEADER] : undefined;
    if (sent === undefined) return done();
    keyed(req, reply, sent).then(() => done(), done);
  });

  const sweep = setInterval(() => {
    db().deleteFrom("idempotency_keys").where("expires_at", "<=", new Date().toISOString()).execute()
      .catch((err: unknown) => app.log.warn({ err }, "could not remove expired idempotency keys"));
  }, SWEEP_EVERY_MS);
  sweep.unref();
  app.addHook("onClose", async () => clearInterval(sweep));
}

/** The response about to leave, stored in the unit that commits with it (a stream is marked as not replayable). */
async function storeResponse(db: Db, run: Run, claim: Claim, reply: FastifyReply, payload: unknown): Promise<void> {
  const stored = storedBody(payload);
  const headers: Record<string, string> = {};
  for (const h of KEPT_HEADERS) {
    const v = reply.getHeader(h);
    if (v !== undefined) headers[h] = String(v);
  }
  await run(db.updateTable("idempotency_keys").set({
    status: reply.statusCode, headers: JSON.stringify(headers), body: stored?.body ?? null, body_encoding: stored?.encoding ?? null,
  }).where("user_id", "=", claim.userId).where("key", "=", claim.key).compile());
}
