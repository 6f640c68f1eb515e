// Two (or more) real instances in one test process: each its own store and its own Fastify server
// listening on 127.0.0.1, with its own home country and federation key, linked as peers.
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { client, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import type { LevelName } from "../domain/markings.ts";
import { COMMIT_DELAY_MS, type FederationConfig } from "./identity.ts";
import { changePeer, setPeerStatus } from "./peers.ts";
import type { PushReport } from "./send.ts";

export type Api = ReturnType<typeof client>;

export interface Instance {
  country: string;
  env: TestEnv;
  url: string;
  cfg: FederationConfig;
  /** A security officer of the home country (TOP SECRET, every compartment). */
  officer: Api;
  /** A secretariat member of the home country (TOP SECRET, every compartment). */
  author: Api;
  close(): Promise<void>;
}

export const ALL_COMPARTMENTS = ["JWG", "SWG-DIC", "MRSAM", "AEASI", "KRAS"];

/** `intervalMs`: the server pushes by itself that often, as `serve` does (0, the default: only when a test calls sync). */
/** `commitDelayMs`: with the timer on, a round that long after a commit that fills the outbox (null: the timer alone; default as `serve`). */
export async function startInstance(kind: "sqlite" | "postgres", country: string, opts: { intervalMs?: number; bundleRecords?: number; commitDelayMs?: number | null } = {}): Promise<Instance> {
  const keys = mkdtempSync(join(tmpdir(), "accord-fed-keys-"));
  const cfg: FederationConfig = { homeCountry: country, keyPath: join(keys, "federation-ed25519.pem"), intervalMs: opts.intervalMs ?? 0, bundleRecords: opts.bundleRecords ?? 50, commitDelayMs: opts.commitDelayMs === undefined ? COMMIT_DELAY_MS : opts.commitDelayMs };
  const env = await testEnv(kind, { federation: cfg });
  await env.app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  const officer = client(env.app, await buildUser(env.store.db, { nationality: country, clearance: 4, compartments: ALL_COMPARTMENTS, roles: ["security_officer"] }));
  const author = client(env.app, await buildUser(env.store.db, { nationality: country, clearance: 4, compartments: ALL_COMPARTMENTS, roles: ["secretariat", "analyst"] }));
  return { country, env, url, cfg, officer, author, close: async () => { await env.close(); rmSync(keys, { recursive: true, force: true }); } };
}

/** Both sides add each other through the security officers' API (SPEC 8.1: both must, before anything flows). */
export async function link(a: Instance, b: Instance, level: LevelName, compartments: string[]): Promise<void> {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    const me = await to.officer.get("/api/federation/peers");
    if (me.status !== 200) throw new Error(`identity: ${JSON.stringify(me.body)}`);
    const res = await from.officer.post("/api/federation/peers", { country: to.country, url: to.url, key: me.body.identity.key, level, compartments });
    if (res.status !== 201) throw new Error(`peer add: ${JSON.stringify(res.body)}`);
  }
}

/** Changes the link on both sides at once (as the two security officers would agree). */
export async function relink(a: Instance, b: Instance, change: { level?: LevelName; compartments?: string[] }): Promise<void> {
  const who = { actor: null, client: "test" };
  await a.env.store.db.transaction().execute((tx) => changePeer(tx, b.country, change, who));
  await b.env.store.db.transaction().execute((tx) => changePeer(tx, a.country, change, who));
}

export async function suspend(a: Instance, peer: string, status: "active" | "suspended"): Promise<void> {
  await a.env.store.db.transaction().execute((tx) => setPeerStatus(tx, peer, status, { actor: null, client: "test" }));
}

/**
 * Runs rounds on every instance until a round changes nothing anywhere (every outbox empty and
 * every bundle acknowledged): the condition is waited for, with a bound on rounds.
 */
export async function settle(instances: readonly Instance[], sync: (i: Instance) => Promise<PushReport[]> = (i) => i.env.app.federation.sync()): Promise<void> {
  for (let round = 0; round < 20; round++) {
    let moved = false;
    for (const i of instances) for (const r of await sync(i)) if (r.delivered.length) moved = true;
    if (!moved && (await quiet(instances))) return;
  }
  throw new Error("federation did not settle in 20 rounds");
}

async function quiet(instances: readonly Instance[]): Promise<boolean> {
  for (const i of instances) {
    const db = i.env.store.db;
    if ((await db.selectFrom("federation_outbox").select("id").limit(1).execute()).length) return false;
    const peers = await db.selectFrom("federation_peers").select(["next_out_seq", "acked_out_seq", "last_error"]).where("status", "<>", "removed").execute();
    if (peers.some((p) => Number(p.acked_out_seq) < Number(p.next_out_seq) - 1 && !p.last_error)) return false;
  }
  return true;
}

/** The replicas an instance holds: id → version and banner-equivalent marking key. */
export async function replicas(i: Instance): Promise<Map<string, { version: number; origin: string; label: string }>> {
  const rows = await i.env.store.db.selectFrom("federation_replicas").select(["id", "version", "origin", "label"]).execute();
  return new Map(rows.map((r) => [r.id, { version: Number(r.version), origin: r.origin, label: r.label }]));
}
