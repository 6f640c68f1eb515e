// Which store errors are faults of the database's environment, and how each is answered. Most are
// met for real elsewhere (store-faults, fault-injection, disk-full tests); this table also covers
// those the shared test server cannot produce, such as PostgreSQL's own full disk (53100).
import { test } from "node:test";
import assert from "node:assert/strict";
import { storeFault, StoreFaultError } from "./faults.ts";
import { faultProblem } from "../http/problem.ts";

const coded = (code: string, message = "x") => Object.assign(new Error(message), { code });

test("store errors are named faults, answered 503 or 507; anything else is not a fault", () => {
  const cases: [Error, string | null, number | null][] = [
    [coded("57P01", "terminating connection due to administrator command"), "unavailable", 503],
    [coded("57P03"), "unavailable", 503],
    [coded("08006"), "unavailable", 503],
    [coded("ECONNRESET"), "unavailable", 503],
    [coded("ECONNREFUSED"), "unavailable", 503],
    [new Error("Connection terminated unexpectedly"), "unavailable", 503],
    [new Error("Client has encountered a connection error and is not queryable"), "unavailable", 503],
    [new Error("timeout exceeded when trying to connect"), "timeout", 503],
    [new Error("Query read timeout"), "timeout", 503],
    [coded("57014", "canceling statement due to statement timeout"), "timeout", 503],
    [coded("25P03"), "timeout", 503],
    [coded("55P03", "canceling statement due to lock timeout"), "busy", 503],
    [coded("40P01"), "busy", 503],
    [coded("SQLITE_BUSY"), "busy", 503],
    [coded("SQLITE_BUSY_SNAPSHOT"), "busy", 503],
    [coded("53100", "could not extend file: No space left on device"), "disk_full", 507],
    [coded("SQLITE_FULL", "database or disk is full"), "disk_full", 507],
    [coded("ENOSPC"), "disk_full", 507],
    [new AggregateError([coded("ECONNREFUSED")], "connect failed"), "unavailable", 503],
    [new Error("wrapped", { cause: coded("ECONNRESET") }), "unavailable", 503],
    [new StoreFaultError({ kind: "timeout", code: "X", message: "m" }), "timeout", 503],
    // Not faults: bugs and constraints stay what they are.
    [coded("23505", "duplicate key value violates unique constraint"), null, null],
    [coded("42P01", "relation does not exist"), null, null],
    [coded("SQLITE_CONSTRAINT_UNIQUE"), null, null],
    [coded("SQLITE_ERROR", "no such table"), null, null],
    [new TypeError("undefined is not a function"), null, null],
  ];
  for (const [err, kind, status] of cases) {
    const f = storeFault(err);
    assert.equal(f?.kind ?? null, kind, `${err.message} (${(err as { code?: string }).code ?? ""})`);
    if (f) assert.equal(faultProblem(f, "POST").status, status);
  }
});

test("a write's fault answer says how to be sure it is saved once; a read's does not", () => {
  const f = storeFault(coded("ECONNRESET"))!;
  assert.match(faultProblem(f, "POST").detail, /Idempotency-Key/);
  assert.doesNotMatch(faultProblem(f, "GET").detail, /Idempotency-Key/);
  assert.match(faultProblem(storeFault(coded("SQLITE_FULL"))!, "POST").detail, /nothing was saved/);
});
