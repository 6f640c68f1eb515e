// Federation in the server (SPEC 8): the bundle endpoint peers push to, the security officers'
// API for peers, the replicas readers see, and the background push. Off (no timer, nothing sent)
// until this instance has a home country and a peer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { create as contentDisposition } from "content-disposition";
import { recordAudit } from "../audit/log.ts";
import { AccordError } from "../domain/errors.ts";
import { LEVELS, banner, compartmentCode, countryCode, toOutput } from "../domain/markings.ts";
import { IdParams } from "../resources/common.ts";
import { NotReadable, auditMarking } from "../store/reader.ts";
import { contributionsOf, draftContribution, keepContribution, type HeldReplica } from "./contributions.ts";
import { ENVELOPE_KEY, ENVELOPE_SIGNATURE, envelopeOf } from "./bundle.ts";
import { ApproveParams, ContributionOut, ProgressIn, ReplicaFileParams, ReplicaOut } from "./schema.ts";
import { clientOf, readerOf, requireRole, viewerOf } from "../http/auth.ts";
import { sendProblem } from "../http/problem.ts";
import { systemDb } from "../http/system.ts";
import type { CommitSignals } from "../store/commit-signals.ts";
import type { Db } from "../store/db.ts";
import { outsideRequest } from "../store/request-scope.ts";
import { loadMarkings } from "../store/markings.ts";
import { COMMIT_DELAY_MS, homeCountryOf, loadIdentity, showFingerprint, type FederationConfig, type Identity } from "./identity.ts";
import { addPeer, changePeer, listPeers, removePeer, setPeerStatus } from "./peers.ts";
import { BundleRefused, MAX_BUNDLE_BYTES, envelopeSender, receiveBundle, type Envelope } from "./receive.ts";
import { OUTBOX_SIGNAL } from "./outbox.ts";
import { buildAll, pushExclusively, pushPeer, type PushReport, type RuleOptions } from "./send.ts";

export { ContributionOut, ReplicaOut };

/**
 * One instance's federation: its identity (made on first use) and rounds of sending. A round
 * builds every peer's outbox into bundles, then pushes what each has not acknowledged; one round
 * at a time in this process, one push per peer at a time across processes (`pushExclusively`).
 */
export class Federation {
  private me: Identity | null = null;
  private running: Promise<PushReport[]> | null = null;
  /** A commit asked for a round while one ran: another follows it (the running one may have missed it). */
  private again = false;
  private soon: NodeJS.Timeout | null = null;
  private closed = false;
  /** Where a round started by a commit reports its failure (the server's log). */
  onError: (err: unknown) => void = () => undefined;
  constructor(readonly db: Db, readonly cfg: FederationConfig, readonly rule: RuleOptions = {}) {}

  identity(): Identity {
    this.me ??= loadIdentity(this.cfg);
    return this.me;
  }

  /**
   * Bundles every peer's outbox, then pushes what each has not acknowledged. One round at a time.
   * `afterCommit`: a round a commit asked for, which leaves a peer whose last push failed to the
   * timer (it backs off as the timer does, rather than retrying on every commit).
   */
  sync(afterCommit = false): Promise<PushReport[]> {
    this.running ??= this.round(afterCommit).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.committed();
      }
    });
    return this.running;
  }

  /**
   * A request's commit gave a peer something to send: a round starts `commitDelayMs` later (commits
   * in that time share it), or after the running one ends. The timer stays the catch-up path.
   */
  committed(): void {
    if (this.soon || this.closed || this.cfg.commitDelayMs === null) return;
    // Called from the committing request's context: the round must run outside it (its own connections, no deadline).
    this.soon = outsideRequest(() => setTimeout(() => {
      this.soon = null;
      if (this.running) this.again = true;
      else this.sync(true).catch((err: unknown) => this.onError(err));
    }, this.cfg.commitDelayMs ?? COMMIT_DELAY_MS));
  }

  /** No more rounds; waits for the one running. */
  async close(): Promise<void> {
    this.closed = true;
    this.again = false;
    if (this.soon) clearTimeout(this.soon);
    this.soon = null;
    await this.running?.catch(() => undefined);
  }

  private async round(afterCommit: boolean): Promise<PushReport[]> {
    const peers = await this.db.selectFrom("federation_peers").select(["id", "last_error"]).where("status", "<>", "removed").execute();
    if (!peers.length) return [];
    await buildAll(this.db, this.identity(), this.cfg.bundleRecords, this.rule);
    const reports: PushReport[] = [];
    const me = this.identity();
    for (const p of peers) {
      if (afterCommit && p.last_error !== null) continue;
      reports.push(await pushExclusively(this.db, p.id, () => pushPeer(this.db, p.id, undefined, (text) => envelopeOf(me.privateKey, me.fingerprint, text))));
    }
    return reports;
  }

  /** A bundle as received; `envelope` when it came over HTTP (checked before the body is parsed). */
  receive(text: string, via: string, envelope?: Envelope) {
    return receiveBundle(this.db, homeCountryOf(this.cfg), text, via, envelope);
  }
}

declare module "fastify" {
  interface FastifyInstance {
    federation: Federation;
  }
}

const PeerIn = z.strictObject({
  country: countryCode,
  url: z.string().min(1).max(2000),
  key: z.string().min(1).max(200).describe("the peer's key as its `federation identity` prints it (ed25519:…)"),
  level: z.enum(LEVELS).describe("the highest classification the link is accredited for"),
  compartments: z.array(compartmentCode).max(50).default([]),
});
const PeerPatch = z.strictObject({
  status: z.enum(["active", "suspended"]).optional(),
  url: z.string().min(1).max(2000).optional(),
  level: z.enum(LEVELS).optional(),
  compartments: z.array(compartmentCode).max(50).optional(),
});
const CountryParams = z.strictObject({ country: countryCode });


const tags = ["federation"];

/** Security officers of the home country only (SPEC 8.1); anyone else is refused and audited. */
async function officer(req: FastifyRequest, action: string, home: string) {
  try {
    const v = requireRole(req, "security_officer");
    if (v.nationality !== home) throw new AccordError("forbidden", `Only security officers of ${home} manage this instance's peers.`);
    return { actor: v.id, client: clientOf(req) };
  } catch (err) {
    if (err instanceof AccordError && err.code === "forbidden") await recordAudit(systemDb(req), { actor: req.viewer?.id ?? null, action, client: clientOf(req), outcome: "denied", details: { reason: err.message } });
    throw err;
  }
}

function homeOrConflict(cfg: FederationConfig): string {
  return homeCountryOf(cfg);
}

function refusal(reply: FastifyReply, err: BundleRefused) {
  return sendProblem(reply, err.status, "bundle_refused", err.message, [], { reason: err.reason });
}

/** `signals`: the store's commit signals; with the timer on, a commit that fills the outbox starts a round soon after. */
export async function registerFederation(app: FastifyInstance, db: Db, cfg: FederationConfig, rule: RuleOptions = {}, signals?: CommitSignals): Promise<void> {
  const fed = new Federation(db, cfg, rule);
  fed.onError = (err) => app.log.warn({ err }, "federation round failed");
  app.decorate("federation", fed);

  // Peers push here. Not a signed-in route: the bundle's signature and the peer's key are its authentication.
  await app.register(async (f) => {
    // The bundle's exact bytes are what its signature covers: this scope takes the body as text (replacing the
    // server's depth-checked JSON parser, which would parse it first).
    f.removeContentTypeParser("application/json");
    f.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: MAX_BUNDLE_BYTES }, (_req, body, done) => done(null, body));
    const envelope = (req: FastifyRequest): Envelope => {
      const header = (name: string) => { const v = req.headers[name]; return typeof v === "string" ? v : undefined; };
      return { key: header(ENVELOPE_KEY), signature: header(ENVELOPE_SIGNATURE) };
    };
    // Who sent it, by the envelope's headers, before the body is read: no peer's key, no reading.
    f.addHook("onRequest", async (req, reply) => {
      if (!cfg.homeCountry || req.method !== "POST") return;
      try {
        await envelopeSender(db, envelope(req));
      } catch (err) {
        if (!(err instanceof BundleRefused)) throw err;
        await recordAudit(db, { actor: null, action: "federation.bundle.refused", target: null, outcome: "denied", client: req.ip,
          details: { peer: null, hash: null, reason: err.reason, detail: err.message, length: req.headers["content-length"] ?? null } });
        return refusal(reply, err);
      }
    });
    f.post("/federation/v1/bundles", { bodyLimit: MAX_BUNDLE_BYTES, config: { public: true }, schema: { tags, summary: "A peer instance delivers a signed bundle (SPEC 8.3)" } }, async (req, reply) => {
      if (!cfg.homeCountry) return sendProblem(reply, 404, "not_found", "Federation is off on this instance.");
      try {
        const ack = await fed.receive(String(req.body), req.ip, envelope(req));
        return reply.code(ack.status === "waiting" ? 202 : 200).send(ack);
      } catch (err) {
        if (err instanceof BundleRefused) return refusal(reply, err);
        throw err;
      }
    });
  });

  await app.register(async (api) => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get("/federation/peers", { schema: { tags, summary: "This instance's federation identity and its peers with their link state (security officers); identity null when federation is off" } }, async (req) => {
      if (!cfg.homeCountry) {
        requireRole(req, "security_officer");
        return { identity: null, peers: [] };
      }
      const home = cfg.homeCountry;
      await officer(req, "federation.peer.list", home);
      const me = fed.identity();
      return { identity: { country: me.country, fingerprint: showFingerprint(me.fingerprint), key: me.publicText }, peers: await listPeers(systemDb(req)) };
    });
    r.post("/federation/peers", { schema: { tags, summary: "Add a peer instance (security officers of the home country)", body: PeerIn } }, async (req, reply) => {
      const home = homeOrConflict(cfg);
      const who = await officer(req, "federation.peer.add", home);
      fed.identity();
      const peer = await systemDb(req).transaction().execute((tx) => addPeer(tx, home, req.body, who));
      return reply.code(201).send(peer);
    });
    r.patch("/federation/peers/:country", { schema: { tags, summary: "Suspend, resume or change a peer (security officers of the home country)", params: CountryParams, body: PeerPatch } }, async (req) => {
      const home = homeOrConflict(cfg);
      const who = await officer(req, "federation.peer.change", home);
      const { status, ...change } = req.body;
      return systemDb(req).transaction().execute(async (tx) => {
        if (Object.keys(change).length) await changePeer(tx, req.params.country, change, who);
        return status ? setPeerStatus(tx, req.params.country, status, who) : (await listPeers(tx)).find((p) => p.country === req.params.country)!;
      });
    });
    r.delete("/federation/peers/:country", { schema: { tags, summary: "Remove a peer (security officers of the home country)", params: CountryParams } }, async (req, reply) => {
      const home = homeOrConflict(cfg);
      const who = await officer(req, "federation.peer.remove", home);
      await systemDb(req).transaction().execute((tx) => removePeer(tx, req.params.country, who));
      return reply.code(204).send();
    });
    r.get("/federation/replicas", { schema: { tags, summary: "Records received from peer instances that you may read (read-only replicas)" } }, async (req) => {
      const reader = readerOf(req);
      const rows = await reader.replicas().innerJoin("federation_peers as p", "p.id", "fr.peer_id")
        .select(["fr.id", "fr.kind", "fr.title", "fr.version", "fr.marking_id", "fr.origin", "fr.received_at", "fr.content", "p.url"])
        .orderBy("fr.received_at", "desc").orderBy("fr.id").limit(500).execute();
      const markings = await loadMarkings(systemDb(req), rows.map((x) => x.marking_id));
      const items = rows.map((x) => ({
        id: x.id, kind: x.kind, title: x.title, version: x.version, marking: toOutput(markings.get(x.marking_id)!), readOnly: true,
        from: { country: x.origin, instance: x.url, receivedAt: x.received_at }, content: (JSON.parse(x.content) as { data: unknown }).data,
      }));
      await reader.auditList("federation.replica.list", items.map((i) => ({ id: i.id, marking: markings.get(rows.find((x) => x.id === i.id)!.marking_id)! })));
      return { items };
    });
    r.get("/federation/replicas/:id", { schema: { tags, summary: "One record received from a peer instance, in full, with this instance's contributions to it (read-only; 404 if you may not read it)", params: IdParams, response: { 200: ReplicaOut } } }, async (req): Promise<ReplicaOut> => {
      const reader = readerOf(req);
      const x = await reader.replicas().innerJoin("federation_peers as p", "p.id", "fr.peer_id")
        .select(["fr.id", "fr.kind", "fr.title", "fr.version", "fr.marking_id", "fr.origin", "fr.received_at", "fr.content", "p.url"])
        .where("fr.id", "=", req.params.id).executeTakeFirst();
      if (!x) {
        const exists = !!(await systemDb(req).selectFrom("federation_replicas").select("id").where("id", "=", req.params.id).executeTakeFirst());
        await reader.audit({ action: "federation.replica.read", target: req.params.id, outcome: "denied", details: { exists } });
        throw new NotReadable(exists);
      }
      const marking = (await loadMarkings(systemDb(req), [x.marking_id])).get(x.marking_id)!;
      const content = JSON.parse(x.content) as { data: unknown; updatedAt?: string };
      const files = await systemDb(req).selectFrom("federation_replica_files").select(["name", "media_type", "size", "sha256"]).where("replica_id", "=", x.id).orderBy("name").execute();
      await reader.audit({ action: "federation.replica.read", target: x.id, marking: banner(marking), outcome: "success", details: { origin: x.origin, version: x.version } });
      return {
        id: x.id, kind: x.kind, title: x.title, version: Number(x.version), marking: toOutput(marking), readOnly: true as const,
        from: { country: x.origin, instance: x.url, receivedAt: x.received_at }, updatedAt: content.updatedAt ?? null, content: content.data,
        files: files.map((f) => ({ name: f.name, mediaType: f.media_type, size: Number(f.size), sha256: f.sha256 })),
        contributions: await contributionsOf(systemDb(req), x.id),
      };
    });

    // A received document's file, by its SHA-256: the read rule in the query (a replica the caller may not read
    // answers as a missing one), audited with the replica's marking, sent as documents' downloads are.
    r.get("/federation/replicas/:id/files/:sha256", {
      schema: { tags, summary: "Download a file of a received document by its SHA-256 (404 if you may not read the replica)", params: ReplicaFileParams },
    }, async (req, reply) => {
      const reader = readerOf(req);
      const { id, sha256 } = req.params;
      const x = await reader.replicas().innerJoin("federation_replica_files as rf", "rf.replica_id", "fr.id").innerJoin("blobs as b", "b.hash", "rf.sha256")
        .select(["fr.id", "fr.marking_id", "fr.origin", "fr.version", "rf.name", "rf.media_type", "b.content"])
        .where("fr.id", "=", id).where("rf.sha256", "=", sha256).executeTakeFirst();
      if (!x) {
        const exists = !!(await systemDb(req).selectFrom("federation_replica_files").select("replica_id").where("replica_id", "=", id).where("sha256", "=", sha256).executeTakeFirst());
        await reader.audit({ action: "federation.replica.download", target: id, outcome: "denied", details: { exists, sha256 } });
        throw new NotReadable(exists);
      }
      const marking = (await loadMarkings(systemDb(req), [x.marking_id])).get(x.marking_id)!;
      await reader.audit({ action: "federation.replica.download", target: x.id, marking: auditMarking(marking), outcome: "success", details: { origin: x.origin, version: Number(x.version), sha256, name: x.name } });
      // RFC 6266: an ASCII fallback in `filename`, the name itself in `filename*` (UTF-8), so any name downloads.
      return reply.type(x.media_type).header("content-disposition", contentDisposition(x.name)).header("x-accord-marking", auditMarking(marking))
        .header("x-content-type-options", "nosniff").send(Buffer.from(x.content));
    });

    /**
     * A joint act on a replica (SPEC 8.4): checked here against what the owner sent, kept signed,
     * sent to the owner in the next bundle; 202 with the contribution `pending` until the owner answers.
     */
    async function contribute(req: FastifyRequest, id: string, draft: Parameters<typeof draftContribution>[4]) {
      const reader = readerOf(req);
      const viewer = viewerOf(req);
      const action = `federation.contribution.${draft.kind}`;
      const x: HeldReplica | undefined = await reader.replicas().select(["fr.id", "fr.kind", "fr.peer_id", "fr.origin", "fr.label", "fr.content", "fr.marking_id"]).where("fr.id", "=", id).executeTakeFirst();
      if (!x) {
        const exists = !!(await systemDb(req).selectFrom("federation_replicas").select("id").where("id", "=", id).executeTakeFirst());
        await reader.audit({ action, target: id, outcome: "denied", details: { exists } });
        throw new NotReadable(exists);
      }
      try {
        const peer = await systemDb(req).selectFrom("federation_peers").select("status").where("id", "=", x.peer_id).executeTakeFirst();
        if (!peer || peer.status === "removed") throw new AccordError("conflict", `The link with ${x.origin} is removed: nothing can be sent to it.`);
        const c = await draftContribution(systemDb(req), homeCountryOf(cfg), viewer, x, draft);
        return await systemDb(req).transaction().execute((tx) => keepContribution(tx, fed.identity().privateKey, viewer, clientOf(req), x, c));
      } catch (err) {
        if (err instanceof AccordError) await reader.audit({ action, target: id, outcome: "denied", details: { reason: err.message } });
        throw err;
      }
    }
    r.post("/federation/replicas/:id/minutes/:version/approve", {
      schema: { tags, summary: "A co-chair for this instance's country approves a version of a received meeting's minutes: signed and sent to the meeting's owner (202, pending until it answers)", params: ApproveParams, response: { 202: ContributionOut } },
    }, async (req, reply) => reply.code(202).send(await contribute(req, req.params.id, { kind: "minutes_approval", version: req.params.version })));
    r.post("/federation/replicas/:id/progress", {
      schema: { tags, summary: "Progress on a received action this instance's country owns: signed and sent to the action's owner (202, pending until it answers)", params: IdParams, body: ProgressIn, response: { 202: ContributionOut } },
    }, async (req, reply) => reply.code(202).send(await contribute(req, req.params.id, { kind: "action_progress", onDate: req.body.onDate, text: req.body.text, status: req.body.status ?? null })));
  }, { prefix: "/api" });

  if (cfg.homeCountry && cfg.intervalMs > 0) {
    const timer = setInterval(() => {
      fed.sync().catch((err: unknown) => app.log.warn({ err }, "federation round failed"));
    }, cfg.intervalMs);
    timer.unref();
    const stop = signals?.on(OUTBOX_SIGNAL, () => fed.committed());
    app.addHook("onClose", async () => {
      clearInterval(timer);
      stop?.();
      await fed.close();
    });
  }
}
