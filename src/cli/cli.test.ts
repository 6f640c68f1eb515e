// The accord command as a user runs it: a child process on a scratch database.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";

describe("accord command line", () => {
  let dir: string;
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      encoding: "utf8", env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, "a.db")}`, ACCORD_KEYS_DIR: join(dir, "keys") },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  before(() => { dir = mkdtempSync(join(tmpdir(), "accord-cli-")); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("migrate, then users: add, lock, unlock, reset-password; unknown users fail in one line", () => {
    assert.match(run("migrate").out, /applied: 001_core/);
    const add = run("user", "add", "--username", "asha.k", "--name", "Asha K", "--nationality", "IND", "--clearance", "secret", "--roles", "member,analyst");
    assert.equal(add.code, 0, add.err);
    assert.match(add.out, /password \(shown once\): \S{20,}/);
    assert.equal(run("user", "lock", "asha.k").code, 0);
    const db = new SQLite(join(dir, "a.db"), { readonly: true });
    assert.equal((db.prepare("select status from users where username = 'asha.k'").get() as { status: string }).status, "locked");
    db.close();
    assert.equal(run("user", "unlock", "asha.k").code, 0);
    assert.equal(run("user", "reset-password", "asha.k", "--password", "a new long password").code, 0);
    const missing = run("user", "lock", "nobody");
    assert.equal(missing.code, 1);
    assert.equal(missing.err.trim(), "error: No user named nobody.");
    const bad = run("user", "add", "--username", "x.y", "--name", "X", "--nationality", "IND", "--clearance", "cosmic");
    assert.equal(bad.code, 1);
    assert.match(bad.err, /--clearance must be one of/);
  });

  test("audit verify names the first tampered event; checkpoint; backup and restore", () => {
    const unsigned = run("audit", "verify");
    assert.equal(unsigned.code, 0);
    assert.match(unsigned.out, /NO signed checkpoint: the chain is consistent in itself, but nothing was checked against a signature/);
    assert.match(unsigned.out, /audit log consistent but NOT ANCHORED/);
    assert.doesNotMatch(unsigned.out, /OK/);
    assert.match(run("audit", "checkpoint").out, /checkpoint at event \d+/);
    assert.match(run("audit", "verify").out, /1 of 1 signed checkpoint\(s\) checked .*\n.*\naudit log OK: \d+ events, 1 signed checkpoint\(s\) checked/);
    assert.equal(run("backup", join(dir, "backup.db")).code, 0);
    assert.ok(existsSync(join(dir, "backup.db")));
    const db = new SQLite(join(dir, "a.db"));
    db.prepare("update audit_events set actor = 'someone else' where seq = 2").run();
    db.close();
    const broken = run("audit", "verify");
    assert.equal(broken.code, 1);
    assert.match(broken.err, /BROKEN at event 2/);
    const restored = run("restore", join(dir, "backup.db"));
    assert.equal(restored.code, 0, restored.err);
    assert.match(run("audit", "verify").out, /audit log OK/);
    assert.equal(run("restore", join(dir, "keys", "audit-checkpoints.jsonl")).code, 1, "not a backup");

    // Without its keys folder (a restore that forgot it), the server refuses to start and says what to restore;
    // verify says the key is missing, not that the log was altered; no key is made meanwhile.
    renameSync(join(dir, "keys"), join(dir, "keys.away"));
    const serve = run("serve", "--port", "0");
    assert.equal(serve.code, 1);
    assert.match(serve.err, new RegExp(`^error: the keys folder ${join(dir, "keys")} does not belong to this database:\n  - the signing key .* is missing`));
    assert.match(serve.err, /Restore the keys folder that was backed up with this database/);
    assert.doesNotMatch(serve.err, /\n\s+at /, "a message, not a stack trace");
    const keyless = run("audit", "verify");
    assert.equal(keyless.code, 1);
    assert.match(keyless.err, /KEY: the signing key .* is missing/);
    assert.match(keyless.err, /NOT CHECKED against its signatures: the signing key is missing .* nothing found says the log was altered/);
    assert.doesNotMatch(keyless.err, /BROKEN/);
    assert.ok(!existsSync(join(dir, "keys", "audit-ed25519.pem")), "no new key");
    rmSync(join(dir, "keys"), { recursive: true, force: true });
    renameSync(join(dir, "keys.away"), join(dir, "keys"));
    assert.match(run("audit", "verify").out, /audit log OK/);
  });

  test("seed demo loads only into an empty database", () => {
    const again = run("seed", "demo");
    assert.equal(again.code, 1);
    assert.match(again.err, /empty database/);
  });

  test("seed scale: bad counts are refused in one line; a good one loads and says how to sign in", () => {
    for (const bad of ["12x", "50", "-3"]) {
      const r = run("seed", "scale", "--records", bad);
      assert.equal(r.code, 1, bad);
      assert.match(r.err, /^error: --records must be a whole number from 100/m);
    }
    const ok = run("seed", "scale", "--records", "1_000");
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /loaded 1000 records .* and 50 users/);
    assert.match(ok.out, /scale\.broad .* scale\.narrow .*password is scale-password-2026/);
    const again = run("seed", "scale", "--records", "1000");
    assert.equal(again.code, 1);
    assert.match(again.err, /scale data already/);
  });
});
