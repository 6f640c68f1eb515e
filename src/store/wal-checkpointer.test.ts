// SQLite WAL checkpoints stay off the request path: the server's connection never runs one in a
// commit (automatic checkpoints off), and a thread of its own copies the log back, PASSIVE.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { testEnv, type TestEnv } from "../testing/harness.ts";
import { defaultAuditConfig } from "../audit/service.ts";
import { recordAudit } from "../audit/log.ts";

describe("WAL checkpoints off the request path (sqlite)", () => {
  let env: TestEnv;
  before(async () => { env = await testEnv("sqlite", { audit: { ...defaultAuditConfig({}), tickMs: 1e9, walCheckpointMs: 1e9 } }); });
  after(async () => { await env.close(); });

  test("the serving connection never checkpoints in a commit; the thread checkpoints everything no reader holds", async () => {
    const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(env.store.db);
    assert.equal(auto.rows[0]!.wal_autocheckpoint, 0);
    await Promise.all(Array.from({ length: 500 }, (_, n) => recordAudit(env.store.db, { actor: "u", action: "document.read", target: `doc-${n}`, outcome: "success", details: { pad: "x".repeat(200) } })));
    const wal = env.app.audit.walCheckpointer!;
    const r = await wal.now();
    assert.ok(r.log > 0, "the log had frames to copy");
    assert.equal(r.checkpointed, r.log, "all of them copied back");
    assert.equal(r.busy, 0);
    assert.ok(wal.stats().runs >= 1);
  });

  test("when the server closes, the thread stops and automatic checkpoints are back on the connection", async () => {
    const wal = env.app.audit.walCheckpointer!;
    await wal.stop();
    const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(env.store.db);
    assert.equal(auto.rows[0]!.wal_autocheckpoint, 1000);
  });
});
