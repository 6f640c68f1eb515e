// `accord demo federation`, run as a person runs it: two instances on free loopback ports, each
// with its part of the story; a record India's secretariat makes reaches Israel's instance over
// HTTP; Ctrl-C stops both cleanly.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

/** A signed-in session on one instance, over HTTP. */
async function signIn(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: `demo-${username}-2025` }) });
  assert.equal(res.status, 200, `${username} signs in to ${base}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    get: async (path: string) => (await fetch(`${base}/api${path}`, { headers: { cookie } })).json() as Promise<{ items: { id: string; title: string; kind: string; from: { country: string } }[] }>,
    post: async (path: string, body: unknown) => fetch(`${base}/api${path}`, { method: "POST", headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" }, body: JSON.stringify(body) }),
  };
}

/** Waits for a condition, checking every 200 ms, up to a bound. */
async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("accord demo federation", () => {
  const dir = mkdtempSync(join(tmpdir(), "accord-demo-fed-"));
  let proc: ChildProcess;
  let out = "";
  let india = "";
  let israel = "";
  let exited: Promise<number | null>;

  before(async () => {
    const [a, b] = [await freePort(), await freePort()];
    india = `http://127.0.0.1:${a}`;
    israel = `http://127.0.0.1:${b}`;
    const env: NodeJS.ProcessEnv = { ...process.env, ACCORD_FEDERATION_INTERVAL_MS: "200" };
    delete env.DATABASE_URL;
    proc = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "demo", "federation", "--dir", dir, "--india-port", String(a), "--israel-port", String(b)], { env, stdio: ["ignore", "pipe", "pipe"] });
    proc.stdout!.on("data", (d: Buffer) => { out += d.toString(); });
    proc.stderr!.on("data", (d: Buffer) => { out += d.toString(); });
    exited = new Promise((res) => proc.once("exit", (code) => res(code)));
    await until("both instances to be up", 120_000, async () => {
      if (proc.exitCode !== null) throw new Error(`the demo stopped: ${out}`);
      return out.includes("Ctrl-C stops both") ? true : undefined;
    });
  });
  after(() => {
    if (proc.exitCode === null) proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  test("prints both addresses and each country's sign-ins", () => {
    assert.match(out, new RegExp(`India's Accord \\(IND, SQLite\\): ${india}`));
    assert.match(out, new RegExp(`Israel's Accord \\(ISR, SQLite\\): ${israel}`));
    const israelPart = out.slice(out.indexOf("Israel's Accord (ISR"));
    assert.match(israelPart, /isr\.cochair\s+demo-isr\.cochair-2025/);
    assert.doesNotMatch(israelPart.slice(0, israelPart.indexOf("Linked both ways")), /priya\.secretariat/);
  });

  test("each instance holds its own country's users and records; the story flows both ways, the India-only paper stays", async () => {
    const noa = await signIn(israel, "noa.secretariat");
    const fromIndia = await until("India's records on Israel's instance", 60_000, async () => {
      const items = (await noa.get("/federation/replicas")).items;
      return items.some((r) => r.title.startsWith("18th meeting")) ? items : undefined;
    });
    assert.ok(fromIndia.every((r) => r.from.country === "IND"));
    assert.ok(fromIndia.some((r) => r.title === "Illustrative: 17th JWG draft agenda"));
    assert.ok(!fromIndia.some((r) => r.title.includes("Indian negotiating position")), "India's SECRET NOFORN paper never leaves");
    // Israel's users are not on India's instance, and India's not on Israel's.
    assert.equal((await fetch(`${india}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "noa.secretariat", password: "demo-noa.secretariat-2025" }) })).status, 401);
    const priya = await signIn(india, "priya.secretariat");
    const fromIsrael = await until("Israel's papers on India's instance", 60_000, async () => {
      const items = (await priya.get("/federation/replicas")).items;
      return items.some((r) => r.title.includes("proposals for the 18th JWG")) ? items : undefined;
    });
    assert.ok(fromIsrael.every((r) => r.from.country === "ISR"));
    assert.ok(!fromIsrael.some((r) => r.title.includes("IMOD internal assessment")), "Israel's own paper stays home");
  });

  test("a record India's secretariat makes reaches Israel's instance over HTTP", async () => {
    const priya = await signIn(india, "priya.secretariat");
    const title = `Demo run ${Date.now()}: confirm the 19th JWG's dates`;
    const made = await priya.post("/actions", { marking: { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] }, title, owner: { country: "IND" } });
    assert.equal(made.status, 201);
    const noa = await signIn(israel, "noa.secretariat");
    const got = await until("the new action on Israel's instance", 30_000, async () => (await noa.get("/federation/replicas")).items.find((r) => r.title === title));
    assert.equal(got.kind, "action");
    assert.equal(got.from.country, "IND");
  });

  test("Ctrl-C stops both instances, each draining, and the command exits 0", async () => {
    proc.kill("SIGINT");
    assert.equal(await exited, 0, out);
    assert.match(out, /\[india\] Accord stopped/);
    assert.match(out, /\[israel\] Accord stopped/);
  });
});
