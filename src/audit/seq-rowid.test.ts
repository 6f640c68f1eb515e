// SQLite keeps the audit log keyed by its rowid (migration 051): `seq` is the rowid itself, with no
// separate key index, and a log written before the migration keeps every event and verifies.
// PostgreSQL's table is untouched by 051 (its key is an index either way).
import { afterEach, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { openTestStore } from "../testing/harness.ts";
import { migrate } from "../store/migrate.ts";
import { up as seqAsRowid } from "../store/migrations/051_audit_seq_rowid_sqlite.ts";
import type { Store } from "../store/db.ts";
import { appendAudit, readEvents, verifyChain } from "./log.ts";
import { groupCommit } from "./group-commit.ts";

describe("audit_events.seq as the rowid (sqlite)", () => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const t = await openTestStore("sqlite");
    store = t.store;
    drop = async () => { await store.close(); await t.drop(); };
    await migrate(store);
  });
  afterEach(async () => { await drop(); });

  const shape = async () => ({
    columns: (await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info('audit_events')`.execute(store.db)).rows,
    indexes: (await sql<{ name: string }>`select name from pragma_index_list('audit_events') order by name`.execute(store.db)).rows.map((r) => r.name),
  });
  const append = async (n: number) => {
    for (let i = 1; i <= n; i++) {
      await store.db.transaction().execute((tx) => appendAudit(tx, { actor: `user-${i % 3}`, action: "organisation.create", target: `rec-${i}`, marking: "RESTRICTED // REL TO IND, ISR", outcome: "success", client: "127.0.0.1", details: { n: i } }));
    }
  };
  const events = async () => { const out = []; for await (const e of readEvents(store.db)) out.push(e); return out; };

  test("seq is an integer primary key (the rowid): no index of its own, the viewer's indexes kept", async () => {
    const { columns, indexes } = await shape();
    assert.deepEqual(columns.find((c) => c.name === "seq"), { name: "seq", type: "INTEGER", pk: 1 });
    assert.deepEqual(indexes, ["audit_events_action", "audit_events_actor", "audit_events_target"]);
    await append(3);
    const rows = (await sql<{ r: number; seq: number }>`select rowid as r, seq from audit_events order by seq`.execute(store.db)).rows;
    assert.deepEqual(rows.map((x) => x.r), rows.map((x) => x.seq));
  });

  test("a log of the old shape is copied whole and still verifies; appends go on after it", async () => {
    // The table as 001 and 032 made it, holding a chain.
    await sql`drop table audit_events`.execute(store.db);
    await sql`create table audit_events (seq bigint primary key, at text not null, actor text, action text not null, target text, marking text,
      outcome text not null, client text, details text not null, prev_hash text not null, hash text not null)`.execute(store.db);
    await sql`create index audit_events_target on audit_events (target, seq)`.execute(store.db);
    await sql`create index audit_events_actor on audit_events (actor, seq)`.execute(store.db);
    await sql`create index audit_events_action on audit_events (action, seq)`.execute(store.db);
    await append(20);
    const before = await events();
    await seqAsRowid(store.db, "sqlite");
    assert.deepEqual(await events(), before);
    const v = await verifyChain(store.db);
    assert.deepEqual([v.ok, v.events], [true, 20]);
    assert.equal((await shape()).columns.find((c) => c.name === "seq")?.type, "INTEGER");
    // A read's event through the group commit, and another appended in a transaction, chain after it.
    await groupCommit(store.db).add({ at: new Date().toISOString(), actor: "user-1", action: "record.read", target: "rec-1", marking: null, outcome: "success", client: null, details: {} });
    await append(2);
    const after = await verifyChain(store.db);
    assert.deepEqual([after.ok, after.events], [true, 23]);
  });

  test("an event chained after a stale head is refused by the key, never a fork", async () => {
    await append(2);
    await assert.rejects(sql`insert into audit_events (seq, at, action, outcome, details, prev_hash, hash) values (2, 'x', 'a', 'success', '{}', 'p', 'h')`.execute(store.db),
      (err: { code?: string }) => err.code === "SQLITE_CONSTRAINT_PRIMARYKEY");
  });
});
