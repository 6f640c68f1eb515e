import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seal, sealingKey, unseal } from "./sealed.ts";
import { checkTotp, currentTotp, newTotpSecret } from "./totp.ts";

describe("sealed secrets and TOTP steps", () => {
  test("a sealed secret round-trips, differs each time, and refuses tampering or another key", () => {
    const dir = mkdtempSync(join(tmpdir(), "accord-keys-"));
    try {
      const key = sealingKey(dir);
      assert.equal(statSync(join(dir, "secrets.key")).mode & 0o777, 0o600);
      assert.deepEqual(sealingKey(dir), key, "the key is kept");
      const a = seal(key, "JBSWY3DPEHPK3PXP");
      assert.notEqual(a, seal(key, "JBSWY3DPEHPK3PXP"));
      assert.equal(unseal(key, a), "JBSWY3DPEHPK3PXP");
      const tampered = a.slice(0, -2) + (a.endsWith("A") ? "B" : "A") + a.slice(-1);
      assert.throws(() => unseal(key, tampered));
      assert.throws(() => unseal(Buffer.alloc(32, 1), a));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a code gives its step once; neighbours within ±30 s are accepted; older steps are not", () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const code = currentTotp("u", secret, now);
    const step = checkTotp("u", secret, code, null, now);
    assert.equal(step, Math.floor(now / 30_000));
    assert.equal(checkTotp("u", secret, code, step, now), null, "reuse refused");
    assert.equal(checkTotp("u", secret, currentTotp("u", secret, now - 30_000), null, now), step! - 1, "previous step accepted for drift");
    assert.equal(checkTotp("u", secret, currentTotp("u", secret, now - 30_000), step, now), null, "but not after a later one was used");
    assert.equal(checkTotp("u", secret, currentTotp("u", secret, now - 120_000), null, now), null, "too old");
    assert.equal(checkTotp("u", secret, "12345", null, now), null);
  });
});
