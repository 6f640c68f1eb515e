// A real full disk under SQLite: a small tmpfs mounted by the test (which needs root: it says so
// and skips otherwise). Starting on the full disk: one clear line, no stack trace, exit 1. A disk
// that fills while the server runs: uploads get 507 problem+json, the log names SQLITE_FULL,
// /api/health is 503 disk_full, the process stays up; once space is freed, health and writes
// recover without a restart.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = ["--import", "tsx", "src/cli/main.ts"];
const PASSWORD = "disk full test password";
const MARKING = { classification: "RESTRICTED", releasableTo: ["ISR"] };
const isRoot = process.getuid?.() === 0;

/** Writes a file until the disk refuses more (ENOSPC). */
function fill(path: string): number {
  const fd = openSync(path, "w");
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12, 512, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          writeSync(fd, chunk);
          written += size;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

function upload(base: string, headers: Record<string, string>, title: string, bytes: number) {
  const form = new FormData();
  form.append("metadata", JSON.stringify({ marking: MARKING, title, kind: "report" }));
  form.append("file", new Blob(["a long report line\n".repeat(Math.ceil(bytes / 18))], { type: "text/plain" }), "report.txt");
  return fetch(`${base}/api/documents`, { method: "POST", headers, body: form });
}

describe("a full disk (sqlite on a small tmpfs)", () => {
  let mnt = "";
  let mounted = false;
  const children: ChildProcess[] = [];
  before(() => {
    if (!isRoot) return;
    mnt = mkdtempSync(join(tmpdir(), "accord-full-"));
    const m = spawnSync("mount", ["-t", "tmpfs", "-o", "size=48m", "tmpfs", mnt], { encoding: "utf8" });
    assert.equal(m.status, 0, `mount a tmpfs (running as root): ${m.stderr}`);
    mounted = true;
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once("exit", r)))));
    if (mounted) spawnSync("umount", [mnt]);
    if (mnt) rmdirSync(mnt);
  });

  const envFor = (name: string) => ({ ...process.env, DATABASE_URL: `sqlite:${join(mnt, name, "accord.db")}`, ACCORD_KEYS_DIR: join(mnt, name, "keys"), ACCORD_RATE_LIMIT: "0", LOG_LEVEL: "warn" });

  test("starting on a full disk: one clear line, no stack trace", (t) => {
    if (!isRoot) {
      console.log("skipped: mounting a tmpfs needs root");
      t.skip("mounting a tmpfs needs root");
      return;
    }
    const env = envFor("start");
    assert.equal(spawnSync(process.execPath, [...CLI, "migrate"], { env, encoding: "utf8" }).status, 0);
    const filler = join(mnt, "filler-start");
    fill(filler);
    try {
      const r = spawnSync(process.execPath, [...CLI, "serve", "--port", "0"], { env, encoding: "utf8", timeout: 60_000 });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /^error: cannot start: the disk holding .* is full \(\d+ bytes free; Accord needs at least 1 MiB\); free some space, then start again$/m);
      assert.doesNotMatch(r.stderr, /^\s+at /m);
    } finally {
      rmSync(filler);
    }
  });

  test("a disk that fills while serving: 507, SQLITE_FULL logged, health degraded, recovery once freed", async (t) => {
    if (!isRoot) {
      console.log("skipped: mounting a tmpfs needs root");
      t.skip("mounting a tmpfs needs root");
      return;
    }
    const env = envFor("serve");
    const add = spawnSync(process.execPath, [...CLI, "user", "add", "--username", "disk.tester", "--name", "Disk", "--nationality", "IND", "--clearance", "SECRET", "--roles", "secretariat", "--password", PASSWORD], { env, encoding: "utf8" });
    assert.equal(add.status, 0, add.stderr);
    const child = spawn(process.execPath, [...CLI, "serve", "--host", "127.0.0.1", "--port", "0"], { env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (d: Buffer) => { out += d.toString(); });
    child.stderr!.on("data", (d: Buffer) => { out += d.toString(); });
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout!.on("data", () => { const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out); if (m) resolve(m[1]!); });
      child.on("exit", (code) => reject(new Error(`serve exited (${code}): ${out}`)));
    });
    const signin = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "disk.tester", password: PASSWORD }) });
    assert.equal(signin.status, 200);
    const headers = { cookie: signin.headers.get("set-cookie")!.split(";")[0]!, "x-csrf-token": ((await signin.json()) as { csrfToken: string }).csrfToken };
    assert.equal((await upload(base, headers, "Before the disk filled", 100_000)).status, 201);

    const filler = join(mnt, "filler-serve");
    fill(filler);
    // Larger than any write-ahead log SQLite keeps for reuse: it must grow onto the full disk.
    const refused = await upload(base, headers, "Too big for the full disk", 8_000_000);
    assert.equal(refused.status, 507, await refused.clone().text());
    assert.match(refused.headers.get("content-type") ?? "", /^application\/problem\+json/);
    assert.equal(((await refused.json()) as { code: string }).code, "insufficient_storage");
    const health = await fetch(`${base}/api/health`);
    assert.equal(health.status, 503);
    assert.equal(((await health.json()) as { code: string }).code, "disk_full");
    assert.match(out, /SQLITE_FULL|ENOSPC/, "the log names the full disk");
    assert.doesNotMatch(out, /cannot rollback/);
    assert.equal(child.exitCode, null, "the server is still up");

    rmSync(filler);
    const healthy = await fetch(`${base}/api/health`);
    assert.equal(healthy.status, 200, await healthy.clone().text());
    const again = await upload(base, headers, "After space was freed", 8_000_000);
    assert.equal(again.status, 201, await again.clone().text());
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  });
});
