// Crash safety: the real server (the CLI's `serve`, in a child process) is SIGKILLed during a
// burst of concurrent writes — organisations and document uploads. After a restart on the same
// database every acknowledged write is there (a document with its exact bytes), no record is
// half-written (each has its version, search entry and create event), the audit chain verifies,
// and the server takes writes again. SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
// A kill that cut no request (every one the client waited for already answered, as on a starved
// machine) proves nothing about writes cut mid-way: the burst runs again on a restarted server, up
// to three times, and every write acknowledged in any burst must be there at the end.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { verifyChain } from "../audit/log.ts";
import { openTestStore, STORES } from "../testing/harness.ts";

const PASSWORD = "crash test password";
const CLI = ["--import", "tsx", "src/cli/main.ts"];

/** Starts `accord serve` on a free port of 127.0.0.1; the child is registered before anything can fail. */
function start(env: NodeJS.ProcessEnv, children: ChildProcess[]): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [...CLI, "serve", "--host", "127.0.0.1", "--port", "0"], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    const read = (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, base: m[1]! }); }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", (d: Buffer) => { out += d.toString(); });
    child.on("exit", (code, signal) => { clearTimeout(timer); reject(new Error(`server exited (${code ?? signal}): ${out}`)); });
  });
}

/** A child killed by a signal has a signalCode and no exitCode; it may have exited already. */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once("exit", () => r()));
}

async function signIn(base: string) {
  const res = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "crash.tester", password: PASSWORD }) });
  assert.equal(res.status, 200, await res.clone().text());
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

const MARKING = { classification: "RESTRICTED", releasableTo: ["ISR"] };

for (const kind of STORES) {
  describe(`crash safety (${kind})`, () => {
    const children: ChildProcess[] = [];
    let drop: (() => Promise<void>) | null = null;
    after(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
      await Promise.all(children.map(exited));
      await drop?.();
    });

    test("every acknowledged write survives a SIGKILL, nothing is half-written, and the chain verifies", async () => {
      const scratch = await openTestStore(kind);
      drop = async () => { await scratch.store.close(); await scratch.drop(); };
      const env = { ...process.env, DATABASE_URL: scratch.store.url, ACCORD_KEYS_DIR: `${scratch.dir}/keys`, ACCORD_RATE_LIMIT: "0", LOG_LEVEL: "silent" };
      const add = spawnSync(process.execPath, [...CLI, "user", "add", "--username", "crash.tester", "--name", "Crash", "--nationality", "IND", "--clearance", "SECRET", "--roles", "secretariat", "--password", PASSWORD], { env, encoding: "utf8" });
      assert.equal(add.status, 0, add.stderr);

      const organisations: string[] = [];
      const documents = new Map<string, string>();
      /**
       * One burst on a fresh server, SIGKILLed once 60 writes of this burst were acknowledged.
       * `lost`: requests that failed because the server died under them. A kill can land when every
       * request the client still waits for was already answered (its bytes on the way): then nothing
       * was cut mid-write, and the caller bursts again, the writes acknowledged so far still counted.
       */
      const burst = async () => {
        const server = await start(env, children);
        const session = await signIn(server.base);
        const headers = { cookie: session.cookie, "x-csrf-token": session.csrfToken };
        let acknowledged = 0;
        let inFlight = 0;
        let inFlightAtKill = -1;
        let lost = 0;
        const kill = () => {
          if (inFlightAtKill >= 0) return;
          inFlightAtKill = inFlight;
          server.child.kill("SIGKILL");
        };
        const send = async (w: number, i: number) => {
          if (w % 3 === 0) {
            const text = `burst document ${w}-${i} ${"x".repeat(i * 7)}`;
            const form = new FormData();
            form.append("metadata", JSON.stringify({ marking: MARKING, title: `Burst ${w}-${i}`, kind: "report" }));
            form.append("file", new Blob([text], { type: "text/plain" }), `b${w}-${i}.txt`);
            const res = await fetch(`${server.base}/api/documents`, { method: "POST", headers, body: form });
            if (res.status === 201) { documents.set(((await res.json()) as { id: string }).id, text); acknowledged++; }
          } else {
            const res = await fetch(`${server.base}/api/organisations`, {
              method: "POST", headers: { ...headers, "content-type": "application/json" },
              body: JSON.stringify({ marking: MARKING, name: `burst ${w}-${i}`, country: "IND", kind: "company" }),
            });
            if (res.status === 201) { organisations.push(((await res.json()) as { id: string }).id); acknowledged++; }
          }
        };
        const writer = async (w: number) => {
          for (let i = 0; i < 200 && inFlightAtKill < 0; i++) {
            inFlight++;
            try {
              await send(w, i);
            } catch {
              lost++; // the server is gone mid-request
            } finally {
              inFlight--;
            }
            if (acknowledged >= 60) kill();
          }
        };
        await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(writer));
        assert.ok(inFlightAtKill >= 0, "enough writes were acknowledged to kill the server mid-burst");
        await exited(server.child);
        assert.equal(server.child.signalCode, "SIGKILL");
        return { inFlightAtKill, lost };
      };
      const bursts: { inFlightAtKill: number; lost: number }[] = [];
      while (bursts.length < 3 && !bursts.some((b) => b.inFlightAtKill > 0 && b.lost > 0)) bursts.push(await burst());
      assert.ok(bursts.some((b) => b.inFlightAtKill > 0 && b.lost > 0), `killed with writes in flight (in flight, lost, per burst: ${JSON.stringify(bursts)})`);
      assert.ok(documents.size > 0 && organisations.length > 0, "both kinds of write were acknowledged");

      const second = await start(env, children);
      const again = await signIn(second.base);
      for (const id of organisations) {
        const res = await fetch(`${second.base}/api/organisations/${id}`, { headers: { cookie: again.cookie } });
        assert.equal(res.status, 200, `acknowledged organisation ${id} is present`);
      }
      for (const [id, text] of documents) {
        const res = await fetch(`${second.base}/api/documents/${id}/content`, { headers: { cookie: again.cookie } });
        assert.equal(res.status, 200, `acknowledged document ${id} is present`);
        assert.equal(await res.text(), text, "with its exact content");
      }
      // The restarted server takes writes.
      const more = await fetch(`${second.base}/api/organisations`, {
        method: "POST", headers: { cookie: again.cookie, "x-csrf-token": again.csrfToken, "content-type": "application/json" },
        body: JSON.stringify({ marking: MARKING, name: "after the crash", country: "IND", kind: "company" }),
      });
      assert.equal(more.status, 201);
      second.child.kill("SIGTERM");
      await exited(second.child);

      // No record half-written: each has its kind's row, its first version, its search entry and its create event.
      const db = scratch.store.db;
      const records = await db.selectFrom("records").select(["id", "kind"]).where("kind", "in", ["organisation", "document"]).execute();
      const ids = new Set(records.map((r) => r.id));
      for (const id of [...organisations, ...documents.keys()]) assert.ok(ids.has(id), `acknowledged ${id} has its record`);
      const rows = new Set([
        ...(await db.selectFrom("organisations").select("id").execute()).map((r) => r.id),
        ...(await db.selectFrom("documents").select("id").execute()).map((r) => r.id),
      ]);
      const versions = new Set((await db.selectFrom("record_versions").select("record_id").where("version", "=", 1).execute()).map((r) => r.record_id));
      const search = new Set((await db.selectFrom("search_docs").select("record_id").execute()).map((r) => r.record_id));
      const created = new Set((await db.selectFrom("audit_events").select("target").where("action", "in", ["organisation.create", "document.create"]).where("outcome", "=", "success").execute()).map((r) => r.target));
      const withFile = new Set((await db.selectFrom("document_versions").innerJoin("blobs", "blobs.hash", "document_versions.content_hash").select("document_id").execute()).map((r) => r.document_id));
      assert.equal(rows.size, records.length, "a kind row for every record and no other");
      for (const r of records) {
        assert.ok(rows.has(r.id) && versions.has(r.id) && search.has(r.id) && created.has(r.id), `${r.kind} ${r.id} is whole`);
        if (r.kind === "document") assert.ok(withFile.has(r.id), `document ${r.id} has its file`);
      }
      const v = await verifyChain(db);
      assert.equal(v.ok, true, JSON.stringify(v));
    });
  });
}
