// Statements kept per readable set with holes for their values (kept-statements.ts): a record by
// id (Reader.find, every get) and references (resolveRefs, every list and get). Kept, they answer
// exactly as the read rule itself does (a reader over the predicate, nothing kept) for readers of
// different sets taking turns, a set narrowed included; a bound reader keeps none.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { IdList, Reader } from "./reader.ts";
import { Scope } from "./access.ts";
import { MarkingSets } from "./marking-sets.ts";
import { keptCount, keptNames, keptWith } from "./kept-statements.ts";
import { loadViewer } from "../accounts/users.ts";
import { seedScale, SCALE_BROAD, SCALE_NARROW } from "../seed/scale.ts";
import { STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { listDocuments, presentDocuments } from "../resources/documents/present.ts";
import { presentActions } from "../resources/actions/present.ts";
import { listActions } from "../resources/actions/list.ts";
import { ActionQuery } from "../resources/actions/schema.ts";

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("a value that does not land as one parameter of its own is not kept: built for its values every time", () => {
  const set = ["m1"];
  let built = 0;
  const compiled = (text: string, parameters: unknown[]) => ({ query: {} as never, queryId: {} as never, sql: text, parameters });
  // Written into the text (a hole is no string): built each time, with the values.
  const inText = (v: unknown) => { built++; return compiled(`select ${String(v)}`, []); };
  assert.equal(keptWith(set, "in text", ["a"], inText).sql, "select a");
  assert.equal(keptWith(set, "in text", ["b"], inText).sql, "select b");
  // Bound twice: the same.
  const twice = (v: unknown) => { built++; return compiled("select ?, ?", [v, v]); };
  assert.deepEqual(keptWith(set, "twice", ["c"], twice).parameters, ["c", "c"]);
  // Bound once: built once (with its hole), then only filled.
  const once = (v: unknown) => { built++; return compiled("select ? where k = ?", [7, v]); };
  const before = built;
  assert.deepEqual(keptWith(set, "once", ["d"], once).parameters, [7, "d"]);
  assert.deepEqual(keptWith(set, "once", ["e"], once).parameters, [7, "e"]);
  assert.equal(built - before, 1);
  assert.equal(keptCount(set), 1);
});

for (const kind of STORES) {
  describe(`statements kept per readable set (${kind})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await testEnv(kind);
      await seedScale(env.store.db, { records: 2000 });
    });
    after(async () => { await env.close(); });

    const viewerOf = async (username: string) => {
      const u = await env.store.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
      return (await loadViewer(env.store.db, u.id))!;
    };

    test("find and references answer as the read rule does, for readers of different sets taking turns, a narrowed set's included", async () => {
      const others = (await sql<{ username: string }>`select u.username from users u where exists (select 1 from user_compartments c where c.user_id = u.id) and u.username not in (${SCALE_BROAD}, ${SCALE_NARROW}) order by u.id limit 3`.execute(env.store.db)).rows.map((u) => u.username);
      const readerOf = async (username: string) => {
        const v = await viewerOf(username);
        const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor(v);
        return { kept: new Reader(env.store.db, scope, { actor: v.id, client: null }), reference: new Reader(env.store.db, scope.uncached(), { actor: v.id, client: null }) };
      };
      const readers = await Promise.all([SCALE_BROAD, SCALE_NARROW, ...others].map(readerOf));
      const records = (await sql<{ id: string; kind: string }>`select id, kind from records order by id`.execute(env.store.db)).rows;
      const next = random(16);
      const pick = () => records[Math.floor(next() * records.length)]!;
      let readable = 0;
      let unreadable = 0;
      for (let round = 0; round < 200; round++) {
        if (round === 100) {
          // The broad reader loses a compartment: its next set is another (narrower) one, read by statements of its own.
          const wide = readers[0]!.kept.scope.markings!.ids;
          await sql`delete from user_compartments where user_id = ${readers[0]!.kept.caller.actor} and compartment = 'JWG'`.execute(env.store.db);
          readers[0] = await readerOf(SCALE_BROAD);
          assert.ok(readers[0].kept.scope.markings!.ids.length < wide.length, "the broad reader's set narrowed");
        }
        const r = readers[Math.floor(next() * readers.length)]!;
        const rec = pick();
        const kindAsked = next() < 0.5 ? null : (next() < 0.8 ? rec.kind : "document") as Parameters<Reader["find"]>[0];
        const found = await r.kept.find(kindAsked, rec.id);
        const expected = await r.reference.find(kindAsked, rec.id);
        assert.deepEqual(found && { id: found.id, marking: found.marking_id }, expected && { id: expected.id, marking: expected.marking_id }, `round ${round}: ${rec.id} for ${r.kept.caller.actor}`);
        if (expected) readable++;
        else unreadable++;
        const ids = Array.from({ length: 1 + Math.floor(next() * 4) }, pick).map((x) => x.id);
        assert.deepEqual([...await r.kept.refs(ids)], [...await r.reference.refs(ids)], `round ${round}: references ${ids.join(",")}`);
      }
      assert.ok(readable > 10 && unreadable > 10, `both answers met: ${readable} readable, ${unreadable} not`);
      for (const r of readers) assert.ok(keptCount(r.kept.scope.markings!.ids) > 0, "statements were kept for each set");
      // A bound reader's statements depend on its bound marking too: it keeps none of its own.
      const marking = (await readers[1]!.reference.all("document", 1))[0]!.marking;
      const before = keptCount(readers[0]!.kept.scope.markings!.ids);
      for (const rec of records.filter((x) => x.kind === "document").slice(0, 20)) {
        const seen = await readers[0]!.kept.boundTo(marking).find("document", rec.id);
        const plain = await readers[0]!.reference.boundTo(marking).find("document", rec.id);
        assert.deepEqual(seen?.id ?? null, plain?.id ?? null);
      }
      assert.equal(keptCount(readers[0]!.kept.scope.markings!.ids), before, "the bound reader added no kept statement");
    });

    test("a list's first page kept per set (and, on SQLite, per plan) lists what the read rule lets each reader list, a narrowed set's included", async () => {
      const readerOf = async (username: string) => {
        const v = await viewerOf(username);
        const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor(v);
        return new Reader(env.store.db, scope, { actor: v.id, client: null });
      };
      const lists = async (r: Reader) => {
        const docs = await listDocuments(r, { limit: 20 });
        const actions = await listActions(r, ActionQuery.parse({ limit: 20 }));
        return [...docs.rows, ...actions.rows].map((x) => `${x.id} ${x.marking_id}`);
      };
      // The read rule itself (no computed set, nothing kept), as the reference.
      const reference = (r: Reader) => lists(new Reader(env.store.db, r.scope.uncached(), r.caller));
      for (const username of [SCALE_NARROW, SCALE_BROAD]) {
        const r = await readerOf(username);
        const first = await lists(r);
        assert.ok(first.length > 0);
        assert.deepEqual(await lists(r), first, "read again by the kept statements");
        assert.deepEqual(first, await reference(r));
        // Kept: the next request of the same set gets the statement built for the first.
        const name = `${username} kept page`;
        const kept = await r.keptStatement(name, async () => sql`select 1`, "document");
        assert.equal(await new Reader(env.store.db, r.scope, r.caller).keptStatement(name, async () => sql`select 2`, "document"), kept);
        if (kind === "sqlite") {
          // Another plan for the kind is another statement.
          const other = new Reader(env.store.db, r.scope, r.caller);
          const plan = await r.plan("document");
          other.plan = async () => (plan === "seek" ? "filter" : "seek");
          assert.notEqual(await other.keptStatement(name, async () => sql`select 3`, "document"), kept);
        }
      }
      // The broad reader loses a compartment: its lists are those of its narrower set.
      const broad = await readerOf(SCALE_BROAD);
      await sql`delete from user_compartments where user_id = ${broad.caller.actor}`.execute(env.store.db);
      const narrowed = await readerOf(SCALE_BROAD);
      assert.ok(narrowed.scope.markings!.ids.length < broad.scope.markings!.ids.length);
      const after = await lists(narrowed);
      assert.deepEqual(after, await reference(narrowed));
      const allowed = new Set(narrowed.scope.markings!.ids);
      assert.deepEqual(after.filter((x) => !allowed.has(x.split(" ")[1]!)), [], "nothing of a marking the narrowed set lacks");
    });

    test("a record's presentation (its own rows, children, versions) kept per set equals the read rule's, and an id list is made by a Reader only", async () => {
      const others = (await sql<{ username: string }>`select u.username from users u where u.username not in (${SCALE_BROAD}, ${SCALE_NARROW}) order by u.id desc limit 3`.execute(env.store.db)).rows.map((u) => u.username);
      const records = (await sql<{ id: string; kind: string }>`select id, kind from records where kind in ('document', 'action') order by id`.execute(env.store.db)).rows;
      const next = random(61);
      const allNames: string[] = [];
      // (The broad reader has lost its compartments to the tests above.)
      for (const username of [SCALE_NARROW, ...others]) {
        const v = await viewerOf(username);
        const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor(v);
        const kept = new Reader(env.store.db, scope, { actor: v.id, client: null });
        const reference = new Reader(env.store.db, scope.uncached(), { actor: v.id, client: null });
        let shown = 0;
        // Records it may read (mostly) and any others, of one kind at a time.
        const mine = [...await reference.all("document", 100), ...await reference.all("action", 100)];
        for (let i = 0; i < 40; i++) {
          const kind = next() < 0.5 ? "document" : "action";
          const pool = [...mine.filter((r) => r.kind === kind), ...records.filter((r) => r.kind === kind).slice(0, 20)];
          const picked = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pool[Math.floor(next() * pool.length)]!);
          const present = kind === "document" ? presentDocuments : presentActions;
          // The records each reader may read, read by the reference (nothing kept).
          const readable = (await reference.readable(picked.map((p) => p.id), [kind]));
          if (!readable.length) continue;
          shown += readable.length;
          const fresh = await reference.readable(readable.map((r) => r.id), [kind]);
          assert.deepEqual(await present(kept, readable), await present(reference, fresh), `${username}: ${readable.map((r) => r.id).join(",")}`);
        }
        if (username !== SCALE_NARROW) assert.ok(shown > 0, `${username} was shown something`);
        allNames.push(...keptNames(scope.markings!.ids));
      }
      assert.ok(allNames.some((n) => /^action rows/.test(n)), allNames.join("; "));
      assert.ok(allNames.some((n) => /^document (rows|versions)|^documents presented/.test(n)), allNames.join("; "));
      assert.throws(() => new (IdList as unknown as new (...a: unknown[]) => IdList)(Symbol("IdList"), "[\"x\"]", 1), /made by a Reader only/);
    });

    test("a reader over the read rule itself (no computed set) keeps nothing", async () => {
      const broad = await viewerOf(SCALE_BROAD);
      const reader = new Reader(env.store.db, Scope.forUser(broad), { actor: broad.id, client: null });
      const rec = (await sql<{ id: string }>`select id from records order by id limit 1`.execute(env.store.db)).rows[0]!;
      await reader.find(null, rec.id);
      assert.equal(reader.scope.markings, null);
    });
  });
}
