// SIGKILL during apply (issue 17): `federation import` of many bundles is killed while applying;
// what it left is whole bundles only (every replica belongs to a bundle counted as applied, and
// every applied bundle is complete), and importing the same file again finishes the rest, once.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ulid } from "ulid";
import { openTestStore } from "../testing/harness.ts";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import type { Store } from "../store/db.ts";
import { BUNDLE_FORMAT, FILE_FORMAT, canonical, labelOf, sealBundle, signItem } from "./bundle.ts";
import { loadIdentity } from "./identity.ts";
import { addPeer } from "./peers.ts";
import { importBundles } from "./receive.ts";

const BUNDLES = 20;
const PER = 250;

describe("federation: SIGKILL during apply leaves no half-applied bundle", () => {
  let store: Store;
  let dir: string;
  let drop: () => Promise<void>;
  before(async () => {
    ({ store, dir, drop } = await openTestStore("sqlite"));
    await migrate(store);
    await seedReference(store.db);
  });
  after(async () => {
    await store.close();
    await drop();
  });

  const state = async () => {
    const peer = await store.db.selectFrom("federation_peers").select("applied_in_seq").executeTakeFirstOrThrow();
    const rows = await store.db.selectFrom("federation_replicas").select("bundle_seq").execute();
    return { applied: Number(peer.applied_in_seq), replicas: rows.length, maxSeq: Math.max(0, ...rows.map((r) => Number(r.bundle_seq))) };
  };

  test("killed mid-import, then imported again", async () => {
    const sender = loadIdentity({ homeCountry: "IND", keyPath: join(dir, "ind-key", "f.pem"), intervalMs: 0, bundleRecords: PER });
    const isrKeys = join(dir, "isr-key");
    loadIdentity({ homeCountry: "ISR", keyPath: join(isrKeys, "federation-ed25519.pem"), intervalMs: 0, bundleRecords: PER });
    await store.db.transaction().execute((tx) => addPeer(tx, "ISR", { country: "IND", url: "http://127.0.0.1:1", key: sender.publicText, level: "SECRET", compartments: [] }, { actor: null, client: "test" }));
    const label = labelOf({ classification: 1, originator: "IND", releasableTo: ["ISR"], compartments: [] });
    const bundles = Array.from({ length: BUNDLES }, (_, b) => sealBundle(sender.privateKey, {
      format: BUNDLE_FORMAT, from: { country: "IND", key: sender.fingerprint }, to: { country: "ISR" }, seq: b + 1, createdAt: new Date().toISOString(),
      items: Array.from({ length: PER }, (_, i) => signItem(sender.privateKey, { op: "put" as const, label, content: { id: ulid(), kind: "action", version: 1, title: `r${b}-${i}`, updatedAt: "2026-01-01T00:00:00Z", data: { title: `r${b}-${i}` }, files: [] } })),
    }).text);
    const file = join(dir, "bundles.json");
    writeFileSync(file, canonical({ format: FILE_FORMAT, bundles }));

    const child = spawn("npx", ["tsx", "src/cli/main.ts", "federation", "import", file], {
      env: { ...process.env, DATABASE_URL: store.url, ACCORD_KEYS_DIR: isrKeys, ACCORD_HOME_COUNTRY: "ISR" }, stdio: "ignore", detached: true,
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const deadline = Date.now() + 120_000;
    while ((await state()).applied < 1) {
      if (Date.now() > deadline) throw new Error("the import never applied a bundle");
      await new Promise((r) => setTimeout(r, 10));
    }
    // The whole process group: npx, tsx and the node running the import.
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    const killed = await state();
    assert.ok(killed.applied < BUNDLES, `killed before the end (applied ${killed.applied})`);
    assert.equal(killed.replicas, killed.applied * PER, "only whole bundles");
    assert.ok(killed.maxSeq <= killed.applied);

    const again = await importBundles(store.db, "ISR", canonical({ format: FILE_FORMAT, bundles }));
    assert.equal(again.filter((r) => "status" in r.result && r.result.status === "duplicate").length, killed.applied);
    assert.deepEqual(await state(), { applied: BUNDLES, replicas: BUNDLES * PER, maxSeq: BUNDLES });
  });
});
