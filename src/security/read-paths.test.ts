// The no-leak property over every read path (SPEC 3.2), with records referring to one another: for random users and random records with random markings,
// every read path returns exactly what the oracle allows — lists, search, get, counts, facets,
// history, exports, references, autocomplete and the relationship overview.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { oracleCanRead, type OracleMarking, type OracleUser } from "./oracle.ts";
import { explain } from "../testing/explain.ts";

const LEVELS = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"];
const COMPS = ["JWG", "MRSAM", "KRAS"];
const KINDS = ["organisations", "people", "agreements", "documents", "meetings", "actions", "programmes", "engagements"] as const;
type Path = (typeof KINDS)[number];

const arbMarking = fc.record({
  level: fc.integer({ min: 0, max: 4 }),
  originator: fc.constantFrom("IND", "ISR"),
  rel: fc.constantFrom<"ALL" | "OTHER" | "NONE">("ALL", "OTHER", "NONE"),
  compartments: fc.subarray(COMPS, { maxLength: 2 }),
}).map((m): OracleMarking => ({ level: m.level, originator: m.originator, compartments: m.compartments, releasableTo: m.rel === "ALL" ? "ALL" : m.rel === "NONE" ? [] : [m.originator === "IND" ? "ISR" : "IND"] }));
const arbRecord = fc.record({ path: fc.constantFrom(...KINDS), marking: arbMarking });
const arbUser = fc.record({
  nationality: fc.constantFrom("IND", "ISR"),
  clearance: fc.integer({ min: 0, max: 4 }),
  compartments: fc.subarray(COMPS),
  active: fc.boolean().map((b) => b || Math.random() < 0.7),
});


interface Made { id: string; path: Path; marking: OracleMarking; title: string; refs: string[] }

for (const store of STORES) {
  describe(`every read path against the oracle (${store})`, () => {
    let env: TestEnv;
    const made: Made[] = [];
    let creators: Record<string, ReturnType<typeof client>>;
    let forumId: string;
    let meetingSeq = 0;

    before(async () => {
      env = await testEnv(store);
      creators = {};
      for (const nat of ["IND", "ISR"]) {
        creators[nat] = client(env.app, await buildUser(env.store.db, { nationality: nat, clearance: 4, compartments: COMPS, roles: ["secretariat", "analyst"] }));
      }
      forumId = (await creators.IND!.post("/api/forums", { marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" }, name: "Leak-test forum", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] })).body.id;
    });
    after(async () => { await env.close(); });

    const wire = (m: OracleMarking) => ({ classification: LEVELS[m.level], releasableTo: m.releasableTo, compartments: m.compartments });

    /** Creates a record through the API; some refer to earlier ones, so references cross markings. */
    async function create(path: Path, m: OracleMarking, tag: string, n: number): Promise<Made> {
      const api = creators[m.originator]!;
      const title = `${tag} item${n}`;
      const earlier = (p: Path) => [...made].reverse().find((x) => x.path === p && x.marking.originator === m.originator)?.id ?? null;
      let body: Record<string, unknown>;
      let refs: string[] = [];
      switch (path) {
        case "organisations": { const parentId = earlier("organisations"); refs = parentId ? [parentId] : []; body = { name: title, country: m.originator, kind: "other", parentId }; break; }
        case "people": { const org = earlier("organisations"); refs = org ? [org] : []; body = { name: title, country: m.originator, titles: [{ title: "Official", organisationId: org }] }; break; }
        case "agreements": { const p = earlier("people"); refs = p ? [p] : []; body = { kind: "MoU", title, status: "signed", parties: [{ country: "IND" }, { country: "ISR" }], signatoryIds: refs, signedOn: "2025-11-04" }; break; }
        case "meetings": body = { forumId, sequence: ++meetingSeq, dateStart: "2025-11-04", venueCity: title }; break;
        case "programmes": { const org = earlier("organisations"); refs = org ? [org] : []; body = { kind: "co_production", title, stage: "concept", partners: org ? [{ organisationId: org, role: "lead", workShare: 100 }] : [] }; break; }
        case "engagements": { const org = earlier("organisations"); refs = org ? [org] : []; body = { kind: "visit", title, dateStart: "2025-11-06", delegationCountry: m.originator, hostIds: refs }; break; }
        case "actions": { const mt = earlier("meetings"); refs = mt ? [mt] : []; body = { title, meetingId: mt, owner: { country: m.originator }, dueDate: "2025-12-01" }; break; }
        case "documents": {
          const boundary = "----leak";
          const meta = JSON.stringify({ marking: wire(m), title, kind: "report" });
          const payload = `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${meta}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="d.txt"\r\nContent-Type: text/plain\r\n\r\n${title}\r\n--${boundary}--\r\n`;
          const res = await api.raw({ method: "POST", url: "/api/documents", payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
          assert.equal(res.statusCode, 201, res.body);
          return { id: res.json().id, path, marking: m, title, refs: [] };
        }
      }
      const res = await api.post(`/api/${path}`, { marking: wire(m), ...body });
      assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
      // A meeting is titled by its number and forum, not by what we sent.
      return { id: res.body.id, path, marking: m, title: res.body.title ?? res.body.name ?? title, refs };
    }

    async function listAll(api: ReturnType<typeof client>, path: Path): Promise<Set<string> | null> {
      const ids = new Set<string>();
      let cursor: string | null = null;
      do {
        const res = await api.get(`/api/${path}?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
        if (res.status === 401) return null;
        assert.equal(res.status, 200, JSON.stringify(res.body));
        for (const i of res.body.items) ids.add(i.id);
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    }

    const ids = (xs: Made[]) => new Set(xs.map((x) => x.id));
    const mine = (s: Set<string>) => new Set([...s].filter((id) => made.some((m) => m.id === id)));

    test("every read path returns exactly what SPEC 3.2 allows", async () => {
      let run = 0;
      await explain(fc.assert(fc.asyncProperty(fc.array(arbRecord, { minLength: 3, maxLength: 10 }), fc.array(arbUser, { minLength: 2, maxLength: 5 }), async (records, users) => {
        const tag = `zq${++run}x${Math.random().toString(36).slice(2, 7)}`;
        const fresh: Made[] = [];
        for (const [n, r] of records.entries()) { const m = await create(r.path, r.marking, tag, n); made.push(m); fresh.push(m); }
        for (const spec of users) {
          const u: OracleUser = spec;
          const caller = await buildUser(env.store.db, { nationality: u.nationality, clearance: u.clearance as 0, compartments: u.compartments, roles: ["member"], status: u.active ? "active" : "locked" });
          const api = client(env.app, caller);
          const allowed = made.filter((x) => oracleCanRead(u, x.marking));
          const who = JSON.stringify(u);

          for (const path of KINDS) {
            const expected = ids(allowed.filter((x) => x.path === path));
            const listed = await listAll(api, path);
            assert.deepEqual(listed === null ? new Set() : mine(listed), expected, `list ${path} for ${who}`);
            const facets = await api.get(`/api/${path}/facets`);
            if (u.active) assert.equal(facets.body.total, expected.size, `count ${path} for ${who}`);
            const csv = await api.get(`/api/${path}/export`);
            const rows = u.active ? new Set((csv.raw.body as string).split("\n").filter((l) => /^[0-9A-Z]{26},/.test(l)).map((l) => l.slice(0, 26))) : new Set<string>();
            assert.deepEqual(mine(rows), expected, `export ${path} for ${who}`);
          }

          const search = await api.get(`/api/search?q=${tag}&limit=100`);
          const found = search.status === 200 ? new Set<string>(search.body.items.map((i: { id: string }) => i.id)) : new Set<string>();
          assert.deepEqual(found, ids(allowed.filter((x) => fresh.includes(x))), `search for ${who}`);
          assert.ok(!search.raw.body.includes(`"${tag} item`) || search.body.items.every((i: { id: string }) => allowed.some((a) => a.id === i.id)), "no title or highlight of an unreadable record");
          const suggest = await api.get(`/api/suggest?q=${tag}&limit=50`);
          const suggested = suggest.status === 200 ? new Set<string>(suggest.body.items.map((i: { id: string }) => i.id)) : new Set<string>();
          assert.deepEqual(suggested, ids(allowed.filter((x) => fresh.includes(x) && x.title.startsWith(tag))), `autocomplete for ${who}`);

          for (const x of fresh) {
            const can = oracleCanRead(u, x.marking);
            const get = await api.get(`/api/${x.path}/${x.id}`);
            assert.equal(get.status, can ? 200 : u.active ? 404 : 401, `get ${x.path} ${JSON.stringify(x.marking)} for ${who}`);
            const history = await api.get(`/api/records/${x.id}/history`);
            assert.equal(history.status, can ? 200 : u.active ? 404 : 401, `history for ${who}`);
            if (can) {
              for (const ref of x.refs) {
                const target = made.find((m) => m.id === ref)!;
                if (!oracleCanRead(u, target.marking)) assert.ok(!history.raw.body.includes(ref), `history withholds an unreadable reference for ${who}`);
              }
            }
            if (!can) continue;
            // References: readable ones with their title, unreadable ones withheld without one.
            const text = JSON.stringify(get.body);
            for (const ref of x.refs) {
              const target = made.find((m) => m.id === ref)!;
              if (oracleCanRead(u, target.marking)) assert.ok(text.includes(target.title), `reference shown for ${who}`);
              else {
                assert.ok(!text.includes(target.title) && !text.includes(ref), `reference withheld for ${who}`);
                assert.ok(text.includes('"withheld":true'));
              }
            }
            const refs = await api.get(`/api/records/${x.id}/references`);
            for (const item of refs.body.items) {
              if (item.record.withheld) continue;
              const target = made.find((m) => m.id === item.record.id);
              if (target) assert.ok(oracleCanRead(u, target.marking), `a visible reference is readable for ${who}`);
            }
          }
          if (u.active) {
            // The overview counts only readable agreements (all of them name both countries as parties).
            const partner = u.nationality === "IND" ? "ISR" : "IND";
            const overview = await api.get(`/api/overview/${partner}`);
            if (overview.status !== 404 || overview.body.code !== "not_found" || !/No route/.test(overview.body.detail)) {
              assert.equal(overview.body.agreements.total, allowed.filter((x) => x.path === "agreements").length, `overview for ${who}`);
              // Actions concern the partner when it owns them or they belong to a forum it is a member of (every meeting here).
              const concern = (x: Made) => x.marking.originator === partner || x.refs.length > 0;
              assert.equal(overview.body.actions.open, allowed.filter((x) => x.path === "actions" && concern(x)).length, `overview actions for ${who}`);
            }
          }
        }
      }), { numRuns: Number(process.env.NO_LEAK_RUNS ?? 8), endOnFailure: true }));
    });
  });
}
