// Delivery: answers compressed when the client asks (brotli, else gzip), the web application's
// content-hashed files cached for a year as immutable, index.html revalidated on every visit, and
// answers carrying secrets (/api/auth) never compressed.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { openTestStore } from "../testing/harness.ts";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { buildServer, defaultConfig, WEB_DIST } from "./server.ts";
import { cacheControlFor } from "./delivery.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";

describe("delivery", () => {
  let app: FastifyInstance;
  let drop: () => Promise<void>;
  let close: () => Promise<void>;
  const secret = "s".repeat(8000);

  before(async () => {
    if (!existsSync(join(WEB_DIST, "index.html"))) throw new Error("web/dist is missing: run `npm run build` first (npm test does).");
    const t = await openTestStore("sqlite");
    drop = t.drop;
    await migrate(t.store);
    await seedReference(t.store.db);
    app = await buildServer(t.store, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: join(t.dir, "key.pem"), checkpoints: join(t.dir, "checkpoints.jsonl") } }));
    // Two large answers alike but for their place: one under /api/auth, one not.
    app.get("/api/auth/test-large", { config: { public: true } }, async () => ({ secret }));
    app.get("/api/test-large", { config: { public: true } }, async () => ({ secret }));
    // An answer of about `n` bytes, varied enough not to shrink to nothing.
    app.get("/api/test-sized", { config: { public: true } }, async (req) => {
      const n = Number((req.query as { n: string }).n);
      return { items: Array.from({ length: Math.ceil(n / 40) }, (_, i) => ({ id: i, text: `record ${(i * 7919) % 10007}` })) };
    });
    await app.ready();
    close = async () => { await app.close(); await t.store.close(); };
  });
  after(async () => { await close?.(); await drop?.(); });

  const get = (url: string, encoding?: string) => app.inject({ method: "GET", url, headers: encoding ? { "accept-encoding": encoding } : {} });

  test("API answers are brotli- or gzip-compressed when asked, and plain otherwise, with the same content", async () => {
    const plain = await get("/api/openapi.json");
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers["content-encoding"], undefined);
    const br = await get("/api/openapi.json", "gzip, deflate, br");
    assert.equal(br.headers["content-encoding"], "br");
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.deepEqual(brotliDecompressSync(br.rawPayload).toString(), plain.body);
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 3, `brotli ${br.rawPayload.length} bytes against ${plain.rawPayload.length}`);
    const gz = await get("/api/openapi.json", "gzip");
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.deepEqual(gunzipSync(gz.rawPayload).toString(), plain.body);
    // A problem answer too, when it is large enough to be worth it.
    const large = await get("/api/test-large", "br");
    assert.equal(large.headers["content-encoding"], "br");
  });

  test("answers compressed in one call (up to 256 KiB) and through a stream (above) decompress to the same content", async () => {
    for (const n of [20_000, 120_000, 400_000]) {
      const plain = await get(`/api/test-sized?n=${n}`);
      assert.equal(plain.headers["content-encoding"], undefined);
      const br = await get(`/api/test-sized?n=${n}`, "br");
      assert.equal(br.headers["content-encoding"], "br", `${n} bytes`);
      assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body, `${n} bytes, brotli`);
      const gz = await get(`/api/test-sized?n=${n}`, "gzip");
      assert.equal(gz.headers["content-encoding"], "gzip", `${n} bytes`);
      assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body, `${n} bytes, gzip`);
    }
  });

  test("answers under /api/auth (CSRF tokens, TOTP seeds, API tokens) are never compressed", async () => {
    const res = await get("/api/auth/test-large", "gzip, deflate, br");
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["content-encoding"], undefined);
    assert.equal(JSON.parse(res.body).secret, secret);
  });

  test("a compressed request body is not inflated (no decompression bomb past the body limit): refused as bad input", async () => {
    const body = gzipSync(JSON.stringify({ username: "nobody", password: "wrong-password" }));
    const res = await app.inject({ method: "POST", url: "/api/auth/signin", headers: { "content-type": "application/json", "content-encoding": "gzip" }, payload: body });
    // Inflated, it would be a well-formed sign-in refused with 401; as sent, it is not JSON.
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers["content-type"]), /problem\+json/);
  });

  test("content-hashed assets: precompressed, and cached for a year as immutable", async () => {
    const assets = readdirSync(join(WEB_DIST, "assets"));
    const scripts = assets.filter((f) => f.endsWith(".js"));
    const styles = assets.filter((f) => f.endsWith(".css"));
    const font = assets.find((f) => f.endsWith(".woff2"));
    assert.ok(scripts.length > 5 && styles.length && font, "the build has scripts, styles and the font");
    for (const file of [...scripts.slice(0, 5), ...styles]) {
      const br = await get(`/assets/${file}`, "gzip, deflate, br");
      assert.equal(br.statusCode, 200, file);
      assert.equal(br.headers["cache-control"], IMMUTABLE, file);
      assert.equal(br.headers["content-encoding"], "br", file);
      assert.match(String(br.headers["content-type"]), file.endsWith(".js") ? /javascript/ : /text\/css/);
      assert.deepEqual(br.rawPayload, readFileSync(join(WEB_DIST, "assets", `${file}.br`)), `${file}: the file brotli-compressed at build time`);
      const gz = await get(`/assets/${file}`, "gzip");
      assert.equal(gz.headers["content-encoding"], "gzip", file);
      assert.deepEqual(gunzipSync(gz.rawPayload), readFileSync(join(WEB_DIST, "assets", file)), file);
      const plain = await get(`/assets/${file}`);
      assert.equal(plain.headers["content-encoding"], undefined, file);
      assert.equal(plain.headers["cache-control"], IMMUTABLE, file);
    }
    const woff = await get(`/assets/${font}`, "br");
    assert.equal(woff.headers["cache-control"], IMMUTABLE);
    assert.equal(woff.headers["content-encoding"], undefined, "a woff2 font is compressed already");
  });

  test("index.html is revalidated on every visit, at the root and at any page's address", async () => {
    for (const url of ["/", "/forums/01HZZZZZZZZZZZZZZZZZZZZZZZ", "/actions?overdue=true"]) {
      const res = await get(url, "gzip, deflate, br");
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers["content-type"]), /text\/html/, url);
      assert.equal(res.headers["cache-control"], "no-cache", url);
      assert.equal(res.headers["content-encoding"], "br", url);
      assert.match(brotliDecompressSync(res.rawPayload).toString(), /<div id="root">/, url);
    }
    // API addresses stay problem+json, never the application.
    const api = await get("/api/no-such-thing");
    assert.ok(api.statusCode >= 400);
    assert.match(String(api.headers["content-type"]), /problem\+json/);
  });

  test("only files named with a content hash under assets/ are immutable", () => {
    assert.equal(cacheControlFor(join(WEB_DIST, "assets", "index-CVv7tILT.js")), IMMUTABLE);
    assert.equal(cacheControlFor(join(WEB_DIST, "assets", "index-CVv7tILT.js.br")), IMMUTABLE);
    assert.equal(cacheControlFor(join(WEB_DIST, "assets", "noto-sans-devanagari-DWI_L5Cu.woff2")), IMMUTABLE);
    assert.equal(cacheControlFor(join(WEB_DIST, "index.html")), "no-cache");
    assert.equal(cacheControlFor(join(WEB_DIST, "index.html.br")), "no-cache");
    assert.equal(cacheControlFor(join(WEB_DIST, "favicon.svg")), "no-cache");
    assert.equal(cacheControlFor(join(WEB_DIST, "assets", "logo.svg")), "no-cache");
  });
});
