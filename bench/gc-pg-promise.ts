// The smallest server found that shows Node 24's warm-up promotion (README, "Scale", issue 16's tenth
// round): Fastify and pg alone, no Accord code, each request a pooled connection, an actions page
// (51 rows of 18 columns, as the list's own statement without the read rule) read as arrays and made
// objects, answered as JSON. `--query promise` asks pg for a promise (`client.query(config)`),
// `--query callback` passes a callback (`client.query(config, cb)`) wrapped in a promise of our own.
// Under load, Node 24 promotes 8-11% of what it allocates for the first ~10 s with the promise and
// ~0% with the callback; Node 20 ~0% with either. Run it under bench/gc-ab.ts:
//
//   tsx bench/gc-ab.ts --path /page --runs 3 \
//     --server 'promise=NODE|.|--max-semi-space-size=64 --import tsx bench/gc-pg-promise.ts --port {port}|DATABASE_URL=postgres://…' \
//     --server 'callback=NODE|.|--max-semi-space-size=64 --import tsx bench/gc-pg-promise.ts --port {port} --query callback|DATABASE_URL=postgres://…'
import { parseArgs } from "node:util";
import Fastify from "fastify";
import pg from "pg";

const { values: args } = parseArgs({ options: { port: { type: "string" }, query: { type: "string", default: "promise" } } });
const TEXT = `select "r".*, "t"."description", "t"."meeting_id", "t"."outcome_id", "t"."forum_id", "t"."owner_country", "t"."owner_organisation_id",
  "t"."owner_person_id", "t"."due_date", "t"."status", coalesce(t.due_date, '9999-12-31') as "due_key"
  from "actions" as "t" inner join "records" as "r" on "r"."id" = "t"."id" order by coalesce(t.due_date, '9999-12-31'), "t"."id" limit 51`;
const config: pg.QueryArrayConfig = { name: "page", text: TEXT, values: [], rowMode: "array" };
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
let make: ((row: unknown[]) => unknown) | null = null;

const answer = (client: pg.PoolClient): Promise<pg.QueryArrayResult> => args.query === "callback"
  ? new Promise((resolve, reject) => client.query(config, (err: Error | null, result: pg.QueryArrayResult) => (err ? reject(err) : resolve(result))))
  : client.query(config);

const app = Fastify();
app.get("/page", async (_req, reply) => {
  const client = await pool.connect();
  let rows: unknown[];
  try {
    const result = await answer(client);
    make ??= new Function("row", `"use strict"; return { ${result.fields.map((f, i) => `${JSON.stringify(f.name)}: row[${i}]`).join(", ")} };`) as (row: unknown[]) => unknown;
    rows = result.rows.map((row) => make!(row));
  } finally {
    client.release();
  }
  return reply.type("application/json").send(JSON.stringify({ items: rows.slice(0, 50) }));
});
await app.listen({ port: Number(args.port), host: "127.0.0.1" });
const stop = () => void app.close().then(() => pool.end()).then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
