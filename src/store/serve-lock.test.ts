// `accord restore` refuses while a server uses the database, saying what to stop, and changes
// nothing; it works once the server has stopped. A second server on one SQLite file is refused;
// a lock left by a process that died does not stop a server from starting. Any other process
// holding the file open also stops a restore. On PostgreSQL, restore names the servers connected
// and prints the pg_restore line with --if-exists.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { openStore } from "./db.ts";
import { openTestStore } from "../testing/harness.ts";
import { lockDatabase, lockFileOf } from "./serve-lock.ts";

const CLI = ["--import", "tsx", "src/cli/main.ts"];

function serve(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, [...CLI, "serve", "--host", "127.0.0.1", "--port", "0"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => { out += d.toString(); });
  child.stderr!.on("data", (d: Buffer) => { out += d.toString(); });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", () => { if (/running at http/.test(out)) resolve({ child, out: () => out }); });
    child.on("exit", (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
}

const stopped = (c: ChildProcess) => new Promise<number | null>((resolve) => {
  if (c.exitCode !== null) resolve(c.exitCode);
  else c.once("exit", (code) => resolve(code));
});

describe("restore and the serve lock (sqlite)", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];
  const run = (...args: string[]) => spawnSync(process.execPath, [...CLI, ...args], { env, encoding: "utf8" });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "accord-lock-"));
    env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, "a.db")}`, ACCORD_KEYS_DIR: join(dir, "keys"), LOG_LEVEL: "silent" };
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await Promise.all(children.map(stopped));
    rmSync(dir, { recursive: true, force: true });
  });

  test("restore is refused while the server runs, names it, changes nothing; works once it has stopped", async () => {
    assert.equal(run("user", "add", "--username", "before.backup", "--name", "B", "--nationality", "IND", "--clearance", "secret", "--roles", "member").status, 0);
    assert.equal(run("backup", join(dir, "backup.db")).status, 0);
    const { child } = await serve(env);
    children.push(child);
    assert.ok(existsSync(lockFileOf(join(dir, "a.db"))), "the server holds the lock file");

    // A user added after the backup: a restore would remove it.
    assert.equal(run("user", "add", "--username", "after.backup", "--name", "A", "--nationality", "IND", "--clearance", "secret", "--roles", "member").status, 0);
    const refused = run("restore", join(dir, "backup.db"));
    assert.equal(refused.status, 1);
    assert.equal(refused.stderr.trim().split("\n").length, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^error: an Accord server \\(pid ${child.pid}, since [^)]+\\) is using .*a\\.db: stop it first`));
    const db = new SQLite(join(dir, "a.db"), { readonly: true });
    assert.ok(db.prepare("select 1 from users where username = 'after.backup'").get(), "nothing was changed");
    db.close();

    // A second server on the same file is refused too.
    const second = spawnSync(process.execPath, [...CLI, "serve", "--port", "0"], { env, encoding: "utf8" });
    assert.equal(second.status, 1);
    assert.match(second.stderr, /^error: an Accord server \(pid \d+, since [^)]+\) is using .*: only one server may use an SQLite database; stop that one first/m);

    child.kill("SIGTERM");
    assert.equal(await stopped(child), 0);
    assert.ok(!existsSync(lockFileOf(join(dir, "a.db"))), "the lock goes with the server");
    const restored = run("restore", join(dir, "backup.db"));
    assert.equal(restored.status, 0, restored.stderr);
    const after = new SQLite(join(dir, "a.db"), { readonly: true });
    assert.equal(after.prepare("select 1 from users where username = 'after.backup'").get(), undefined, "restored to the backup");
    after.close();
    // The backup is older than the checkpoint signed at shutdown: a server refuses it until the
    // checkpoints of what the restore removed are moved aside (the README's step for a deliberate restore).
    await assert.rejects(serve(env), /events \d+–\d+ were deleted[\s\S]*move those files aside/);
    renameSync(join(dir, "keys", "audit-checkpoints.jsonl"), join(dir, "keys", "audit-checkpoints.before-restore.jsonl"));
  });

  test("a lock left by a process that died does not stop the server", async () => {
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid!;
    writeFileSync(lockFileOf(join(dir, "a.db")), JSON.stringify({ pid: dead, host: hostname(), since: "2020-01-01T00:00:00.000Z", command: "serve" }));
    const { child } = await serve(env);
    children.push(child);
    child.kill("SIGTERM");
    assert.equal(await stopped(child), 0);
  });

  test("the lock is taken in a data folder that does not exist yet (a fresh machine's first start)", () => {
    const file = join(mkdtempSync(join(tmpdir(), "accord-fresh-")), "data", "accord.db");
    const lock = lockDatabase(file, "serve");
    try {
      assert.ok(existsSync(lockFileOf(file)));
    } finally {
      lock.release();
    }
    assert.ok(!existsSync(lockFileOf(file)));
  });

  test("any other process holding the database open stops a restore", () => {
    const holder = new SQLite(join(dir, "a.db"));
    try {
      holder.prepare("select count(*) from users").get();
      const r = run("restore", join(dir, "backup.db"));
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^error: another process \(a server or a command\) is using .*a\.db: stop it first/);
    } finally {
      holder.close();
    }
  });
});

if (process.env.TEST_DATABASE_URL) {
  describe("restore on PostgreSQL", () => {
    test("names the servers connected, and the pg_restore line has --if-exists", async () => {
      const scratch = await openTestStore("postgres");
      const url = scratch.store.url;
      const run = () => spawnSync(process.execPath, [...CLI, "restore", "dump.pgc"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
      // A server's connection, as `accord serve` names its own.
      const server = openStore(url, { application: "accord serve" });
      try {
        await sql`select 1`.execute(server.db);
        const refused = run();
        assert.equal(refused.status, 1);
        assert.match(refused.stderr, /connection\(s\) of Accord servers .* use this database: stop every server first/);
        assert.match(refused.stderr, /pg_restore --clean --if-exists --dbname/);
      } finally {
        await server.close();
      }
      const advice = run();
      await scratch.store.close();
      await scratch.drop();
      assert.equal(advice.status, 1);
      assert.match(advice.stderr, /^error: for PostgreSQL use its own tools: .*pg_restore --clean --if-exists --dbname/);
    });
  });
}
