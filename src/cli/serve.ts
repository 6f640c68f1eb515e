// `accord serve`: migrate, seed the demo on first start if asked, listen, stop cleanly.
// `--workers N` runs N server processes on one port (node:cluster): the primary migrates and
// seeds, then forks the workers and replaces any that dies. Sessions, throttling and the audit
// chain live in the database, so any worker serves any request; that needs PostgreSQL.
import cluster from "node:cluster";
import type { Command } from "commander";
import { defaultUrl, openStore, type Store } from "../store/db.ts";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { DEMO_USERS, seedDemo } from "../seed/demo.ts";
import { buildServer, defaultConfig } from "../http/server.ts";
import { CliError } from "./errors.ts";
import { defaultKeyPaths } from "../audit/keys.ts";
import { checkKeys } from "../audit/startup.ts";

interface Options { port: string; host: string; seedIfEmpty?: boolean; workers: string }

export function registerServe(program: Command): void {
  program.command("serve")
    .description("Run the server (SQLite under ./data by default; DATABASE_URL=postgres://… for PostgreSQL)")
    .option("--port <n>", "port (or PORT)", process.env.PORT ?? "8080")
    .option("--host <h>", "address to bind (or HOST)", process.env.HOST ?? "127.0.0.1")
    .option("--seed-if-empty", "load the demo data when the database has no users")
    .option("--workers <n>", "server processes sharing the port (more than one needs PostgreSQL)", process.env.WORKERS ?? "1")
    .action(async (o: Options) => {
      const workers = Number(o.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new CliError("--workers must be a whole number from 1 to 64");
      if (cluster.isWorker) return listen(openStore(defaultUrl()), o, `worker ${process.pid}`);
      const store = openStore(defaultUrl());
      const demo = await prepare(store, o);
      if (workers === 1) {
        await listen(store, o, null);
      } else {
        if (store.dialect !== "postgres") {
          await store.close();
          throw new CliError("several server processes share one database: set DATABASE_URL=postgres://… (SQLite serves one process)");
        }
        await store.close();
        await runWorkers(workers, o);
      }
      printDemo(demo);
    });
}

/** Migrates and seeds; says whether the demo users are there (just loaded or from before). */
async function prepare(store: Store, o: Options): Promise<"loaded" | "present" | null> {
  const applied = await migrate(store);
  if (applied.length) console.log(`migrated: ${applied.join(", ")}`);
  // Before any worker starts (each checks again): a keys folder that does not belong to this database stops the start.
  await checkKeys(store.db, defaultKeyPaths());
  await seedReference(store.db);
  const hasUsers = await store.db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (!hasUsers && o.seedIfEmpty) {
    await seedDemo(store);
    return "loaded";
  }
  return (await store.db.selectFrom("users").select("id").where("username", "=", DEMO_USERS[0]!.username).executeTakeFirst()) ? "present" : null;
}

async function listen(store: Store, o: Options, worker: string | null): Promise<void> {
  const app = await buildServer(store, defaultConfig());
  const address = await app.listen({ port: Number(o.port), host: o.host });
  console.log(worker ? `${worker} listening` : `Accord is running at ${address} (${store.dialect})`);
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function runWorkers(n: number, o: Options): Promise<void> {
  let stopping = false;
  const fork = () => cluster.fork();
  await new Promise<void>((resolve) => {
    let up = 0;
    cluster.on("listening", () => {
      if (++up === n) resolve();
    });
    for (let i = 0; i < n; i++) fork();
  });
  console.log(`Accord is running at http://${o.host}:${o.port} (postgres, ${n} processes)`);
  cluster.on("exit", (w, code, signal) => {
    if (stopping) return;
    console.error(`worker ${w.process.pid} stopped (${signal ?? code}); starting another`);
    fork();
  });
  const stop = () => {
    stopping = true;
    const all = Object.values(cluster.workers ?? {});
    let left = all.length;
    if (!left) process.exit(0);
    for (const w of all) {
      w?.once("exit", () => {
        if (--left === 0) process.exit(0);
      });
      w?.kill("SIGTERM");
    }
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function printDemo(demo: "loaded" | "present" | null): void {
  if (!demo) return;
  console.log(demo === "loaded" ? "Demo data loaded. Sign in as:" : "Demo sign-ins:");
  for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(20)} ${u.password.padEnd(30)} ${u.nationality} ${u.clearance.padEnd(12)} ${u.roles.join(", ")}`);
  console.log("Security officers and the administrator enrol a TOTP second factor at their first sign-in.");
}
