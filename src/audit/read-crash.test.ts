// Read audit by group commit loses nothing acknowledged: the real server (`accord serve` in a
// child process) is SIGKILLed under concurrent audited reads (single records and list pages).
// Every read that got its response has its audit event, because a response is sent only once
// its event is durable. After a restart the queue (PostgreSQL) is chained and the chain verifies.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { openTestStore, STORES } from "../testing/harness.ts";
import { queuedCount, verifyChain } from "./log.ts";

const PASSWORD = "read crash test password";
const CLI = ["--import", "tsx", "src/cli/main.ts"];

function start(env: NodeJS.ProcessEnv, children: ChildProcess[]): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [...CLI, "serve", "--host", "127.0.0.1", "--port", "0"], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, base: m[1]! }); }
    });
    child.stderr!.on("data", (d: Buffer) => { out += d.toString(); });
    child.on("exit", (code, signal) => { clearTimeout(timer); reject(new Error(`server exited (${code ?? signal}): ${out}`)); });
  });
}

const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r())));

async function signIn(base: string) {
  const res = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "read.tester", password: PASSWORD }) });
  assert.equal(res.status, 200, await res.clone().text());
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get("set-cookie")!.split(";")[0]!, csrfToken };
}

for (const kind of STORES) {
  describe(`read audit survives a crash (${kind})`, () => {
    const children: ChildProcess[] = [];
    let drop: (() => Promise<void>) | null = null;
    after(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
      await Promise.all(children.map(exited));
      await drop?.();
    });

    test("every read that got a response has its audit event after a SIGKILL under read load", async () => {
      const scratch = await openTestStore(kind);
      drop = async () => { await scratch.store.close(); await scratch.drop(); };
      const env = { ...process.env, DATABASE_URL: scratch.store.url, ACCORD_KEYS_DIR: `${scratch.dir}/keys`, ACCORD_RATE_LIMIT: "0", LOG_LEVEL: "silent" };
      const add = spawnSync(process.execPath, [...CLI, "user", "add", "--username", "read.tester", "--name", "Reader", "--nationality", "IND", "--clearance", "SECRET", "--roles", "secretariat", "--password", PASSWORD], { env, encoding: "utf8" });
      assert.equal(add.status, 0, add.stderr);

      let server = await start(env, children);
      const s = await signIn(server.base);
      const ids: string[] = [];
      for (let i = 0; i < 24; i++) {
        const res = await fetch(`${server.base}/api/organisations`, {
          method: "POST", headers: { cookie: s.cookie, "x-csrf-token": s.csrfToken, "content-type": "application/json" },
          body: JSON.stringify({ marking: { classification: "RESTRICTED", releasableTo: ["ISR"] }, name: `read target ${i}`, country: "IND", kind: "company" }),
        });
        assert.equal(res.status, 201);
        ids.push(((await res.json()) as { id: string }).id);
      }

      const answered = new Map<string, number>(); // target → reads answered 200, over every round
      let listsAnswered = 0;
      // One round: 16 readers until the server is killed a few milliseconds after 400 more reads were
      // answered, while the readers go on. Killed from a response's own handler, it could land just
      // after the server had answered a whole group commit at once, every read in flight with it, and
      // cut none; a few milliseconds later it still can, when the server has answered every read it
      // was sent and the responses wait in this process. So a round that cut no read is run again on
      // a restarted server (which first chains what the dead one left), until one kill cuts reads.
      const round = async (base: string, child: ChildProcess) => {
        let total = 0;
        let inFlight = 0;
        let inFlightAtKill = -1;
        let cut = 0;
        let killing = false;
        const kill = () => {
          if (killing) return;
          killing = true;
          setTimeout(() => {
            inFlightAtKill = inFlight;
            child.kill("SIGKILL");
          }, 3);
        };
        const reader = async (w: number) => {
          for (let i = 0; inFlightAtKill < 0 && i < 2000; i++) {
            const list = i % 4 === 3;
            const id = ids[(w * 7 + i) % ids.length]!;
            inFlight++;
            try {
              const res = await fetch(list ? `${base}/api/organisations?limit=10` : `${base}/api/organisations/${id}`, { headers: { cookie: s.cookie } });
              if (res.status === 200) {
                total++;
                if (list) listsAnswered++;
                else answered.set(id, (answered.get(id) ?? 0) + 1);
              }
              await res.arrayBuffer();
            } catch {
              cut++; // the server died under this read
            } finally {
              inFlight--;
            }
            if (total >= 400) kill();
          }
        };
        await Promise.all(Array.from({ length: 16 }, (_, w) => reader(w)));
        assert.ok(inFlightAtKill >= 0, "enough reads were answered to kill the server under load");
        await exited(child);
        assert.equal(child.signalCode, "SIGKILL");
        return { inFlightAtKill, cut };
      };
      const rounds: string[] = [];
      for (let r = 0; r < 5; r++) {
        if (r > 0) server = await start(env, children);
        const { inFlightAtKill, cut } = await round(server.base, server.child);
        rounds.push(`${inFlightAtKill} in flight, ${cut} cut`);
        if (inFlightAtKill > 0 && cut > 0) break;
      }
      assert.match(rounds.at(-1)!, /^[1-9]\d* in flight, [1-9]\d* cut$/, `a kill with reads in flight cut some of them (rounds: ${rounds.join("; ")})`);

      // The restarted server chains what the dead one left queued.
      const second = await start(env, children);
      const db = scratch.store.db;
      for (let i = 0; i < 300 && (await queuedCount(db)) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await queuedCount(db), 0, "the queue was chained by the restarted server");
      second.child.kill("SIGTERM");
      await exited(second.child);

      const reads = await db.selectFrom("audit_events").select(["target", "action"]).where("actor", "is not", null).where("outcome", "=", "success").where("action", "in", ["organisation.read", "organisation.list"]).execute();
      const logged = new Map<string, number>();
      for (const r of reads) if (r.action === "organisation.read") logged.set(r.target!, (logged.get(r.target!) ?? 0) + 1);
      for (const [id, n] of answered) assert.ok((logged.get(id) ?? 0) >= n, `${n} answered reads of ${id}, ${logged.get(id) ?? 0} events`);
      assert.ok(reads.filter((r) => r.action === "organisation.list").length >= listsAnswered, "every answered list read is logged");
      const v = await verifyChain(db);
      assert.equal(v.ok, true, JSON.stringify(v));
    });
  });
}
