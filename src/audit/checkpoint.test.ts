// Audit guarantees that hold without a person remembering (issue 11): the server signs checkpoints
// by itself (by count, by time, on shutdown), verify says what no signature covers yet, a witness
// outside the database catches a rewritten or deleted tail, and a missing or foreign key is told
// apart from tampering. At start the keys folder must belong to the database (issue 10).
import { after, afterEach, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openTestStore, STORES } from "../testing/harness.ts";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import type { Store } from "../store/db.ts";
import { buildServer, defaultConfig } from "../http/server.ts";
import { seal } from "../accounts/sealed.ts";
import { buildUser } from "../testing/factories.ts";
import { sql } from "kysely";
import { appendAudits, recordAudit, readEvents } from "./log.ts";
import { eventHash, type ChainedEvent } from "./chain.ts";
import { readCheckpointFile, readSigningKey, signCheckpoint, writeCheckpoint } from "./checkpoint.ts";
import { KeysError, type KeyPaths } from "./keys.ts";
import { QUEUE_VACUUM_EVENTS, sequenceAll } from "./sequencer.ts";
import { auditReport, describeReport } from "./verify.ts";
import { checkKeys } from "./startup.ts";
import { defaultAuditConfig, type AuditConfig } from "./service.ts";

const event = (n: number) => ({ actor: "user-1", action: "organisation.create", target: `rec-${n}`, outcome: "success" as const, client: "127.0.0.1", details: { n } });

for (const kind of STORES) {
  describe(`automatic checkpoints, the witness and the keys (${kind})`, () => {
    let store: Store;
    let dir: string;
    let drop: () => Promise<void>;
    let keys: KeyPaths;
    let clock: number;
    const servers: { close(): Promise<unknown> }[] = [];
    /** A server whose background loop never fires by itself: the test runs its rounds (`tick`) and drives its clock. */
    const server = async (audit: Partial<AuditConfig> = {}) => {
      const app = await buildServer(store, defaultConfig({
        logLevel: "silent", rateLimitPerMinute: 0, keys,
        audit: { ...defaultAuditConfig({}), tickMs: 1e9, walCheckpointMs: 0, now: () => clock, ...audit },
      }));
      servers.push(app);
      await app.ready();
      return app;
    };
    const append = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) await recordAudit(store.db, event(i));
    };
    const head = async () => { await sequenceAll(store.db); return Number((await store.db.selectFrom("audit_events").select("seq").orderBy("seq", "desc").limit(1).executeTakeFirst())?.seq ?? 0); };

    beforeEach(async () => {
      const t = await openTestStore(kind);
      store = t.store;
      dir = t.dir;
      drop = async () => { await store.close(); await t.drop(); };
      await migrate(store);
      await seedReference(store.db);
      keys = { privateKey: join(dir, "keys", "audit-ed25519.pem"), checkpoints: join(dir, "keys", "audit-checkpoints.jsonl"), witness: join(dir, "witness", "audit-witness.jsonl") };
      clock = Date.parse("2026-03-01T09:00:00Z");
    });
    afterEach(async () => {
      for (const s of servers.splice(0)) await s.close();
      await drop();
    });
    after(() => undefined);

    test("a checkpoint is signed by itself every N events, into the database, the keys folder and the witness", async () => {
      const app = await server({ checkpointEvents: 5 });
      await append(1, 4);
      assert.equal((await app.audit.tick()).checkpoint, null, "4 events: not yet");
      await append(5, 1);
      const cp = (await app.audit.tick()).checkpoint;
      assert.equal(cp?.seq, await head(), "5 events: the head is signed");
      assert.equal((await app.audit.tick()).checkpoint, null, "nothing new, nothing signed");
      const rows = await store.db.selectFrom("audit_checkpoints").selectAll().execute();
      assert.deepEqual(rows.map((r) => Number(r.seq)), [cp!.seq]);
      for (const file of [keys.checkpoints, keys.witness!]) assert.deepEqual(readCheckpointFile(file).checkpoints, [cp], file);
      const report = await auditReport(store.db, keys);
      assert.equal(report.ok, true);
      assert.equal(report.checked, 1);
      assert.equal(report.uncovered, 0);
    });

    test("…and every M minutes when events came since, by the configured clock", async () => {
      const app = await server({ checkpointEvents: 1000, checkpointMinutes: 5 });
      await append(1, 2);
      assert.equal((await app.audit.tick()).checkpoint, null);
      clock += 4 * 60_000;
      assert.equal((await app.audit.tick()).checkpoint, null, "4 minutes: not yet");
      clock += 2 * 60_000;
      const first = (await app.audit.tick()).checkpoint;
      assert.equal(first?.seq, await head(), "6 minutes: signed");
      assert.equal(first?.at, new Date(clock).toISOString());
      clock += 60 * 60_000;
      assert.equal((await app.audit.tick()).checkpoint, null, "an hour with no event: nothing to sign");
      await append(3, 1);
      clock += 60_000;
      assert.equal((await app.audit.tick()).checkpoint?.seq, await head(), "an event after a checkpoint older than 5 minutes is signed at the next round");
    });

    test("the head is signed on shutdown", async () => {
      const app = await server({ checkpointEvents: 1000 });
      await append(1, 3);
      const events = await head();
      servers.pop();
      await app.close();
      const last = readCheckpointFile(keys.witness!).checkpoints.at(-1);
      assert.equal(last?.seq, events);
      assert.equal((await store.db.selectFrom("audit_checkpoints").select("seq").executeTakeFirst())?.seq, events);
    });

    test("a checkpoint left in the files by a signer killed before its row is recorded, not signed again; one the key did not sign is not", async () => {
      await append(1, 2);
      const first = await writeCheckpoint(store.db, keys);
      const key = readSigningKey(keys.privateKey)!;
      await append(3, 2);
      const top = await store.db.selectFrom("audit_events").select(["seq", "hash"]).where("seq", "=", await head()).executeTakeFirstOrThrow();
      // As a signer killed after the keys folder's line and before the witness's and the row leaves it.
      const orphan = signCheckpoint(key, { seq: Number(top.seq), hash: top.hash, at: new Date(clock).toISOString() });
      appendFileSync(keys.checkpoints, `${JSON.stringify(orphan)}\n`);
      assert.deepEqual(await writeCheckpoint(store.db, keys), orphan, "the head's checkpoint in the files is the one recorded");
      assert.deepEqual((await store.db.selectFrom("audit_checkpoints").select("signature").orderBy("seq").execute()).map((r) => r.signature), [first.signature, orphan.signature]);
      for (const file of [keys.checkpoints, keys.witness!]) assert.deepEqual(readCheckpointFile(file).checkpoints, [first, orphan], `${file}: each head signed once, in both files`);
      assert.equal((await auditReport(store.db, keys)).ok, true);

      // The keys folder's last line for the next head, claiming this key but signed by another: signed afresh.
      await append(5, 1);
      const next = await store.db.selectFrom("audit_events").select(["seq", "hash"]).where("seq", "=", await head()).executeTakeFirstOrThrow();
      const forged = { ...signCheckpoint(generateKeyPairSync("ed25519").privateKey, { seq: Number(next.seq), hash: next.hash, at: new Date(clock).toISOString() }), keyId: first.keyId };
      appendFileSync(keys.checkpoints, `${JSON.stringify(forged)}\n`);
      const signed = await writeCheckpoint(store.db, keys);
      assert.equal(signed.seq, Number(next.seq));
      assert.notEqual(signed.signature, forged.signature, "a line the key did not sign is never recorded");
      assert.equal((await store.db.selectFrom("audit_checkpoints").select("signature").where("seq", "=", signed.seq).executeTakeFirstOrThrow()).signature, signed.signature);
      assert.deepEqual(readCheckpointFile(keys.witness!).checkpoints, [first, orphan, signed]);
    });

    test("after the last automatic checkpoint: a rewritten tail and a deleted tail are detected (the latter against the witness alone); later events are reported as not yet covered", async () => {
      const app = await server({ checkpointEvents: 10 });
      await append(1, 10);
      const cp = (await app.audit.tick()).checkpoint!;
      await append(11, 3);
      const covered = await auditReport(store.db, keys);
      assert.equal(covered.ok, true);
      assert.equal(covered.uncovered, 3);
      assert.ok(describeReport(covered).some((l) => l === `3 event(s) after event ${cp.seq} (signed ${cp.at}) are not yet covered by a signature`));

      // A consistent rewrite of the tail (every hash recomputed), checkpoint rows in the database deleted too.
      const all: ChainedEvent[] = [];
      for await (const e of readEvents(store.db)) all.push(e);
      let prev = all[cp.seq - 4]!.hash;
      for (const e of all.slice(cp.seq - 3)) {
        const edited = { ...e, actor: "someone else" };
        const hash = eventHash(prev, edited);
        await store.db.updateTable("audit_events").set({ actor: edited.actor, prev_hash: prev, hash }).where("seq", "=", e.seq).execute();
        prev = hash;
      }
      await store.db.deleteFrom("audit_checkpoints").execute();
      const rewritten = await auditReport(store.db, keys);
      assert.equal(rewritten.chain.ok, true, "the chain is consistent in itself");
      assert.equal(rewritten.ok, false);
      assert.deepEqual([...new Set(rewritten.problems.map((p) => `${p.kind} ${p.seq}`))], [`rewritten ${cp.seq}`]);

      // A deleted tail, the database's checkpoints and the keys folder's file gone too: the witness still knows.
      await store.db.deleteFrom("audit_events").where("seq", ">", cp.seq - 2).execute();
      rmSync(keys.checkpoints);
      const cut = await auditReport(store.db, keys);
      assert.equal(cut.chain.ok, true, "what is left is consistent");
      assert.equal(cut.ok, false);
      assert.deepEqual(cut.problems.map((p) => p.kind), ["truncated"]);
      assert.match(cut.problems[0]!.message, new RegExp(`ends at event ${cp.seq - 2}, but the checkpoint .*in the witness .* covers event ${cp.seq}: events ${cp.seq - 1}–${cp.seq} were deleted`));
    });

    test("verify tells a missing or a foreign key apart from tampering, and does not call an unsigned log OK", async () => {
      await append(1, 4);
      await sequenceAll(store.db);
      const unsigned = await auditReport(store.db, keys);
      assert.equal(unsigned.anchored, false);
      assert.equal(unsigned.uncovered, 4);
      assert.ok(describeReport(unsigned).some((l) => l.startsWith("NO signed checkpoint")));
      await writeCheckpoint(store.db, keys);
      assert.equal((await auditReport(store.db, keys)).anchored, true);

      renameSync(keys.privateKey, `${keys.privateKey}.away`);
      const missing = await auditReport(store.db, keys);
      assert.deepEqual(missing.problems.map((p) => p.kind), ["key_missing"]);
      assert.equal(missing.key.status, "missing");
      assert.match(missing.problems[0]!.message, /signing key .* is missing, so 1 signed checkpoint\(s\) .* cannot be checked: restore the keys folder .* does not mean the log was altered/);
      assert.ok(!existsSync(keys.privateKey), "verifying never makes a key");

      writeFileSync(keys.privateKey, generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }));
      const foreign = await auditReport(store.db, keys);
      assert.deepEqual(foreign.problems.map((p) => p.kind), ["key_foreign"]);
      assert.match(foreign.problems[0]!.message, /another installation's folder/);
      await assert.rejects(writeCheckpoint(store.db, keys), KeysError, "never signs with a foreign key over a signed log");

      renameSync(`${keys.privateKey}.away`, keys.privateKey);
      await store.db.updateTable("audit_events").set({ outcome: "denied" }).where("seq", "=", 2).execute();
      const tampered = await auditReport(store.db, keys);
      assert.deepEqual(tampered.problems.map((p) => `${p.kind} ${p.seq}`), ["chain 2"]);
    });

    test("the server refuses to start when the keys folder does not belong to the database, and never makes a new key for it", async () => {
      // A fresh database: keys are made when first needed.
      await checkKeys(store.db, keys);
      await append(1, 3);
      await sequenceAll(store.db);
      await writeCheckpoint(store.db, keys);
      const u = await buildUser(store.db, { username: "sealed.officer", roles: ["security_officer"] });
      const sealingKey = randomBytes(32);
      writeFileSync(join(dir, "keys", "secrets.key"), sealingKey.toString("base64"));
      await store.db.updateTable("users").set({ mfa_secret: seal(sealingKey, "JBSWY3DPEHPK3PXP") }).where("id", "=", u.userId).execute();
      await checkKeys(store.db, keys);

      // The keys folder lost (a restore without it): the start names the folder and what to restore.
      renameSync(join(dir, "keys"), join(dir, "keys.away"));
      await assert.rejects(server(), (err: Error) => {
        assert.ok(err instanceof KeysError);
        assert.match(err.message, new RegExp(`the keys folder ${join(dir, "keys")} does not belong to this database`));
        assert.match(err.message, /1 user\(s\) have TOTP seeds sealed in the database, but the sealing key .*secrets\.key is missing/);
        assert.match(err.message, /signing key .* is missing/);
        assert.match(err.message, /Restore the keys folder that was backed up with this database/);
        return true;
      });
      assert.ok(!existsSync(join(dir, "keys", "secrets.key")) && !existsSync(keys.privateKey), "no new key was made");

      // Another installation's keys.
      mkdirSync(join(dir, "keys"));
      writeFileSync(join(dir, "keys", "secrets.key"), randomBytes(32).toString("base64"));
      writeFileSync(keys.privateKey, generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }));
      await assert.rejects(checkKeys(store.db, keys), (err: Error) => /does not open the TOTP seeds of 1 of 1 user\(s\) \(sealed\.officer\): it is another installation's key/.test(err.message) && /another installation's folder/.test(err.message));

      // The right folder back: it starts.
      rmSync(join(dir, "keys"), { recursive: true });
      renameSync(join(dir, "keys.away"), join(dir, "keys"));
      await server();

      // The log lost its signed tail: refuses too, saying what to do.
      await store.db.deleteFrom("audit_events").where("seq", ">", 1).execute();
      await assert.rejects(checkKeys(store.db, keys), /the audit log does not match its signed checkpoints:\n {2}- the log ends at event 1, but .*\nRun `accord audit verify`/);
    });

    test("the rounds vacuum the queue (PostgreSQL): at the first, and after every QUEUE_VACUUM_EVENTS events chained, its dead rows are freed", async () => {
      const app = await server();
      assert.equal((await app.audit.tick()).vacuumed, kind === "postgres", "the first round vacuums (a queue left full of dead rows by an earlier process)");
      if (kind !== "postgres") return;
      const pages = async () => Number((await sql<{ n: string }>`select pg_relation_size('audit_queue') / 8192 as n`.execute(store.db)).rows[0]!.n);
      const queue = async (from: number, n: number) => store.db.transaction().execute((tx) => appendAudits(tx, Array.from({ length: n }, (_, i) => event(from + i))));
      const start = await head();
      await queue(1, QUEUE_VACUUM_EVENTS - 10);
      let round = await app.audit.tick();
      assert.deepEqual([round.sequenced, round.vacuumed], [QUEUE_VACUUM_EVENTS - 10, false], "fewer events than QUEUE_VACUUM_EVENTS since: no vacuum yet");
      const before = await pages();
      assert.ok(before >= 20, `the queue holds its ${QUEUE_VACUUM_EVENTS - 10} dead rows (${before} pages)`);
      await queue(QUEUE_VACUUM_EVENTS, 10);
      round = await app.audit.tick();
      assert.deepEqual([round.sequenced, round.vacuumed], [10, true], "QUEUE_VACUUM_EVENTS chained since the last vacuum: vacuumed");
      assert.ok(await pages() <= 1, `its dead rows freed and its empty pages given back (${before} pages before, ${await pages()} after)`);
      assert.equal((await app.audit.tick()).vacuumed, false, "nothing chained since: no vacuum");
      assert.equal(await head(), start + QUEUE_VACUUM_EVENTS, "every event chained");
    });
  });
}
