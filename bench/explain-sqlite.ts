// SQLite: the plan and the time alone of each statement of one request whose text matches a pattern,
// captured inside the app's own connection (its temporary readable sets included):
//   tsx bench/explain-sqlite.ts sqlite:/tmp/s.db "/api/documents?limit=50" scale.narrow "select p.*"
import Database from "better-sqlite3";
import { signedInApp } from "./time-requests.ts";

const [url = "sqlite:/tmp/s.db", path = "/api/documents?limit=50", user = "scale.narrow", pattern = "select", variants] = process.argv.slice(2);
// Optionally a file of other statements (separated by lines of `;;`), each explained and timed on
// the same connection with the captured statement's parameters (as many of them as it takes).
const others = variants ? (await import("node:fs")).readFileSync(variants, "utf8").split(/^;;$/m).map((x) => x.trim()).filter(Boolean) : [];
const probe = new Database(":memory:");
const Statement = Object.getPrototypeOf(probe.prepare("select 1"));
let on = false;
const seen = new Set<string>();
for (const m of ["all", "get", "run", "iterate"] as const) {
  const orig = Statement[m];
  Statement[m] = function (this: { source: string; database: Database.Database; reader: boolean }, ...a: unknown[]) {
    if (on && this.source.includes(pattern) && !seen.has(this.source)) {
      seen.add(this.source);
      on = false;
      try {
      console.log(`\n${this.source}\nparams: ${JSON.stringify(a).slice(0, 600)}`);
      for (const r of this.database.prepare(`explain query plan ${this.source}`).all(...a) as { id: number; parent: number; detail: string }[]) console.log(`  ${r.id} ${r.parent} ${r.detail}`);
      const stmts: [string, Database.Statement, unknown[]][] = [];
      if (this.reader) stmts.push(["captured", this.database.prepare(this.source), a]);
      for (const [i, o] of others.entries()) {
        const n = (o.match(/\?/g) ?? []).length;
        const p = (a.flat() as unknown[]).slice(0, n);
        console.log(`\nvariant ${i + 1}: ${o.replace(/\s+/g, " ").slice(0, 400)}`);
        for (const r of this.database.prepare(`explain query plan ${o}`).all(...p) as { id: number; parent: number; detail: string }[]) console.log(`  ${r.id} ${r.parent} ${r.detail}`);
        stmts.push([`variant ${i + 1}`, this.database.prepare(o), p]);
      }
      // Alternating rounds, each statement's median round reported: the machine's noise falls on all alike.
      const rounds = new Map<string, number[]>();
      for (const [, s, p] of stmts) for (let i = 0; i < 30; i++) s.all(...p);
      for (let round = 0; round < 9; round++) {
        for (const [name, s, p] of stmts) {
          const t = process.hrtime.bigint();
          for (let i = 0; i < 100; i++) s.all(...p);
          rounds.set(name, [...(rounds.get(name) ?? []), Number(process.hrtime.bigint() - t) / 100 / 1000]);
        }
      }
      console.log("");
      for (const [name, s, p] of stmts) console.log(`${name}: ${[...rounds.get(name)!].sort((x, y) => x - y)[4]!.toFixed(1)} µs per run (median of 9 rounds), ${s.all(...p).length} rows`);
      } catch (err) { console.log(`(${String(err)})`); }
      on = true;
    }
    return orig.apply(this, a);
  };
}
const { store, app, cookie } = await signedInApp(url, `${url.replace(/^sqlite:/, "")}.stmt-keys`, user);
for (let i = 0; i < 5; i++) await app.inject({ url: path, headers: { cookie } });
on = true;
await app.inject({ url: path, headers: { cookie } });
on = false;
await app.close();
await store.close();
