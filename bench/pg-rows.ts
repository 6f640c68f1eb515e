// What making a PostgreSQL answer's rows objects costs in Accord's process, without the database:
// pg's own object rows (`Result.parseRow`: a copy of an empty row, then each column set by name)
// against rows read as arrays and made objects by one function compiled for the statement's
// columns (db.ts's `objectRows`, with `rowMaker`), for an actions page as it comes with its
// presentation (~170 rows of 20 columns, most child rows' columns null). A server runs many
// statements through the one `parseRow`, so it is measured again after other shapes went through it:
//   tsx bench/pg-rows.ts
import { createRequire } from "node:module";

type Row = unknown[];
const names = ["part", "n", "id", "kind", "marking_id", "title", "created_by", "created_at", "updated_at", "version", "description", "meeting_id", "outcome_id", "forum_id", "owner_country", "owner_organisation_id", "owner_person_id", "due_date", "status", "due_key"];
const fields = names.map((name, i) => ({ name, dataTypeID: i === 1 ? 20 : i === 9 ? 23 : 25, format: "text" }));
const rows: Row[] = Array.from({ length: 169 }, (_, j) => names.map((_, i) => (j > 51 && i > 6 ? null : `value-${i}-${j}-01M94R19WBZEZJ2W4S3P8BYD7N`)));
const maker = new Function("row", `"use strict"; return { ${names.map((n, i) => `${JSON.stringify(n)}: row[${i}]`).join(", ")} };`) as (r: Row) => unknown;

interface PgResult { addFields(f: unknown[]): void; parseRow(r: Row): unknown }
const ResultOf = createRequire(import.meta.url)("pg/lib/result.js") as new (rowMode?: string) => PgResult;
const pgObjects = () => {
  const r = new ResultOf();
  r.addFields(fields);
  const out = [];
  for (const x of rows) out.push(r.parseRow(x));
  return out;
};
const arrays = () => {
  const r = new ResultOf("array");
  r.addFields(fields);
  const out = [];
  for (const x of rows) out.push(maker(r.parseRow(x) as Row));
  return out;
};

function measure(label: string, f: () => unknown[]): void {
  for (let i = 0; i < 2000; i++) f();
  const n = 5000;
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const c = process.cpuUsage(c0);
  console.log(`${label.padEnd(44)} ${((c.user + c.system) / n).toFixed(1).padStart(6)} µs per page of ${rows.length} rows`);
}

for (let i = 0; i < 2; i++) {
  measure("pg's object rows", pgObjects);
  measure("arrays made objects", arrays);
}
// Other statements' shapes through the same parseRow first.
for (let s = 0; s < 12; s++) {
  const other = names.slice(0, 6 + s).map((n) => ({ name: `${n}_${s}`, dataTypeID: 25, format: "text" }));
  const r = new ResultOf();
  r.addFields(other);
  for (let i = 0; i < 20000; i++) r.parseRow(other.map((_, k) => `v${k}`));
}
for (let i = 0; i < 2; i++) {
  measure("pg's object rows, other shapes seen", pgObjects);
  measure("arrays made objects", arrays);
}
