// The same answers, byte for byte, from two checkouts of Accord, each on its own copy of one seeded
// store: lists and their next pages, gets of their records, searches and every list route, for both
// scale users (status, content type and body compared). Prints each difference and the count.
//
//   cp data/bench/sqlite-100000.db /tmp/a.db; cp data/bench/sqlite-100000.db /tmp/b.db
//   [ACCORD_KEYS_DIR=data/bench/keys/NAME] tsx bench/same-answers.ts OLD_CHECKOUT sqlite:/tmp/a.db . sqlite:/tmp/b.db
import { closeCheckouts, getAs as get, loadCheckout, SCALE_USERS } from "./checkout-app.ts";

const [dirA, urlA, dirB, urlB] = process.argv.slice(2);
const a = await loadCheckout(dirA!, urlA!), b = await loadCheckout(dirB!, urlB!);
let n = 0, same = 0;
const paths = ["/api/documents?limit=50", "/api/actions?limit=50", "/api/documents?limit=1", "/api/search?q=radar&limit=20", "/api/search?q=maintenance%20depot&limit=20", "/api/actions?limit=5&sort=due", "/api/overview", "/api/mywork", "/api/notifications", "/api/agreements?limit=20", "/api/meetings?limit=20", "/api/people?limit=20", "/api/programmes?limit=20", "/api/engagements?limit=20", "/api/forums?limit=20", "/api/organisations?limit=20", "/api/releases?limit=20", "/api/ping", "/api/documents/facets"];
for (const u of SCALE_USERS) {
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
await closeCheckouts(a, b);
