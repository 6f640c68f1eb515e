// `accord backup FILE` / `accord restore FILE`: SQLite's online backup; pg_dump for PostgreSQL.
import { copyFileSync, existsSync, rmSync } from "node:fs";
import type { Command } from "commander";
import SQLite from "better-sqlite3";
import cliProgress from "cli-progress";
import { defaultUrl, openStore, sqliteFile } from "../store/db.ts";
import { verifyChain } from "../audit/log.ts";
import { CliError } from "./errors.ts";

const PG_HELP = (file: string) => `for PostgreSQL use its own tools: pg_dump --format=custom --file ${file} "$DATABASE_URL" (restore: pg_restore --clean --dbname "$DATABASE_URL" ${file})`;

export function registerBackup(program: Command): void {
  program.command("backup").description("Copy the live SQLite database to FILE (safe while the server runs)").argument("<file>")
    .action(async (file: string) => {
      const db = sqliteFile(defaultUrl());
      if (!db) throw new CliError(PG_HELP(file));
      if (!existsSync(db)) throw new CliError(`no database at ${db}`);
      const source = new SQLite(db, { readonly: true, fileMustExist: true });
      const bar = new cliProgress.SingleBar({ stream: process.stderr, noTTYOutput: false }, cliProgress.Presets.shades_classic);
      try {
        let started = false;
        await source.backup(file, {
          progress: ({ totalPages, remainingPages }) => {
            if (!started) { bar.start(totalPages, 0); started = true; }
            bar.update(totalPages - remainingPages);
            return 200;
          },
        });
        bar.stop();
      } finally {
        source.close();
      }
      console.log(`backed up ${db} to ${file}`);
    });

  program.command("restore").description("Replace the SQLite database with FILE (stop the server first); verifies the audit chain").argument("<file>")
    .action(async (file: string) => {
      const db = sqliteFile(defaultUrl());
      if (!db) throw new CliError(PG_HELP(file));
      if (!existsSync(file)) throw new CliError(`no file ${file}`);
      try {
        const probe = new SQLite(file, { readonly: true, fileMustExist: true });
        const ok = probe.prepare("select name from sqlite_master where type = 'table' and name = 'audit_events'").get();
        probe.close();
        if (!ok) throw new Error("no audit log");
      } catch {
        throw new CliError(`${file} is not an Accord backup (not an SQLite database with an audit log)`);
      }
      for (const suffix of ["-wal", "-shm"]) rmSync(`${db}${suffix}`, { force: true });
      copyFileSync(file, db);
      const store = openStore(defaultUrl());
      try {
        const v = await verifyChain(store.db);
        if (!v.ok) throw new CliError(`restored, but the audit chain is BROKEN at event ${v.badSeq}: ${v.reason}`);
        console.log(`restored ${file} to ${db}; audit chain OK (${v.events} events)`);
      } finally {
        await store.close();
      }
    });
}
