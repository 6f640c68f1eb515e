// The same answers, byte for byte, from two checkouts of Accord, each on its own copy of one seeded
// store: lists and their next pages, gets of their records, searches and every list route, for both
// scale users (status, content type and body compared). Prints each difference and the count.
//
//   cp data/bench/sqlite-100000.db /tmp/a.db; cp data/bench/sqlite-100000.db /tmp/b.db
//   tsx bench/same-answers.ts OLD_CHECKOUT sqlite:/tmp/a.db . sqlite:/tmp/b.db
import { mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
const [dirA, urlA, dirB, urlB] = process.argv.slice(2);
async function load(dir: string, url: string) {
  const from = (p: string) => import(pathToFileURL(`${dir}/${p}`).href);
  const { openStore } = await from("src/store/db.ts");
  const { buildServer, defaultConfig } = await from("src/http/server.ts");
  const { createSession } = await from("src/accounts/sessions.ts");
  const store = openStore(url);
  const keys = mkdtempSync(join(tmpdir(), "accord-same-answers-"));
  const app = await buildServer(store, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: keys + "/a.pem", checkpoints: keys + "/c.jsonl" } }));
  await app.ready();
  const cookies: Record<string, string> = {};
  for (const u of ["scale.broad", "scale.narrow"]) {
    const row = await store.db.selectFrom("users").select("id").where("username", "=", u).executeTakeFirstOrThrow();
    cookies[u] = (await createSession(store.db, row.id, true, "127.0.0.1")).token;
  }
  return { app, store, cookies };
}
const a = await load(resolve(dirA!), urlA!), b = await load(resolve(dirB!), urlB!);
const get = async (x: typeof a, u: string, path: string) => { const r = await x.app.inject({ method: "GET", url: path, headers: { cookie: `accord_session=${x.cookies[u]}` } }); return `${r.statusCode} ${r.headers["content-type"]} ${r.body}`; };
let n = 0, same = 0;
const paths = ["/api/documents?limit=50", "/api/actions?limit=50", "/api/documents?limit=1", "/api/search?q=radar&limit=20", "/api/search?q=maintenance%20depot&limit=20", "/api/actions?limit=5&sort=due", "/api/overview", "/api/mywork", "/api/notifications", "/api/agreements?limit=20", "/api/meetings?limit=20", "/api/people?limit=20", "/api/programmes?limit=20", "/api/engagements?limit=20", "/api/forums?limit=20", "/api/organisations?limit=20", "/api/releases?limit=20", "/api/ping", "/api/documents/facets"];
for (const u of ["scale.broad", "scale.narrow"]) {
  const queue = [...paths];
  while (queue.length) {
    const p = queue.shift()!;
    const [ra, rb] = [await get(a, u, p), await get(b, u, p)];
    n++; if (ra === rb) same++; else console.log("DIFF", u, p, ra.slice(0, 200), "|", rb.slice(0, 200));
    // Follow pages and items.
    if (n > 400) break;
    try {
      const body = JSON.parse(ra.slice(ra.indexOf(" {") + 1));
      if (body.nextCursor && !p.includes("cursor=") && p.includes("?")) queue.push(`${p}&cursor=${encodeURIComponent(body.nextCursor)}`);
      if (Array.isArray(body.items) && /^\/api\/(documents|actions)\?limit=50$/.test(p)) for (const it of body.items.slice(0, 25)) queue.push(`/api/${p.split("/")[2]!.split("?")[0]}/${it.id}`);
    } catch { /* not JSON */ }
  }
}
console.log(`${same} of ${n} responses the same, byte for byte`);
await a.app.close(); await b.app.close(); await a.store.close(); await b.store.close();
