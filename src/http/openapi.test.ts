import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { client, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { WEB_DIST } from "./server.ts";

describe("OpenAPI document", () => {
  let env: TestEnv;
  before(async () => { env = await testEnv("sqlite"); });
  after(async () => { await env.close(); });

  test("is OpenAPI 3.1, public, and describes every resource with its validation rules", async () => {
    const res = await env.app.inject({ method: "GET", url: "/api/openapi.json" });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, "3.1.0");
    for (const path of ["/api/organisations", "/api/people", "/api/agreements", "/api/documents", "/api/search", "/api/releases", "/api/audit", "/api/auth/signin", "/api/health"]) {
      assert.ok(doc.paths[path], `${path} is described`);
    }
    const create = doc.paths["/api/organisations"].post.requestBody.content["application/json"].schema;
    assert.equal(create.additionalProperties, false, "unknown fields are refused, and the document says so");
    assert.ok(create.required.includes("marking"));
  });

  test("the browsable docs are served", async () => {
    const res = await env.app.inject({ method: "GET", url: "/api/docs/" });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /swagger/i);
  });

  test("the root opens the web application, or the browsable API when it is not built", async () => {
    const res = await env.app.inject({ method: "GET", url: "/" });
    if (existsSync(join(WEB_DIST, "index.html"))) {
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<div id="root">/);
    } else {
      assert.equal(res.statusCode, 302);
      assert.equal(res.headers.location, "/api/docs");
    }
  });

  test("unknown API paths answer problem+json, never the web page (401 first when signed out)", async () => {
    assert.equal((await env.app.inject({ method: "GET", url: "/api/no-such-thing" })).statusCode, 401);
    const res = (await client(env.app, await buildUser(env.store.db)).get("/api/no-such-thing")).raw;
    assert.equal(res.statusCode, 404);
    assert.match(res.headers["content-type"] as string, /application\/problem\+json/);
  });
});
