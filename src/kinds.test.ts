// The registry is the one list of kinds: each entry under its own name, every table a record owns
// claimed by exactly one kind, and the web app's constants generated from it, not copied.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { KINDS, LINKS, REGISTRY, SEARCHABLE } from "./kinds.ts";
import { OWNED } from "./store/tables.ts";
import { webKindsSource } from "./web-constants.ts";

describe("the kind registry", () => {
  test("each entry is filed under its own kind", () => {
    for (const [name, k] of Object.entries(REGISTRY)) assert.equal(k.kind, name);
  });

  test("every table owned by a record belongs to exactly one kind, and each kind's own table comes first", () => {
    const owners = new Map<string, string[]>();
    for (const k of KINDS) for (const t of k.tables) owners.set(t, [...(owners.get(t) ?? []), k.kind]);
    // record_versions, release_requests and notifications belong to every record alike, whatever its kind.
    const shared = new Set(["record_versions", "release_requests", "notifications"]);
    for (const t of Object.keys(OWNED)) {
      if (shared.has(t)) assert.equal(owners.get(t), undefined, `${t} is shared by all kinds`);
      else assert.equal(owners.get(t)?.length, 1, `${t} is claimed by ${JSON.stringify(owners.get(t) ?? [])}`);
    }
    for (const k of KINDS) assert.equal(OWNED[k.tables[0]!].by, "id", `${k.kind}'s first table is its own row`);
  });

  test("links name columns of owned tables, and search offers every kind with a collection", () => {
    for (const l of LINKS) assert.ok(l.table in OWNED, l.table);
    assert.deepEqual([...SEARCHABLE].sort(), KINDS.filter((k) => k.path).map((k) => k.kind).sort());
  });

  test("the web app's constants are generated from the registry (npm run generate)", () => {
    const onDisk = readFileSync(new URL("../web/src/generated/kinds.ts", import.meta.url), "utf8");
    assert.equal(onDisk, webKindsSource(), "web/src/generated/kinds.ts is stale: run npm run generate");
  });
});
