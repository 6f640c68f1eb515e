// `accord demo federation`: two instances on loopback, one per country (SPEC 8). India's on
// SQLite; Israel's on PostgreSQL when DATABASE_URL is given, otherwise a second SQLite file. Each
// has its home country, its own keys folder and data folder; each gets the demo story its country
// originates (src/seed/federation.ts); the two are linked as peers on both sides, then each runs
// as `accord serve` in a process of its own, pushing to the other every
// ACCORD_FEDERATION_INTERVAL_MS. Runs until Ctrl-C, then stops both (each drains) and exits.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { sql } from "kysely";
import { CliError } from "../cli/errors.ts";
import { openStore } from "../store/db.ts";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { seedIndiaInstance, seedIsraelInstance } from "../seed/federation.ts";
import { DEMO_USERS, type DemoUser } from "../seed/demo.ts";
import { sequenceAll } from "../audit/sequencer.ts";
import { loadIdentity, showFingerprint, type Identity } from "./identity.ts";
import { addPeer, changePeer, listPeers } from "./peers.ts";

/** The link the story runs on: SECRET, with the JWG and its industry sub-working group shared. */
export const DEMO_LINK = { level: "SECRET" as const, compartments: ["JWG", "SWG-DIC"] };
const DEMO = { actor: null, client: "demo" };

interface Side {
  country: "IND" | "ISR";
  name: string;
  url: string;
  keys: string;
  port: number;
  address: string;
  seed: (store: ReturnType<typeof openStore>) => Promise<{ users: DemoUser[] }>;
}

interface Options { dir: string; host: string; indiaPort: string; israelPort: string; fresh?: boolean }

export function registerDemo(program: Command): void {
  program.command("demo").description("Demonstrations").command("federation")
    .description("Two Accord instances on this machine, India's and Israel's, linked as peers, each with its part of the demo story")
    .option("--dir <folder>", "where both instances keep their data and keys folders", "./data/federation-demo")
    .option("--host <h>", "address both listen on", "127.0.0.1")
    .option("--india-port <n>", "India's port", "8081")
    .option("--israel-port <n>", "Israel's port", "8082")
    .option("--fresh", "start again from the story (deletes the folder's data, and Israel's PostgreSQL schema when DATABASE_URL is given)")
    .action(async (o: Options) => runDemo(o));
}

function port(s: string, name: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new CliError(`${name} must be a port number, not ${JSON.stringify(s)}`);
  return n;
}

async function runDemo(o: Options): Promise<void> {
  const dir = resolve(o.dir);
  if (o.fresh) rmSync(dir, { recursive: true, force: true });
  const side = (country: "IND" | "ISR", name: string, p: number, url: string, seed: Side["seed"]): Side => {
    const home = join(dir, name.toLowerCase());
    mkdirSync(join(home, "data"), { recursive: true });
    return { country, name, url, keys: join(home, "keys"), port: p, address: `http://${o.host}:${p}`, seed };
  };
  const ind = side("IND", "India", port(o.indiaPort, "--india-port"), `sqlite:${join(dir, "india", "data", "accord.db")}`, seedIndiaInstance);
  const isr = side("ISR", "Israel", port(o.israelPort, "--israel-port"), process.env.DATABASE_URL ?? `sqlite:${join(dir, "israel", "data", "accord.db")}`, seedIsraelInstance);
  if (ind.port === isr.port) throw new CliError("--india-port and --israel-port must differ");
  if (o.fresh && process.env.DATABASE_URL) await emptyPostgres(isr.url);

  const identities = new Map<string, Identity>();
  for (const s of [ind, isr]) identities.set(s.country, loadIdentity({ homeCountry: s.country, keyPath: join(s.keys, "federation-ed25519.pem"), intervalMs: 0, bundleRecords: 500 }));
  const users = new Map<string, DemoUser[]>();
  for (const [me, peer] of [[ind, isr], [isr, ind]] as const) users.set(me.country, await prepare(me, peer, identities.get(peer.country)!));

  const children = [ind, isr].map((s) => serve(s));
  await stopOnSignal(children);
  await Promise.all(children.map((c) => c.ready));
  for (const s of [ind, isr]) {
    const me = identities.get(s.country)!;
    console.log(`\n${s.name}'s Accord (${s.country}, ${s.url.startsWith("sqlite:") ? "SQLite" : "PostgreSQL"}): ${s.address}`);
    console.log(`  federation key fingerprint ${showFingerprint(me.fingerprint)}`);
    for (const u of users.get(s.country)!) console.log(`  ${u.username.padEnd(20)} ${u.password.padEnd(30)} ${u.clearance.padEnd(12)} ${u.roles.join(", ")}`);
  }
  console.log(`\nLinked both ways at ${DEMO_LINK.level} with ${DEMO_LINK.compartments.join(", ")} shared. Security officers enrol a second factor at their first sign-in.`);
  console.log("Try: sign in to Israel's Accord as isr.cochair, open Received, and approve the 18th JWG's minutes. Ctrl-C stops both.");
}

/** Migrates, loads the country's part of the story once, and links (or re-addresses) the peer. */
async function prepare(me: Side, peer: Side, peerId: Identity): Promise<DemoUser[]> {
  const store = openStore(me.url);
  try {
    await migrate(store);
    await seedReference(store.db);
    const fresh = !(await store.db.selectFrom("users").select("id").limit(1).executeTakeFirst());
    const { users } = fresh ? await me.seed(store) : { users: [] };
    const linked = (await listPeers(store.db)).find((p) => p.country === peer.country);
    await store.db.transaction().execute(async (tx) => {
      if (!linked) await addPeer(tx, me.country, { country: peer.country, url: peer.address, key: peerId.publicText, ...DEMO_LINK }, DEMO);
      else if (linked.url !== peer.address) await changePeer(tx, peer.country, { url: peer.address }, DEMO);
    });
    await sequenceAll(store.db);
    if (!fresh) console.log(`${me.name}'s Accord: data from an earlier run (--fresh starts again from the story)`);
    return fresh ? users : DEMO_USERS.filter((u) => u.nationality === me.country);
  } finally {
    await store.close();
  }
}

async function emptyPostgres(url: string): Promise<void> {
  const store = openStore(url);
  try {
    await sql`drop schema public cascade`.execute(store.db);
    await sql`create schema public`.execute(store.db);
  } finally {
    await store.close();
  }
}

interface Child { name: string; proc: ChildProcess; ready: Promise<void>; exited: Promise<number | null> }

/** `accord serve` for one side, in its own process, its lines prefixed with its name. */
function serve(s: Side): Child {
  const proc = spawn(process.execPath, [...process.execArgv, process.argv[1]!, "serve", "--host", new URL(s.address).hostname, "--port", String(s.port)], {
    env: { ...process.env, DATABASE_URL: s.url, ACCORD_HOME_COUNTRY: s.country, ACCORD_KEYS_DIR: s.keys },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tag = `[${s.name.toLowerCase()}] `;
  let readyFn: () => void = () => {};
  let failFn: (e: Error) => void = () => {};
  const ready = new Promise<void>((res, rej) => { readyFn = res; failFn = rej; });
  const lines = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buf = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buf += chunk;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        out.write(`${tag}${line}\n`);
        if (line.startsWith("Accord is running at")) readyFn();
      }
    });
  };
  lines(proc.stdout!, process.stdout);
  lines(proc.stderr!, process.stderr);
  const exited = new Promise<number | null>((res) => proc.once("exit", (code) => {
    failFn(new CliError(`${s.name}'s Accord stopped before it was ready (exit ${code})`));
    res(code);
  }));
  return { name: s.name, proc, ready, exited };
}

/** Ctrl-C (or SIGTERM) drains both; one dying stops the other. Exits 0 when both stopped cleanly. */
async function stopOnSignal(children: Child[]): Promise<void> {
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`stopping both instances (${why})`);
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill("SIGTERM");
    const codes = await Promise.all(children.map((c) => c.exited));
    process.exit(codes.every((c) => c === 0) ? 0 : 1);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  for (const c of children) void c.exited.then((code) => { if (!stopping) { console.error(`${c.name}'s Accord stopped (exit ${code})`); void stop(`${c.name} stopped`); } });
}
