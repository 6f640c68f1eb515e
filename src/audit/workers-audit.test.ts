// The audit log with several server processes on one PostgreSQL (`serve --workers 2`): both
// processes write events to the queue and try to sequence; the chain holds every acknowledged
// write's event exactly once even when a worker is SIGKILLed mid-load (another takes over
// sequencing), automatic checkpoints are signed once each, and stopping signs the head.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { openTestStore } from "../testing/harness.ts";
import { queuedCount, readEvents, verifyChain } from "./log.ts";
import { readCheckpointFile } from "./checkpoint.ts";
import { checkCheckpoints } from "./verify.ts";

const PASSWORD = "workers audit password";
const CLI = ["--import", "tsx", "src/cli/main.ts"];
const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

if (process.env.TEST_DATABASE_URL) {
  describe("audit log with several processes on one PostgreSQL", () => {
    let child: ChildProcess | null = null;
    let drop: (() => Promise<void>) | null = null;
    after(async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await drop?.();
    });

    test("a worker killed under load: every acknowledged write's event is chained once; checkpoints signed once each; stop signs the head", async () => {
      const scratch = await openTestStore("postgres");
      drop = async () => { await scratch.store.close(); await scratch.drop(); };
      const keysDir = join(scratch.dir, "keys");
      const env = { ...process.env, DATABASE_URL: scratch.store.url, ACCORD_KEYS_DIR: keysDir, ACCORD_AUDIT_WITNESS: join(scratch.dir, "witness.jsonl"), ACCORD_CHECKPOINT_EVENTS: "25", ACCORD_RATE_LIMIT: "0", LOG_LEVEL: "silent" };
      const add = spawnSync(process.execPath, [...CLI, "user", "add", "--username", "multi.writer", "--name", "Writer", "--nationality", "IND", "--clearance", "SECRET", "--roles", "secretariat", "--password", PASSWORD], { env, encoding: "utf8" });
      assert.equal(add.status, 0, add.stderr);
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      child = spawn(process.execPath, [...CLI, "serve", "--workers", "2", "--port", String(port)], { env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout!.on("data", (d: Buffer) => { out += d.toString(); });
      child.stderr!.on("data", (d: Buffer) => { out += d.toString(); });
      const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        child!.stdout!.on("data", () => { if (/Accord is running at .*2 processes/.test(out) && out.match(/worker \d+ listening/g)?.length === 2) resolve(); });
        void exited.then(() => reject(new Error(`serve exited early:\n${out}`)));
      });
      const workers = [...out.matchAll(/worker (\d+) listening/g)].map((m) => Number(m[1]));
      assert.equal(workers.length, 2);

      const signin = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "multi.writer", password: PASSWORD }) });
      assert.equal(signin.status, 200);
      const cookie = signin.headers.get("set-cookie")!.split(";")[0]!;
      const { csrfToken } = (await signin.json()) as { csrfToken: string };
      const made: string[] = [];
      let killed = false;
      const writer = async (w: number) => {
        for (let i = 0; i < 20; i++) {
          try {
            const res = await fetch(`${base}/api/organisations`, {
              method: "POST", headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
              body: JSON.stringify({ marking: { classification: "RESTRICTED", releasableTo: ["ISR"] }, name: `multi ${w}-${i}`, country: "IND", kind: "company" }),
            });
            if (res.status === 201) made.push(((await res.json()) as { id: string }).id);
            // A read too, so the group commit runs in both processes.
            if (made.length) await (await fetch(`${base}/api/organisations/${made[made.length - 1]}`, { headers: { cookie } })).arrayBuffer();
          } catch {
            // this request's worker was killed under it
          }
          if (!killed && made.length >= 40) {
            killed = true;
            process.kill(workers[0]!, "SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, (_, w) => writer(w)));
      assert.ok(killed, "a worker was killed mid-load");
      const db = scratch.store.db;
      for (let i = 0; i < 400 && (await queuedCount(db)) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await queuedCount(db), 0, "the surviving processes chained the queue");

      const created = new Map<string, number>();
      for await (const e of readEvents(db)) if (e.action === "organisation.create" && e.target) created.set(e.target, (created.get(e.target) ?? 0) + 1);
      for (const id of made) assert.equal(created.get(id), 1, `the create of ${id} is chained exactly once`);
      assert.equal((await verifyChain(db)).ok, true);
      const rows = await db.selectFrom("audit_checkpoints").select(["seq", "signature"]).orderBy("seq").execute();
      assert.ok(rows.length >= 2, `automatic checkpoints every 25 events (${rows.length})`);
      const paths = { privateKey: join(keysDir, "audit-ed25519.pem"), checkpoints: join(keysDir, "audit-checkpoints.jsonl"), witness: join(scratch.dir, "witness.jsonl") };
      const inDb = rows.map((r) => Number(r.seq));
      const fileCheckpoints = readCheckpointFile(paths.checkpoints).checkpoints;
      const inFile = fileCheckpoints.map((c) => c.seq);
      const witnessed = readCheckpointFile(paths.witness).checkpoints.map((c) => c.seq);
      // The files are written before the database row, the keys folder's first: a worker killed
      // while signing may leave its one checkpoint in the keys folder (and the witness) but not
      // in the database. If no event came since, a survivor records it rather than signing that
      // head again; if events came, it stays in the files alone. Each head is signed once, and
      // every checkpoint the database holds is in both files.
      const inDbSignatures = new Set(rows.map((r) => r.signature));
      const orphaned = fileCheckpoints.filter((c) => !inDbSignatures.has(c.signature));
      assert.ok(orphaned.length <= 1, `at most the killed worker's checkpoint is missing from the database (${inFile} against ${inDb})`);
      assert.equal(new Set(inFile).size, inFile.length, `each head signed once (${inFile})`);
      for (const seq of inDb) assert.ok(inFile.includes(seq) && witnessed.includes(seq), `checkpoint ${seq} is in both files`);
      for (const seq of witnessed) assert.ok(inFile.includes(seq), `the witness's checkpoint ${seq} is in the keys folder`);
      const chained = await db.selectFrom("audit_events").select("seq").orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
      const check = await checkCheckpoints(db, paths, { seq: Number(chained.seq) });
      assert.deepEqual(check.problems, [], "every checkpoint, in any place, is signed by the key and matches the log");

      child.kill("SIGTERM");
      assert.equal(await exited, 0, out.slice(-3000));
      const head = await db.selectFrom("audit_events").select("seq").orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
      assert.equal(readCheckpointFile(join(scratch.dir, "witness.jsonl")).checkpoints.at(-1)?.seq, Number(head.seq), "stopping signed the head");
    });
  });
}
