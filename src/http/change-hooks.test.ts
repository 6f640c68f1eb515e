// The hooks only a change needs run on the routes that take one, in the order they were added,
// after the server's own hooks and before the route's; a read passes through none of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import Fastify from "fastify";
import { addChangeHook, takesChanges } from "./change-hooks.ts";

test("change hooks: on routes taking a change only, in order, after the server's and before the route's own", async () => {
  const app = Fastify();
  const ran: string[] = [];
  app.addHook("preHandler", (req, _reply, done) => { ran.push(`server ${req.method}`); done(); });
  addChangeHook(app, "preHandler", (req, _reply, done) => { ran.push(`first ${req.method}`); done(); });
  addChangeHook(app, "preHandler", (req, _reply, done) => { ran.push(`second ${req.method}`); done(); });
  addChangeHook(app, "onSend", (req, _reply, payload, done) => { ran.push(`onSend ${req.method}`); done(null, payload); });
  const own = (label: string) => (_req: unknown, _reply: unknown, done: () => void) => { ran.push(label); done(); };
  app.get("/read", async () => ({ ok: true }));
  app.post("/change", { preHandler: own("route's own") }, async () => ({ ok: true }));
  await app.register(async (child) => {
    child.route({ method: ["GET", "DELETE"], url: "/both", handler: async () => ({ ok: true }) });
  });
  try {
    const ask = async (method: "GET" | "POST" | "DELETE" | "HEAD", url: string) => {
      ran.length = 0;
      assert.equal((await app.inject({ method, url })).statusCode, 200);
      return [...ran];
    };
    assert.deepEqual(await ask("GET", "/read"), ["server GET"]);
    assert.deepEqual(await ask("HEAD", "/read"), ["server HEAD"]);
    assert.deepEqual(await ask("POST", "/change"), ["server POST", "first POST", "second POST", "route's own", "onSend POST"]);
    // A route taking a safe method and a change has them for both (each hook checks the method itself).
    assert.deepEqual(await ask("DELETE", "/both"), ["server DELETE", "first DELETE", "second DELETE", "onSend DELETE"]);
    assert.deepEqual(await ask("GET", "/both"), ["server GET", "first GET", "second GET", "onSend GET"]);
  } finally {
    await app.close();
  }
});

test("takesChanges: any method that is not GET, HEAD, OPTIONS or TRACE", () => {
  assert.equal(takesChanges({ method: "GET" }), false);
  assert.equal(takesChanges({ method: ["GET", "HEAD", "OPTIONS"] }), false);
  for (const m of ["POST", "PUT", "PATCH", "DELETE", "post"]) assert.equal(takesChanges({ method: m }), true, m);
  assert.equal(takesChanges({ method: ["GET", "POST"] }), true);
});
