// `accord migrate`, `accord seed demo`, `accord extract`.
import type { Command } from "commander";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { seedDemo } from "../seed/demo.ts";
import { runExtract } from "../extract/cli.ts";
import { withStore } from "./store.ts";
import { CliError } from "./errors.ts";

export function registerData(program: Command): void {
  program.command("migrate").description("Create or update the database schema").action(() =>
    withStore(async (store) => {
      const applied = await migrate(store);
      await seedReference(store.db);
      console.log(applied.length ? `applied: ${applied.join(", ")}` : "the schema is up to date");
    }, { migrated: false }));

  const seed = program.command("seed").description("Load data");
  seed.command("demo").description("Load the demo story and demo users into an empty database").action(() =>
    withStore(async (store) => {
      if (await store.db.selectFrom("users").select("id").limit(1).executeTakeFirst()) {
        throw new CliError("the database has users already; the demo loads only into an empty database");
      }
      const { users } = await seedDemo(store);
      console.log(`demo loaded: ${users.length} users; sign-ins are listed in the README`);
    }));

  program.command("extract").description("Extract records from press releases (JSON per file, schema in shared/extraction/SCHEMA.md)")
    .argument("<files...>", "text files; a first line `date YYYY-MM-DD` gives the publication date")
    .option("--out <dir>", "write NNN.json per input into this folder")
    .option("--published <date>", "publication date for every file (YYYY-MM-DD)")
    .action(async (files: string[], o: { out?: string; published?: string }) => {
      if (o.published && !/^\d{4}-\d{2}-\d{2}$/.test(o.published)) throw new CliError("--published must be YYYY-MM-DD");
      await runExtract(files, { ...(o.out ? { out: o.out } : {}), ...(o.published ? { published: o.published } : {}) });
    });
}
