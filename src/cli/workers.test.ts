// Several server processes on one PostgreSQL: sessions live in the database, so one created
// through one process works on another; `serve --workers N` forks N and stops them all.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../store/db.ts";
import { buildServer, defaultConfig } from "../http/server.ts";
import { testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser, TEST_PASSWORD } from "../testing/factories.ts";
import { SERVER_NODE_FLAGS, withServerFlags } from "./serve.ts";

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

describe("serve --workers", () => {
  test("workers get the server's Node flags unless the flags given set them", () => {
    assert.deepEqual(withServerFlags(["--import", "tsx"]), [...SERVER_NODE_FLAGS, "--import", "tsx"]);
    const others = SERVER_NODE_FLAGS.filter((f) => !f.startsWith("--max-semi-space-size="));
    assert.equal(others.length, SERVER_NODE_FLAGS.length - 1);
    assert.deepEqual(withServerFlags(["--max-semi-space-size=8", "--import", "tsx"]), [...others, "--max-semi-space-size=8", "--import", "tsx"]);
    assert.deepEqual(withServerFlags(["--max_semi_space_size=8"]), [...others, "--max_semi_space_size=8"]);
  });

  test("npm start and npm run accord start Node with the server's flags", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    for (const name of ["start", "accord"]) {
      const words = scripts[name]!.split(/\s+/);
      for (const flag of SERVER_NODE_FLAGS) assert.ok(words.includes(flag), `${name}: ${scripts[name]} lacks ${flag}`);
    }
  });

  test("refuses several processes on SQLite, in one line", () => {
    const dir = mkdtempSync(join(tmpdir(), "accord-workers-"));
    try {
      const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--workers", "2", "--port", "0"], {
        encoding: "utf8", env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, "a.db")}`, ACCORD_KEYS_DIR: join(dir, "keys") },
      });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^error: several server processes share one database: set DATABASE_URL=postgres/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

if (process.env.TEST_DATABASE_URL) {
  describe("several processes on one PostgreSQL", () => {
    let env: TestEnv;
    before(async () => { env = await testEnv("postgres"); });
    after(async () => { await env.close(); });

    test("a session created through one server works on another", async () => {
      const other = openStore(env.store.url);
      const second = await buildServer(other, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: join(env.dir, "keys", "audit-ed25519.pem"), checkpoints: join(env.dir, "keys", "audit-checkpoints.jsonl") } }));
      try {
        const u = await buildUser(env.store.db, { username: "two.servers" });
        const signin = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username: "two.servers", password: TEST_PASSWORD } });
        assert.equal(signin.statusCode, 200);
        const cookie = String(signin.headers["set-cookie"]).split(";")[0]!;
        const me = await second.inject({ url: "/api/auth/session", headers: { cookie } });
        assert.equal(me.statusCode, 200);
        assert.equal(me.json().id, u.userId);
        const write = await second.inject({ method: "POST", url: "/api/organisations", headers: { cookie, "x-csrf-token": signin.json().csrfToken },
          payload: { marking: { classification: "RESTRICTED", releasableTo: [] }, name: "Written on the second server", country: "IND", kind: "company" } });
        assert.equal(write.statusCode, 201);
        const list = await env.app.inject({ url: "/api/organisations?limit=100", headers: { cookie } });
        assert.ok(list.json().items.some((o: { name: string }) => o.name === "Written on the second server"));
        const out = await second.inject({ method: "POST", url: "/api/auth/signout", headers: { cookie, "x-csrf-token": signin.json().csrfToken } });
        assert.equal(out.statusCode, 204);
        assert.equal((await env.app.inject({ url: "/api/auth/session", headers: { cookie } })).statusCode, 401, "signed out everywhere the session was");
      } finally {
        await second.close();
        await other.close();
      }
    });

    /** An `accord serve` process of its own on this store, listening on a port of its own. */
    async function serveProcess(): Promise<{ base: string; stop(): Promise<number | null> }> {
      const port = await freePort();
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--port", String(port)], {
        env: { ...process.env, DATABASE_URL: env.store.url, ACCORD_KEYS_DIR: join(env.dir, "keys"), LOG_LEVEL: "silent", ACCORD_RATE_LIMIT: "0" }, stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stderr.on("data", (d: Buffer) => { out += d.toString(); });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => { out += d.toString(); if (/Accord is running at/.test(out)) resolve(); });
        void exited.then(() => reject(new Error(`serve exited early:\n${out}`)));
      });
      return { base: `http://127.0.0.1:${port}`, stop: () => { child.kill("SIGTERM"); return exited; } };
    }

    test("a session revoked through one process is refused by another that had it cached, at once", async () => {
      const u = await buildUser(env.store.db, { username: "revoked.everywhere" });
      const [a, b] = await Promise.all([serveProcess(), serveProcess()]);
      try {
        const signin = await fetch(`${a.base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "revoked.everywhere", password: TEST_PASSWORD }) });
        assert.equal(signin.status, 200);
        const cookie = signin.headers.getSetCookie()[0]!.split(";")[0]!;
        const csrf = ((await signin.json()) as { csrfToken: string }).csrfToken;
        // Both processes identify the session, and keep it (and the viewer) in their caches.
        for (const p of [a, b, a, b]) assert.equal((await fetch(`${p.base}/api/auth/session`, { headers: { cookie } })).status, 200);
        const out = await fetch(`${a.base}/api/auth/signout`, { method: "POST", headers: { cookie, "x-csrf-token": csrf } });
        assert.equal(out.status, 204);
        // The very next request to the other process is refused: no waiting for anything to expire.
        assert.equal((await fetch(`${b.base}/api/auth/session`, { headers: { cookie } })).status, 401);
        // And a user disabled by the administrator's CLI loses a fresh session on both at once.
        const again = await fetch(`${b.base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "revoked.everywhere", password: TEST_PASSWORD }) });
        const cookie2 = again.headers.getSetCookie()[0]!.split(";")[0]!;
        for (const p of [a, b]) assert.equal((await fetch(`${p.base}/api/auth/session`, { headers: { cookie: cookie2 } })).status, 200);
        const cli = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "user", "disable", "revoked.everywhere"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: env.store.url, ACCORD_KEYS_DIR: join(env.dir, "keys") } });
        assert.equal(cli.status, 0, cli.stderr);
        for (const p of [a, b]) assert.equal((await fetch(`${p.base}/api/auth/session`, { headers: { cookie: cookie2 } })).status, 401);
        assert.equal(u.spec.username, "revoked.everywhere");
      } finally {
        assert.deepEqual(await Promise.all([a.stop(), b.stop()]), [0, 0]);
      }
    });

    test("serve --workers 2 starts two processes on one port, serves, and stops them all", async () => {
      const port = await freePort();
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--workers", "2", "--port", String(port)], {
        env: { ...process.env, DATABASE_URL: env.store.url, ACCORD_KEYS_DIR: join(env.dir, "keys"), LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => { out += d.toString(); });
      child.stderr.on("data", (d: Buffer) => { out += d.toString(); });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", () => { if (/Accord is running at .*2 processes/.test(out) && out.match(/worker \d+ listening/g)?.length === 2) resolve(); });
        void exited.then(() => reject(new Error(`serve exited early:\n${out}`)));
      });
      const res = await fetch(`http://127.0.0.1:${port}/api/ping`);
      assert.deepEqual(await res.json(), { pong: true });
      // The workers run with the server's Node flags, though the primary was started without them.
      for (const [, pid] of out.matchAll(/worker (\d+) listening/g)) {
        const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        for (const flag of SERVER_NODE_FLAGS) assert.ok(argv.includes(flag), `worker ${pid}: ${argv.join(" ")}`);
      }
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
    });
  });
}
