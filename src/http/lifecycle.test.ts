// A request whose client leaves is counted in flight until its handler has answered, and no longer:
// drain waits for the handler, not for a connection that is gone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import Fastify from "fastify";
import { registerLifecycle } from "./lifecycle.ts";

async function until(what: string, check: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

for (const method of ["GET", "POST"] as const) {
  test(`a ${method} whose client leaves before the answer counts until its handler answers, then drain finds none`, async () => {
    const app = Fastify();
    const lifecycle = registerLifecycle(app, 15_000);
    let started = false;
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let answered = false;
    let connectionGone = false;
    app.addHook("onRequest", (_req, reply, next) => {
      reply.raw.once("close", () => { connectionGone = true; });
      next();
    });
    app.route({ method, url: "/slow", handler: async () => {
      started = true;
      await held;
      answered = true;
      return { ok: true };
    } });
    await app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const { port } = app.server.address() as { port: number };
      const body = method === "POST" ? JSON.stringify({ title: "whole request sent" }) : undefined;
      const req = request({ host: "127.0.0.1", port, path: "/slow", method, headers: body ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {} });
      req.on("error", () => {}); // the client destroys its own socket
      req.end(body);
      await until("the handler runs", () => started);
      req.destroy();
      await until("the server sees the connection gone", () => connectionGone);
      assert.equal(lifecycle.inFlight, 1, "the handler still runs: it is in flight");
      release();
      await until("the handler has answered", () => answered);
      await until("nothing is in flight", () => lifecycle.inFlight === 0);
      assert.equal(await lifecycle.drain(1000), 0);
    } finally {
      release();
      await app.close();
    }
  });
}

test("a request answered in full counts once, and drain waits for one still running", async () => {
  const app = Fastify();
  const lifecycle = registerLifecycle(app, 15_000);
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  app.get("/fast", async () => ({ ok: true }));
  app.get("/slow", async () => { await held; return { ok: true }; });
  await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${base}/fast`)).status, 200);
    assert.equal(lifecycle.inFlight, 0);
    const slow = fetch(`${base}/slow`);
    await until("the slow request is in flight", () => lifecycle.inFlight === 1);
    const drained = lifecycle.drain(10_000);
    let settled = false;
    void drained.then(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(settled, false, "drain waits for the request still running");
    release();
    assert.equal((await slow).status, 200);
    assert.equal(await drained, 0);
  } finally {
    release();
    await app.close();
  }
});
