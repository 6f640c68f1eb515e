// Crash safety: SIGKILL the server during a burst of writes; after a restart every acknowledged
// write is there and the audit chain verifies.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { openStore } from "../store/db.ts";
import { verifyChain } from "../audit/log.ts";
import { openTestStore, STORES } from "../testing/harness.ts";

const PASSWORD = "crash test password";

function start(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--port", "0"], { env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, base: m[1]! }); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${out}`)); });
  });
}

/** A child killed by a signal has a signalCode and no exitCode; it may have exited already. */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once("exit", () => r()));
}

async function signIn(base: string) {
  const res = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "crash.tester", password: PASSWORD }) });
  assert.equal(res.status, 200);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

for (const kind of STORES) {
  describe(`crash safety (${kind})`, () => {
    const children: ChildProcess[] = [];
    let drop: (() => Promise<void>) | null = null;
    after(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
      await drop?.();
    });

    test("every acknowledged write survives a SIGKILL, and the chain verifies", async () => {
      const scratch = await openTestStore(kind);
      drop = async () => { await scratch.store.close(); await scratch.drop(); };
      const env = { ...process.env, DATABASE_URL: scratch.store.url, ACCORD_KEYS_DIR: `${scratch.dir}/keys`, ACCORD_RATE_LIMIT: "0", LOG_LEVEL: "silent" };
      const add = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "user", "add", "--username", "crash.tester", "--name", "Crash", "--nationality", "IND", "--clearance", "SECRET", "--roles", "secretariat", "--password", PASSWORD], { env, encoding: "utf8" });
      assert.equal(add.status, 0, add.stderr);

      const first = await start(env);
      children.push(first.child);
      const { cookie, csrfToken } = await signIn(first.base);
      const acknowledged: string[] = [];
      let killed = false;
      const writer = async (w: number) => {
        for (let i = 0; i < 100 && !killed; i++) {
          try {
            const res = await fetch(`${first.base}/api/organisations`, {
              method: "POST", headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
              body: JSON.stringify({ marking: { classification: "RESTRICTED", releasableTo: ["ISR"] }, name: `burst ${w}-${i}`, country: "IND", kind: "company" }),
            });
            if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
          } catch {
            return; // the server is gone
          }
          if (acknowledged.length >= 60 && !killed) {
            killed = true;
            first.child.kill("SIGKILL");
          }
        }
      };
      await Promise.all([1, 2, 3, 4, 5, 6].map(writer));
      assert.ok(killed, "the server was killed mid-burst");
      await exited(first.child);

      const second = await start(env);
      children.push(second.child);
      const again = await signIn(second.base);
      for (const id of acknowledged) {
        const res = await fetch(`${second.base}/api/organisations/${id}`, { headers: { cookie: again.cookie } });
        assert.equal(res.status, 200, `acknowledged ${id} is present`);
      }
      second.child.kill("SIGTERM");
      const store = openStore(scratch.store.url);
      try {
        const v = await verifyChain(store.db);
        assert.equal(v.ok, true, JSON.stringify(v));
      } finally {
        await store.close();
      }
    });
  });
}
