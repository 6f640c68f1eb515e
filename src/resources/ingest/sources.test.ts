// A source opens on its own (GET /api/sources/:id) for whoever may read it, and answers as a
// missing record to anyone else; it is titled by its publisher, date and headline, never by the
// first line of its text, and search finds it by that title.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";
import { sourceTitle } from "./sources.ts";

const STATEMENT = `Zephyrine Trials Bulletin
India and Israel agreed on 3 March 2026 to hold the Zephyrine joint trials in Jodhpur.`;

describe("source titles", () => {
  test("publisher and date first, then the headline; a statement without a publisher is called one", () => {
    assert.equal(sourceTitle("Ministry of Defence", "2026-03-04", "Zephyrine  trials\nagreed"), "Ministry of Defence, 2026-03-04: Zephyrine trials agreed");
    assert.equal(sourceTitle(null, "2026-03-04", null), "Statement, 2026-03-04");
    assert.equal(sourceTitle(" ", null, ""), "Statement");
  });
});

for (const kind of STORES) {
  describe(`GET /api/sources/:id (${kind})`, () => {
    let env: TestEnv;
    let analyst: ReturnType<typeof client>;
    let outsider: ReturnType<typeof client>;
    let sourceId: string;
    before(async () => {
      env = await testEnv(kind);
      analyst = client(env.app, await buildUser(env.store.db, { nationality: "IND", roles: ["analyst"], clearance: 2 }));
      outsider = client(env.app, await buildUser(env.store.db, { nationality: "IND", roles: ["analyst"], clearance: 0 }));
      const draft = await analyst.post("/api/drafts", {
        text: STATEMENT, publisher: "Ministry of Defence", published: "2026-03-04",
        marking: { classification: "RESTRICTED", releasableTo: ["ISR"] },
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      sourceId = draft.body.source.id;
    });
    after(async () => { await env.close(); });

    test("the reader gets the text, publisher, date and marking; the title is not the text's first line", async () => {
      const res = await analyst.get(`/api/sources/${sourceId}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.text, STATEMENT);
      assert.equal(res.body.publisher, "Ministry of Defence");
      assert.equal(res.body.published, "2026-03-04");
      assert.equal(res.body.marking.banner, "RESTRICTED // REL TO IND, ISR");
      assert.match(res.body.title, /^Ministry of Defence, 2026-03-04/);
      const hits = await analyst.get("/api/search?q=Zephyrine");
      const hit = hits.body.items.find((h: { id: string }) => h.id === sourceId);
      assert.ok(hit, "search finds the source");
      assert.equal(hit.title, res.body.title);
    });

    test("a reader below its marking gets the answer for a missing record", async () => {
      const hidden = await outsider.get(`/api/sources/${sourceId}`);
      const missing = await outsider.get("/api/sources/01JZZZZZZZZZZZZZZZZZZZZZZZ");
      assert.equal(hidden.status, 404);
      assert.deepEqual(hidden.body, missing.body);
      assert.equal((await analyst.get(`/api/sources/${(await analyst.get("/api/drafts")).body.items[0].id}`)).status, 404, "a draft is no source");
    });
  });
}
