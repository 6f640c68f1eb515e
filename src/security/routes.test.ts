// Every GET route the server answers is driven by the no-leak oracle (SPEC 3.2), for random
// readers of every kind (nationality, clearance, compartments, roles, status) over a random world of
// records of every kind in the registry. The routes are read from the server's own route tree, so a
// route added later fails this test until it has a driver here; the collection routes of every kind
// come from the registry, so a kind added later is driven without a line here. Each driver checks
// what its answer must hold (exactly the readable records, 404 as for a missing record, the role
// it needs), and every answer is searched for the identifier and the word of every record the
// reader may not read.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { PDFParse } from "pdf-parse";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { explain } from "../testing/explain.ts";
import { getRoutes } from "../testing/routes.ts";
import { COMPARTMENTS, currentMarking, KINDS, LeakWorld, NATIONS, sameMarking, SINGULAR, widens, type Made, type WMarking } from "../testing/leak-world.ts";
import { REGISTRY } from "../kinds.ts";
import { oracleCanRead } from "./oracle.ts";

interface Reader { id: string; nationality: string; clearance: number; compartments: string[]; roles: string[]; status: "active" | "locked" | "disabled" }
const mayRead = (u: Omit<Reader, "id" | "roles">, m: WMarking) =>
  oracleCanRead({ nationality: u.nationality, clearance: u.clearance, compartments: u.compartments, active: u.status === "active" }, m);

const MISSING = "01JZZZZZZZZZZZZZZZZZZZZZZZ";

/** GET routes that carry no record data and are not driven: why, for each. */
const NOT_DRIVEN: [RegExp, string][] = [
  [/^\/(?!api\/)/, "the web application's static files"],
  [/^\/api\/docs(\/|$)/, "the API explorer's static pages (@fastify/swagger-ui)"],
];

/** One reader's view: their client, the oracle's verdicts, and the checks every answer gets. */
interface View {
  api: ReturnType<typeof client>;
  u: Reader;
  who: string;
  can(x: Made): boolean;
  made: Made[];
  fresh: Made[];
  tag: string;
  world: LeakWorld;
  /** GET, searched for anything of an unreadable record; null when an inactive reader is refused. */
  get(url: string, opts?: { idsMayShow?: boolean }): Promise<{ status: number; body: any; raw: any } | null>;
  /** GET that must answer 200 to an active reader (or 403 when `role` is not the reader's). */
  ok(url: string, role?: string): Promise<{ status: number; body: any; raw: any } | null>;
}

type Driver = (v: View) => Promise<void>;
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id).sort();
const hasRole = (v: View, role: string) => v.u.roles.includes(role);

/** Each readable record answers 200 and each unreadable one exactly as a missing one. */
function perRecord(urlOf: (id: string) => string, of: (v: View) => Made[] = (v) => v.fresh): Driver {
  return async (v) => {
    const missing = await v.get(urlOf(MISSING));
    for (const x of of(v)) {
      const url = urlOf(x.id);
      const res = await v.get(url);
      if (!res) continue;
      if (v.can(x)) assert.equal(res.status, 200, `${url} for ${v.who}: ${String(res.raw.body).slice(0, 200)}`);
      else {
        assert.equal(res.status, 404, `unreadable ${url} for ${v.who}`);
        if (missing?.status === 404) assert.deepEqual(res.body, missing.body, "the same answer as a missing record");
      }
    }
  };
}

/** A list (every page) holding exactly the readable records of a path. */
async function listed(v: View, url: string, expected: Made[], what: string) {
  const got: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await v.ok(`${url}${url.includes("?") ? "&" : "?"}limit=7${cursor ? `&cursor=${cursor}` : ""}`);
    if (!res) return;
    got.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.nextCursor;
    assert.ok(++pages < 200, "pagination ends");
  } while (cursor);
  assert.deepEqual(got.sort(), ids(expected), `${what} for ${v.who}`);
}

/** The collection routes every kind has, from the registry. */
function kindDrivers(): Record<string, Driver> {
  const out: Record<string, Driver> = {};
  for (const path of KINDS) {
    const kind = SINGULAR[path]!;
    const mine = (v: View) => v.made.filter((x) => x.path === path);
    out[`/api/${path}`] = (v) => listed(v, `/api/${path}`, mine(v).filter(v.can), `list ${path}`);
    out[`/api/${path}/facets`] = async (v) => {
      const res = await v.ok(`/api/${path}/facets`);
      if (!res) return;
      const expected = mine(v).filter(v.can);
      assert.equal(res.body.total, expected.length, `count ${path} for ${v.who}`);
      for (const column of REGISTRY[kind].facets) {
        const want = new Map<string, number>();
        for (const x of expected) want.set(x.facets[column]!, (want.get(x.facets[column]!) ?? 0) + 1);
        assert.deepEqual(new Map(res.body.facets[column].map((f: { value: string; count: number }) => [f.value, f.count])), want, `facet ${path}.${column} for ${v.who}`);
      }
    };
    out[`/api/${path}/export`] = async (v) => {
      const res = await v.ok(`/api/${path}/export`);
      if (!res) return;
      const rows = String(res.raw.body).split("\n").filter((l) => /^[0-9A-Z]{26},/.test(l)).map((l) => l.slice(0, 26));
      assert.deepEqual(rows.sort(), ids(mine(v).filter(v.can)), `export ${path} for ${v.who}`);
    };
    out[`/api/${path}/:id`] = perRecord((id) => `/api/${path}/${id}`, (v) => v.fresh.filter((x) => x.path === path));
  }
  return out;
}

const anyRecord = (suffix: string) => perRecord((id) => `/api/records/${id}${suffix}`);
const ofPath = (path: string) => (v: View) => v.fresh.filter((x) => x.path === path);

const DRIVERS: Record<string, Driver> = {
  ...kindDrivers(),

  // Any record, by id: exists-but-unreadable answers as missing on every one of them.
  "/api/records/:id": anyRecord(""),
  "/api/records/:id/label.xml": anyRecord("/label.xml"),
  "/api/records/:id/references": anyRecord("/references"),
  "/api/records/:id/sources": anyRecord("/sources"),
  "/api/records/:id/history": async (v) => {
    await anyRecord("/history")(v);
    for (const x of v.fresh.filter(v.can)) {
      const res = await v.ok(`/api/records/${x.id}/history`);
      const versions = x.versions.map((m, i) => ({ version: i + 1, m })).filter((h) => mayRead(v.u, h.m)).map((h) => h.version).reverse();
      if (res) assert.deepEqual(res.body.items.map((h: { version: number }) => h.version), versions, `history of ${x.path} for ${v.who}`);
    }
  },
  // Security officers: who may read a record (exactly the accounts the oracle allows), and why not.
  "/api/records/:id/readers": async (v) => {
    for (const x of v.fresh) {
      const res = await v.get(`/api/records/${x.id}/readers`);
      if (!res) continue;
      if (!hasRole(v, "security_officer")) { assert.equal(res.status, 403, `readers for ${v.who}`); continue; }
      if (!v.can(x)) { assert.equal(res.status, 404); continue; }
      const expected = v.world.accounts.filter((a) => mayRead(a, currentMarking(x))).map((a) => a.id).sort();
      assert.deepEqual(res.body.items.map((r: { id: string }) => r.id).sort(), expected, `readers of ${x.path} for ${v.who}`);
    }
  },
  "/api/records/:id/access/:userId": async (v) => {
    const someone = v.world.accounts[v.fresh.length % v.world.accounts.length]!;
    for (const x of v.fresh) {
      const res = await v.get(`/api/records/${x.id}/access/${someone.id}`);
      if (!res) continue;
      if (!hasRole(v, "security_officer")) { assert.equal(res.status, 403); continue; }
      if (!v.can(x)) { assert.equal(res.status, 404); continue; }
      assert.equal(res.body.allowed, mayRead(someone, currentMarking(x)), `access explained for ${v.who}`);
    }
  },

  "/api/documents/:id/content": perRecord((id) => `/api/documents/${id}/content`, ofPath("documents")),
  "/api/meetings/:id/minutes": perRecord((id) => `/api/meetings/${id}/minutes`, ofPath("meetings")),
  // Every meeting of the world has two versions of draft minutes, carrying its word.
  "/api/meetings/:id/minutes/diff": perRecord((id) => `/api/meetings/${id}/minutes/diff?from=1&to=2`, ofPath("meetings")),
  // Only agreed minutes are exported: a readable meeting of the world answers 409, an unreadable one as a missing one.
  "/api/meetings/:id/minutes.pdf": async (v) => {
    const missing = await v.get(`/api/meetings/${MISSING}/minutes.pdf`);
    for (const x of ofPath("meetings")(v)) {
      const res = await v.get(`/api/meetings/${x.id}/minutes.pdf`);
      if (!res) continue;
      if (v.can(x)) assert.equal(res.status, 409, `minutes.pdf of a meeting not agreed for ${v.who}`);
      else {
        assert.equal(res.status, 404);
        if (missing?.status === 404) assert.deepEqual(res.body, missing.body, "the same answer as a missing record");
      }
    }
  },
  "/api/meetings/:id/calendar.ics": perRecord((id) => `/api/meetings/${id}/calendar.ics`, ofPath("meetings")),
  "/api/meetings/calendar.ics": async (v) => {
    const res = await v.ok("/api/meetings/calendar.ics");
    if (!res) return;
    const uids = [...String(res.raw.body).matchAll(/UID:([0-9A-Z]{26})@accord/g)].map((m) => m[1]!).sort();
    assert.deepEqual(uids, ids(v.made.filter((x) => x.path === "meetings" && v.can(x))), `calendar for ${v.who}`);
  },
  "/api/agreements/expiring": async (v) => {
    const res = await v.ok("/api/agreements/expiring");
    // Every agreement of the world ended on 2026-01-31: those signed or in force are due.
    const due = v.made.filter((x) => x.path === "agreements" && v.can(x) && ["signed", "in_force"].includes(x.facets.status!));
    if (res) assert.deepEqual(ids(res.body.items), ids(due), `expiring agreements for ${v.who}`);
  },

  "/api/drafts": (v) => listed(v, "/api/drafts", v.made.filter((x) => x.path === "drafts" && v.can(x)), "drafts"),
  "/api/sources/:id": perRecord((id) => `/api/sources/${id}`, (v) => v.made.filter((x) => x.path === "sources")),
  "/api/drafts/:id": perRecord((id) => `/api/drafts/${id}`, (v) => v.made.filter((x) => x.path === "drafts")),

  "/api/search": async (v) => {
    const res = await v.ok(`/api/search?q=${v.tag}&limit=100`);
    if (res) assert.deepEqual(ids(res.body.items), ids(v.fresh.filter(v.can)), `search for ${v.who}`);
  },
  "/api/suggest": async (v) => {
    const res = await v.ok(`/api/suggest?q=${v.tag}&limit=50`);
    const findable = v.fresh.filter((x) => v.can(x) && x.title.startsWith(v.tag));
    if (res) assert.deepEqual(ids(res.body.items), ids(findable), `autocomplete for ${v.who}`);
  },

  "/api/overview/:country": async (v) => {
    for (const country of NATIONS) {
      const res = await v.ok(`/api/overview/${country}`);
      if (res) assert.equal(res.body.agreements.total, v.made.filter((x) => x.path === "agreements" && v.can(x)).length, `overview agreements for ${v.who}`);
    }
  },
  "/api/overview/:country/brief.pdf": async (v) => {
    const res = await v.ok(`/api/overview/${v.u.nationality}/brief.pdf`);
    if (!res) return;
    const text = (await new PDFParse({ data: new Uint8Array(res.raw.rawPayload) }).getText()).text;
    for (const x of v.made.filter((y) => !v.can(y))) assert.ok(!text.includes(x.token), `the brief carries the word of unreadable ${x.path} for ${v.who}`);
  },

  "/api/releases": async (v) => {
    const res = await v.ok("/api/releases");
    // The readers ask for none: a security officer sees those of readable records of their country.
    const expected = hasRole(v, "security_officer")
      ? v.world.releases.filter((r) => r.originator === v.u.nationality && v.can(v.made.find((x) => x.id === r.recordId)!)).map((r) => r.recordId).sort()
      : [];
    if (res) assert.deepEqual(res.body.items.map((i: { record: { id: string } }) => i.record.id).sort(), expected, `releases for ${v.who}`);
  },

  // My work and notifications: only records the reader may read (every answer is searched for the
  // identifiers and words of the rest); a security officer's releases to decide are exactly the
  // pending ones of readable records of their country, none of their own.
  "/api/my-work": async (v) => {
    const res = await v.ok("/api/my-work");
    if (!res) return;
    const shown = [
      ...res.body.minutesToApprove.map((x: any) => x.meeting), ...res.body.releasesToDecide.map((x: any) => x.record), ...res.body.myReleases.map((x: any) => x.record),
      ...res.body.actions.map((x: any) => x.action), ...res.body.drafts.map((x: any) => x.draft), ...res.body.meetings.map((x: any) => x.meeting),
      ...res.body.minutesToAgree.map((x: any) => x.meeting), ...res.body.milestones.map((x: any) => x.programme),
    ];
    for (const x of shown) {
      const made = v.made.find((m) => m.id === x.id);
      if (made) assert.ok(v.can(made), `my work shows unreadable ${made.path} for ${v.who}`);
    }
    assert.deepEqual(res.body.releasesToDecide, [], `the world's releases are decided at once: none waits for ${v.who}`);
    assert.equal(res.body.count, res.body.minutesToApprove.length + res.body.releasesToDecide.length + res.body.actions.length + res.body.drafts.length);
  },
  "/api/my-work/count": async (v) => {
    const res = await v.ok("/api/my-work/count");
    if (res) assert.equal(typeof res.body.count, "number");
  },
  "/api/notifications": async (v) => {
    const res = await v.ok("/api/notifications");
    if (!res) return;
    for (const n of res.body.items) {
      const made = v.made.find((m) => m.id === n.record.id);
      if (made) assert.ok(v.can(made), `a notification about unreadable ${made.path} for ${v.who}`);
    }
  },
  // The caller's own settings: no record content.
  "/api/notifications/preferences": async (v) => { await v.ok("/api/notifications/preferences"); },

  // The audit log names targets a viewer may not read by identifier and marking only (SPEC 3.2).
  "/api/audit": async (v) => { await v.ok("/api/audit?limit=500", "auditor"); },
  "/api/audit/export": async (v) => { await v.ok("/api/audit/export", "auditor"); },
  "/api/audit/verify": async (v) => { await v.ok("/api/audit/verify", "auditor"); },
  // Action types only: no record content, still auditors only.
  "/api/audit/actions": async (v) => { await v.ok("/api/audit/actions", "auditor"); },

  // No record content: accounts, the platform's vocabulary, the caller's own session and policies.
  "/api/users": async (v) => { await v.ok("/api/users", hasRole(v, "admin") ? "admin" : "security_officer"); },
  // Account changes (the two-person rule): accounts, no record content; a missing one is not found.
  "/api/account-changes": async (v) => { await v.ok("/api/account-changes", hasRole(v, "admin") ? "admin" : "security_officer"); },
  "/api/account-changes/:id": async (v) => {
    const res = await v.get(`/api/account-changes/${MISSING}`);
    if (res) assert.ok([403, 404].includes(res.status), `a missing account change for ${v.who}: ${res.status}`);
  },
  // Federation (src/federation): peers are link state, no record content; replicas are filtered by their marking.
  "/api/federation/peers": async (v) => { await v.ok("/api/federation/peers", "security_officer"); },
  "/api/federation/replicas": async (v) => { await v.ok("/api/federation/replicas"); },
  // This world has no peer, so it holds no replica: every record answers as a missing one (the
  // detail route reads replicas only; story.test.ts drives it over real replicas, hidden and shown).
  "/api/federation/replicas/:id": async (v) => {
    const missing = await v.get(`/api/federation/replicas/${MISSING}`);
    for (const x of v.fresh) {
      const res = await v.get(`/api/federation/replicas/${x.id}`);
      if (!res || !missing) continue;
      assert.deepEqual([res.status, res.body], [404, missing.body], `a local record is no replica, for ${v.who}`);
    }
  },
  // The same for a received file: no local record's id names a replica whose file could be read.
  "/api/federation/replicas/:id/files/:sha256": async (v) => {
    const sha = "0".repeat(64);
    const missing = await v.get(`/api/federation/replicas/${MISSING}/files/${sha}`);
    for (const x of v.fresh) {
      const res = await v.get(`/api/federation/replicas/${x.id}/files/${sha}`);
      if (!res || !missing) continue;
      assert.deepEqual([res.status, res.body], [404, missing.body], `a local record has no received file, for ${v.who}`);
    }
  },
  "/api/auth/session": async (v) => { await v.get("/api/auth/session"); },
  "/api/auth/tokens": async (v) => { await v.ok("/api/auth/tokens"); },
  "/api/policies": async (v) => {
    const res = await v.ok("/api/policies");
    if (res) assert.equal(res.body.audit, hasRole(v, "auditor"));
  },
  "/api/countries": async (v) => { await v.ok("/api/countries"); },
  "/api/compartments": async (v) => { await v.ok("/api/compartments"); },
  "/api/areas": async (v) => { await v.ok("/api/areas"); },
  "/api/ic/thresholds": async (v) => { await v.ok("/api/ic/thresholds"); },
  "/api/ping": async (v) => { await v.get("/api/ping"); },
  "/api/health": async (v) => { await v.get("/api/health"); },
  "/api/openapi.json": async (v) => { await v.get("/api/openapi.json"); },
};

const arbLevelled = fc.record({
  level: fc.integer({ min: 0, max: 4 }),
  releasableTo: fc.oneof(fc.constant("ALL" as const), fc.subarray([...NATIONS])),
  compartments: fc.subarray(COMPARTMENTS, { maxLength: 2 }),
});
const arbPlan = fc.record({
  path: fc.constantFrom(...KINDS),
  originator: fc.constantFrom(...NATIONS),
  first: arbLevelled,
  then: fc.option(arbLevelled, { freq: 3 }),
  picks: fc.array(fc.nat({ max: 1000 }), { minLength: 6, maxLength: 6 }),
});
const arbReader = fc.record({
  nationality: fc.constantFrom(...NATIONS),
  clearance: fc.integer({ min: 0, max: 4 }),
  compartments: fc.subarray(COMPARTMENTS),
  roles: fc.subarray(["admin", "secretariat", "member", "programme", "industry", "security_officer", "auditor", "analyst"], { maxLength: 3 }),
  status: fc.oneof({ weight: 5, arbitrary: fc.constant("active" as const) }, { weight: 1, arbitrary: fc.constantFrom("locked" as const, "disabled" as const) }),
});

for (const store of STORES) {
  describe(`every GET route is driven by the no-leak oracle (${store})`, () => {
    let env: TestEnv;
    let world: LeakWorld;
    const suite = Math.random().toString(36).slice(2, 7);
    let run = 0;

    before(async () => {
      env = await testEnv(store);
      world = new LeakWorld(env, (nationality, m) => mayRead({ nationality, clearance: 4, compartments: COMPARTMENTS, status: "active" }, m));
      await world.init();
    });
    after(async () => { await env.close(); });

    test("the server's GET routes are exactly those driven here (or carrying no record data, with the reason)", () => {
      const routes = getRoutes(env.app).filter((r) => !NOT_DRIVEN.some(([re]) => re.test(r)));
      const undriven = routes.filter((r) => !(r in DRIVERS));
      assert.deepEqual(undriven, [], `GET routes the no-leak oracle does not drive: add a driver in src/security/routes.test.ts`);
      const stale = Object.keys(DRIVERS).filter((r) => !routes.includes(r));
      assert.deepEqual(stale, [], "drivers for routes the server no longer has");
    });

    test("every GET route answers each reader with exactly what SPEC 3.2 allows, and nothing of what it forbids", async () => {
      await explain(fc.assert(fc.asyncProperty(fc.array(arbPlan, { minLength: 4, maxLength: 10 }), fc.array(arbReader, { minLength: 2, maxLength: 5 }), async (plans, readers) => {
        const tag = `zr${++run}x${suite}`;
        const fresh: Made[] = [];
        for (const [n, p] of plans.entries()) fresh.push(await world.create({ path: p.path, marking: { ...p.first, originator: p.originator }, picks: p.picks }, tag, n));
        fresh.push(...await world.makeDraft({ ...plans[0]!.first, originator: plans[0]!.originator }, tag, 0));
        for (const [n, p] of plans.entries()) {
          const x = fresh[n]!;
          const to = p.then && { ...p.then, originator: p.originator };
          if (to && !sameMarking(currentMarking(x), to)) await world.change(x, to, widens(currentMarking(x), to));
        }
        for (const spec of readers) {
          const caller = await buildUser(env.store.db, { ...spec, clearance: spec.clearance as 0 });
          const u: Reader = { id: caller.userId, ...spec };
          world.accounts.push({ id: u.id, nationality: u.nationality, clearance: u.clearance, compartments: u.compartments, status: u.status });
          const api = client(env.app, caller);
          const who = JSON.stringify(spec);
          const can = (x: Made) => mayRead(u, currentMarking(x));
          const hidden = () => world.made.filter((x) => !can(x));
          const get: View["get"] = async (url, opts) => {
            const res = await api.get(url);
            const text = typeof res.raw.body === "string" ? res.raw.body : "";
            for (const x of hidden()) {
              if (!opts?.idsMayShow) assert.ok(!text.includes(x.id), `GET ${url} names unreadable ${x.path} ${x.id} for ${who}`);
              assert.ok(!text.includes(x.token), `GET ${url} carries the word of unreadable ${x.path} ${x.id} for ${who}`);
            }
            if (u.status !== "active" && res.status === 401) return null;
            return res;
          };
          const ok: View["ok"] = async (url, role) => {
            const res = await get(url, { idsMayShow: url.startsWith("/api/audit") });
            if (!res) return null;
            if (role && !u.roles.includes(role)) { assert.equal(res.status, 403, `GET ${url} needs ${role}: ${who}`); return null; }
            assert.equal(res.status, 200, `GET ${url} for ${who}: ${String(res.raw.body).slice(0, 300)}`);
            return res;
          };
          const view: View = { api, u, who, can, made: world.made, fresh, tag, world, get, ok };
          for (const [route, drive] of Object.entries(DRIVERS)) {
            try {
              await drive(view);
            } catch (err) {
              throw new Error(`GET ${route}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
            }
          }
        }
      }), { numRuns: Number(process.env.ROUTES_RUNS ?? 4), endOnFailure: true }));
    });
  });
}
