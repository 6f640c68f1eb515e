// The bench's floor for a list: the same page statement as `GET /api/documents?limit=50` builds
// (`Reader.pageQuery`: the user's readable records of the kind, newest first, one more than the page,
// with the same filter-or-seek plan on SQLite and, on PostgreSQL for a reader of few markings, the
// same merged walk per marking), or with `--kind action` the one `GET /api/actions` builds, served by a bare Fastify route in a process of its own,
// answering the rows as JSON. No session, presentation, audit or schemas: what is left when all the
// request's work around the query is gone. bench/run.ts starts it beside the server:
//
//   DATABASE_URL=… tsx bench/minimal-route.ts --port 8090 --user scale.broad     prints "listening"
import { parseArgs } from "node:util";
import Fastify from "fastify";
import { openStore } from "../src/store/db.ts";
import { loadViewer } from "../src/accounts/users.ts";
import { MarkingSets } from "../src/store/marking-sets.ts";
import { Reader } from "../src/store/reader.ts";
import { actionsPageQuery } from "../src/resources/actions/list.ts";
import { ActionQuery } from "../src/resources/actions/schema.ts";

const { values: args } = parseArgs({ options: { port: { type: "string" }, user: { type: "string" }, kind: { type: "string", default: "document" }, limit: { type: "string", default: "50" } } });
const store = openStore(process.env.DATABASE_URL!);
const user = await store.db.selectFrom("users").select("id").where("username", "=", args.user!).executeTakeFirstOrThrow();
const viewer = (await loadViewer(store.db, user.id))!;
const scope = await new MarkingSets(store.db, store.dialect).scopeFor(viewer);
const reader = new Reader(store.db, scope, { actor: viewer.id, client: null });
const kind = args.kind as "document" | "action";
const plan = (await reader.markingsToWalk(kind)) ? "per-marking" : await reader.plan(kind);
const limit = Number(args.limit);
// Built once and compiled once, as the real list builds it for this user: the route only executes it.
const compiled = kind === "action" ? await actionsPageQuery(reader, ActionQuery.parse({ limit })) : await reader.pageQuery(kind, { limit });

const app = Fastify();
app.get("/page", async (_req, reply) => {
  const rows = (await store.db.executeQuery(compiled)).rows;
  return reply.type("application/json").send(JSON.stringify({ items: rows.slice(0, limit) }));
});
await app.listen({ port: Number(args.port), host: "127.0.0.1" });
console.log(`listening with ${plan ?? "the planner's"} plan`);
const stop = () => void app.close().then(() => store.close()).then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
