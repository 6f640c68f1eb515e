// `accord migrate`, `accord seed demo`, `accord extract`.
import type { Command } from "commander";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { seedDemo } from "../seed/demo.ts";
import { SCALE_BROAD, SCALE_NARROW, SCALE_PASSWORD, seedScale } from "../seed/scale.ts";
import cliProgress from "cli-progress";
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

  seed.command("scale").description("Load generated years of records for benchmarking (thousands of users, realistic markings)")
    .requiredOption("--records <n>", "how many records (e.g. 1000000)")
    .option("--seed <n>", "random seed: the same seed gives the same data shape", "20261125")
    .action((o: { records: string; seed: string }) =>
      withStore(async (store) => {
        const records = Number(o.records.replace(/[_,]/g, ""));
        if (!Number.isInteger(records) || records < 100 || records > 50_000_000) throw new CliError("--records must be a whole number from 100 to 50,000,000");
        if (!/^\d+$/.test(o.seed)) throw new CliError("--seed must be a whole number");
        const bar = new cliProgress.SingleBar({ format: "seeding {bar} {percentage}% | {value}/{total} records | {eta_formatted} left", etaBuffer: 50 }, cliProgress.Presets.shades_classic);
        const started = Date.now();
        bar.start(records, 0);
        try {
          const res = await seedScale(store.db, { records, seed: Number(o.seed), onProgress: (done) => bar.update(done) });
          bar.stop();
          console.log(`loaded ${res.records} records (${Object.entries(res.byKind).map(([k, n]) => `${n} ${k}`).join(", ")}) over ${res.markings} markings, and ${res.users} users, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          console.log(`benchmark users: ${SCALE_BROAD} (nearly everything) and ${SCALE_NARROW} (${res.narrowRecords} records in one compartment); every scale user's password is ${SCALE_PASSWORD}`);
        } catch (err) {
          bar.stop();
          throw err instanceof Error && /scale data already|at least/.test(err.message) ? new CliError(err.message) : err;
        }
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
