// A page's presentation in one statement (Reader.gather): the same rows, order and references
// (withheld ones included) as reading each table and resolving the references one query at a time,
// for a broad and a narrow reader on both stores; and one statement per page.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { KyselyPlugin } from "kysely";
import { STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { seedScale, SCALE_BROAD, SCALE_NARROW } from "../seed/scale.ts";
import { loadViewer } from "../accounts/users.ts";
import { MarkingSets } from "./marking-sets.ts";
import { Reader, type ReadRecord } from "./reader.ts";
import { documentRows } from "../resources/documents/present.ts";
import { presentActions } from "../resources/actions/present.ts";
import { presentDocuments } from "../resources/documents/present.ts";
import type { Db } from "./db.ts";

/** Counts the statements run through a connection. */
function counting(db: Db): { db: Db; count: () => number } {
  let n = 0;
  // A query built inside another passes through transformQuery too; each statement run has one result.
  const plugin: KyselyPlugin = { transformQuery: (a) => a.node, transformResult: async (a) => { n++; return a.result; } };
  return { db: db.withPlugin(plugin), count: () => n };
}

for (const kind of STORES) {
  describe(`a page presented in one statement (${kind})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await testEnv(kind);
      await seedScale(env.store.db, { records: 4000 });
      // Documents the narrow reader may read, attached to a record it may not read and to one it may.
      const narrow = await readerFor(SCALE_NARROW);
      const docs = (await narrow.all("document", 100)).map((d) => d.id);
      const readable = new Set((await narrow.all("document", 10_000)).map((d) => d.id));
      const hidden = await env.store.db.selectFrom("records").select("id").where("kind", "=", "meeting").where("id", "not in", [...readable, ""]).executeTakeFirstOrThrow();
      assert.ok(docs.length >= 2, `narrow documents: ${docs.length}`);
      await env.store.db.updateTable("documents").set({ attached_to: hidden.id }).where("id", "in", docs.slice(0, Math.ceil(docs.length / 2))).execute();
      await env.store.db.updateTable("documents").set({ attached_to: docs[0]! }).where("id", "in", docs.slice(Math.ceil(docs.length / 2))).execute();
    });
    after(async () => { await env.close(); });

    async function readerFor(username: string, db: Db = env.store.db): Promise<Reader> {
      const u = await env.store.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
      const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor((await loadViewer(env.store.db, u.id))!);
      return new Reader(db, scope, { actor: u.id, client: null });
    }

    for (const who of [SCALE_BROAD, SCALE_NARROW]) {
      test(`documents: the same rows, versions and references as one query each (${who})`, async () => {
        const reader = await readerFor(who);
        const records: ReadRecord[] = await reader.all("document", 200);
        assert.ok(records.length > 0);
        const ids = records.map((r) => r.id);
        const got = await documentRows(reader, ids);
        const rows = await reader.children("documents", ids).selectAll().execute();
        const versions = await reader.children("document_versions", ids).selectAll().orderBy("document_id", "desc").orderBy("version", "desc").execute();
        const refs = await reader.refs(rows.map((d) => d.attached_to));
        const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
        assert.deepEqual(byId(got.documents), byId(rows));
        assert.deepEqual(got.versions, versions);
        // Readable references alike; every other one is withheld by refOf, as resolveRefs withholds it.
        const shown = [...refs].filter(([, r]) => !r.withheld);
        assert.deepEqual(new Map(shown), got.refs);
        if (who === SCALE_NARROW) {
          assert.ok([...refs.values()].some((r) => r.withheld), "the narrow reader has withheld references");
          assert.ok(shown.length > 0, "and readable ones");
        }
      });

      test(`a page of documents and of actions is presented in one statement (${who})`, async () => {
        const counter = counting(env.store.db);
        const reader = await readerFor(who, counter.db);
        for (const [k, present] of [["document", presentDocuments], ["action", presentActions]] as const) {
          const records = await reader.all(k, 50);
          await present(reader, records);
          const before = counter.count();
          const items = await present(reader, records);
          assert.equal(items.length, records.length);
          assert.equal(counter.count() - before, records.length ? 1 : 0, `${k}: statements`);
        }
      });
    }
  });
}
