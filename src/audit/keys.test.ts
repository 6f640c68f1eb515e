// The keys folder's default is outside the data folder; an installation from before, whose keys are
// in ./data/keys, keeps using them (with a warning) instead of silently getting new, empty ones.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultKeyPaths, legacyKeysWarning, resolveKeysDir } from "./keys.ts";

describe("where the keys live", () => {
  const cwd = process.cwd();
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), "accord-keys-")); process.chdir(dir); });
  after(() => { process.chdir(cwd); rmSync(dir, { recursive: true, force: true }); });

  test("a fresh installation: ./keys, beside the data folder, not in it", () => {
    assert.deepEqual(resolveKeysDir({}), { dir: "./keys", legacy: false });
    assert.equal(defaultKeyPaths({}).privateKey, join("keys", "audit-ed25519.pem"));
    assert.equal(legacyKeysWarning({}), null);
  });

  test("an installation from before keeps its ./data/keys, with a warning saying how to move it", () => {
    mkdirSync(join(dir, "data", "keys"), { recursive: true });
    assert.deepEqual(resolveKeysDir({}), { dir: "./data/keys", legacy: true });
    assert.match(legacyKeysWarning({}) ?? "", /inside the data folder .* move the folder to another volume and set ACCORD_KEYS_DIR .*mv \.\/data\/keys \.\/keys/);
  });

  test("once moved (or when both exist) ./keys is used; ACCORD_KEYS_DIR always wins; the witness comes from ACCORD_AUDIT_WITNESS", () => {
    mkdirSync(join(dir, "keys"));
    assert.deepEqual(resolveKeysDir({}), { dir: "./keys", legacy: false });
    assert.deepEqual(resolveKeysDir({ ACCORD_KEYS_DIR: "/mnt/keys" }), { dir: "/mnt/keys", legacy: false });
    assert.deepEqual(defaultKeyPaths({ ACCORD_KEYS_DIR: "/mnt/keys", ACCORD_AUDIT_WITNESS: "/mnt/worm/accord.jsonl" }), {
      privateKey: "/mnt/keys/audit-ed25519.pem", checkpoints: "/mnt/keys/audit-checkpoints.jsonl", witness: "/mnt/worm/accord.jsonl",
    });
  });
});
