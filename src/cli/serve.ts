// `accord serve`: migrate, seed the demo on first start if asked, listen, stop cleanly.
import type { Command } from "commander";
import { defaultUrl, openStore } from "../store/db.ts";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { DEMO_USERS, seedDemo } from "../seed/demo.ts";
import { buildServer, defaultConfig } from "../http/server.ts";

export function registerServe(program: Command): void {
  program.command("serve")
    .description("Run the server (SQLite under ./data by default; DATABASE_URL=postgres://… for PostgreSQL)")
    .option("--port <n>", "port (or PORT)", process.env.PORT ?? "8080")
    .option("--host <h>", "address to bind (or HOST)", process.env.HOST ?? "127.0.0.1")
    .option("--seed-if-empty", "load the demo data when the database has no users")
    .action(async (o: { port: string; host: string; seedIfEmpty?: boolean }) => {
      const store = openStore(defaultUrl());
      const applied = await migrate(store);
      if (applied.length) console.log(`migrated: ${applied.join(", ")}`);
      await seedReference(store.db);
      const hasUsers = await store.db.selectFrom("users").select("id").limit(1).executeTakeFirst();
      let seeded = false;
      if (!hasUsers && o.seedIfEmpty) {
        await seedDemo(store);
        seeded = true;
      }
      const app = await buildServer(store, defaultConfig());
      const address = await app.listen({ port: Number(o.port), host: o.host });
      console.log(`Accord is running at ${address} (${store.dialect})`);
      const demo = seeded || (await store.db.selectFrom("users").select("id").where("username", "=", DEMO_USERS[0]!.username).executeTakeFirst());
      if (demo) {
        console.log(seeded ? "Demo data loaded. Sign in as:" : "Demo sign-ins:");
        for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(20)} ${u.password.padEnd(30)} ${u.nationality} ${u.clearance.padEnd(12)} ${u.roles.join(", ")}`);
        console.log("Security officers and the administrator enrol a TOTP second factor at their first sign-in.");
      }
      const stop = async () => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
