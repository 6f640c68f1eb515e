// One checkout of Accord loaded in this process on a store of its own, signed in as both scale
// users, for the tools that compare two checkouts' answers byte for byte (same-answers.ts,
// same-search.ts). Each checkout's own modules are imported from its folder, so old and new code
// run side by side. A store that has signed checkpoints (a bench store after a bench run) needs the
// keys folder it belongs to: set ACCORD_KEYS_DIR to it, and each checkout gets a copy of its own
// (the two append checkpoints of their own copies of the log).
import { cpSync, mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";

export const SCALE_USERS = ["scale.broad", "scale.narrow"] as const;

export interface CheckoutApp {
  app: { inject(req: { method: string; url: string; headers: Record<string, string> }): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>; close(): Promise<void> };
  store: { db: any; close(): Promise<void> }; // each checkout's own Kysely types
  cookies: Record<string, string>;
}

export async function loadCheckout(dir: string, url: string): Promise<CheckoutApp> {
  const from = (p: string) => import(pathToFileURL(`${resolve(dir)}/${p}`).href);
  const { openStore } = await from("src/store/db.ts");
  const { buildServer, defaultConfig } = await from("src/http/server.ts");
  const { createSession } = await from("src/accounts/sessions.ts");
  const store = openStore(url);
  const keys = mkdtempSync(join(tmpdir(), "accord-checkout-"));
  if (process.env.ACCORD_KEYS_DIR) cpSync(process.env.ACCORD_KEYS_DIR, keys, { recursive: true });
  const paths = { privateKey: join(keys, "audit-ed25519.pem"), checkpoints: join(keys, "audit-checkpoints.jsonl") };
  const app = await buildServer(store, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: paths }));
  await app.ready();
  const cookies: Record<string, string> = {};
  for (const u of SCALE_USERS) {
    const row = await store.db.selectFrom("users").select("id").where("username", "=", u).executeTakeFirstOrThrow();
    cookies[u] = (await createSession(store.db, row.id, true, "127.0.0.1")).token;
  }
  return { app, store, cookies };
}

/** A GET as one scale user: status, content type and body, as one string to compare. */
export async function getAs(x: CheckoutApp, user: string, path: string): Promise<string> {
  const r = await x.app.inject({ method: "GET", url: path, headers: { cookie: `accord_session=${x.cookies[user]}` } });
  return `${r.statusCode} ${r.headers["content-type"]} ${r.body}`;
}

export async function closeCheckouts(...xs: CheckoutApp[]): Promise<void> {
  for (const x of xs) await x.app.close();
  for (const x of xs) await x.store.close();
}
