// SIGTERM drains: a request in flight (an upload still arriving) finishes and is saved; a request
// arriving meanwhile gets a 503 problem+json telling the client to go elsewhere, with
// `Connection: close`; then the process exits 0. One process on SQLite; `serve --workers 2` on
// PostgreSQL when TEST_DATABASE_URL is set (the primary drains every worker the same way).
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { createServer } from "node:net";
import { openTestStore, STORES } from "../testing/harness.ts";

const CLI = ["--import", "tsx", "src/cli/main.ts"];
const PASSWORD = "drain test password";
const MARKING = { classification: "RESTRICTED", releasableTo: ["ISR"] };

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

async function until(what: string, check: () => boolean): Promise<void> {
  const end = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An upload sent in two halves: the request is in flight until `finish` sends the rest. */
function slowUpload(base: string, headers: Record<string, string>, title: string) {
  const boundary = "----accorddrain";
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify({ marking: MARKING, title, kind: "report" })}\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="drain.txt"\r\nContent-Type: text/plain\r\n\r\nthe first half, `);
  const tail = Buffer.from(`and the second half.\r\n--${boundary}--\r\n`);
  const url = new URL(`${base}/api/documents`);
  let answer!: Promise<{ status: number; body: string }>;
  const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST",
    headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(head.length + tail.length) } });
  answer = new Promise((resolve, reject) => {
    req.on("response", (res) => {
      let body = "";
      res.on("data", (d: Buffer) => { body += d.toString(); });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
  req.write(head);
  return { answer, finish: () => req.end(tail) };
}

for (const kind of STORES) {
  const workers = kind === "postgres" ? 2 : 1;
  describe(`SIGTERM drains (${kind}, ${workers} process${workers > 1 ? "es" : ""})`, () => {
    let child: ChildProcess | null = null;
    let drop: (() => Promise<void>) | null = null;
    after(async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await drop?.();
    });

    test("requests in flight finish, new ones get 503 problem+json, then the process exits 0", async () => {
      const scratch = await openTestStore(kind);
      drop = async () => { await scratch.store.close(); await scratch.drop(); };
      const env = { ...process.env, DATABASE_URL: scratch.store.url, ACCORD_KEYS_DIR: `${scratch.dir}/keys`, ACCORD_RATE_LIMIT: "0", LOG_LEVEL: "info" };
      const add = spawnSync(process.execPath, [...CLI, "user", "add", "--username", "drain.tester", "--name", "Drain", "--nationality", "IND", "--clearance", "SECRET", "--roles", "secretariat", "--password", PASSWORD], { env, encoding: "utf8" });
      assert.equal(add.status, 0, add.stderr);
      const port = await freePort();
      const c = spawn(process.execPath, [...CLI, "serve", "--host", "127.0.0.1", "--port", String(port), "--workers", String(workers)], { env, stdio: ["ignore", "pipe", "pipe"] });
      child = c;
      let out = "";
      c.stdout!.on("data", (d: Buffer) => { out += d.toString(); });
      c.stderr!.on("data", (d: Buffer) => { out += d.toString(); });
      const exited = new Promise<number | null>((resolve) => c.on("exit", (code) => resolve(code)));
      await until("the server listens", () => /running at http/.test(out) && (workers === 1 || (out.match(/worker \d+ listening/g)?.length ?? 0) === workers) || c.exitCode !== null);
      assert.equal(c.exitCode, null, out);
      const base = `http://127.0.0.1:${port}`;

      const signin = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "drain.tester", password: PASSWORD }) });
      assert.equal(signin.status, 200);
      const headers = { cookie: signin.headers.get("set-cookie")!.split(";")[0]!, "x-csrf-token": ((await signin.json()) as { csrfToken: string }).csrfToken };

      const upload = slowUpload(base, headers, "Uploaded across a shutdown");
      await until("the upload is being received", () => /"url":"\/api\/documents"/.test(out));
      c.kill("SIGTERM");
      await until("every process is draining", () => (out.match(/draining \(SIGTERM\)/g)?.length ?? 0) === workers);

      const refused = await fetch(`${base}/api/ping`);
      assert.equal(refused.status, 503);
      assert.match(refused.headers.get("content-type") ?? "", /^application\/problem\+json/);
      assert.equal(refused.headers.get("connection"), "close");
      const problem = (await refused.json()) as { code: string; status: number; detail: string };
      assert.equal(problem.code, "shutting_down");
      assert.equal(problem.status, 503);

      upload.finish();
      const done = await upload.answer;
      assert.equal(done.status, 201, done.body);
      const id = (JSON.parse(done.body) as { id: string }).id;
      assert.equal(await exited, 0, out);
      const saved = await scratch.store.db.selectFrom("records").select("title").where("id", "=", id).executeTakeFirst();
      assert.equal(saved?.title, "Uploaded across a shutdown");
    });
  });
}
