// `accord backup FILE` / `accord restore FILE`: SQLite's online backup; pg_dump for PostgreSQL.
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { sql } from "kysely";
import SQLite from "better-sqlite3";
import cliProgress from "cli-progress";
import { defaultUrl, openStore, sqliteFile } from "../store/db.ts";
import { verifyChain } from "../audit/log.ts";
import { DatabaseInUseError, lockDatabase, openElsewhere } from "../store/serve-lock.ts";
import { CliError } from "./errors.ts";

// --if-exists: --clean alone fails on an empty database (nothing to drop yet).
const PG_HELP = (file: string) => `for PostgreSQL use its own tools: pg_dump --format=custom --file ${file} "$DATABASE_URL" (restore, with every server stopped: pg_restore --clean --if-exists --dbname "$DATABASE_URL" ${file})`;

/** PostgreSQL: the Accord servers connected to the database (their connections name themselves). */
async function liveServers(url: string): Promise<{ clients: number; pids: number[] }> {
  const store = openStore(url);
  try {
    const rows = (await sql<{ pid: number; addr: string | null }>`select pid, client_addr::text as addr from pg_stat_activity
      where datname = current_database() and application_name = 'accord serve' and pid <> pg_backend_pid()`.execute(store.db)).rows;
    return { clients: new Set(rows.map((r) => r.addr ?? "local")).size, pids: rows.map((r) => r.pid) };
  } finally {
    await store.close();
  }
}

/** Refuses while a server or another process uses the SQLite file; otherwise holds it for the restore. */
function takeForRestore(db: string): { release(): void } {
  const inUse = (what: string) => new CliError(`${what} is using ${db}: stop it first (a server drains its requests on SIGTERM), then run restore again; nothing was changed`);
  let lock;
  try {
    lock = lockDatabase(resolve(db), "restore");
  } catch (err) {
    if (err instanceof DatabaseInUseError) throw inUse(err.message.replace(/ is using .*$/, ""));
    throw err;
  }
  if (existsSync(db) && openElsewhere(db)) {
    lock.release();
    throw inUse("another process (a server or a command)");
  }
  return lock;
}

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

  program.command("restore").description("Replace the SQLite database with FILE (refused while a server uses it); verifies the audit chain").argument("<file>")
    .action(async (file: string) => {
      const db = sqliteFile(defaultUrl());
      if (!db) {
        const live = await liveServers(defaultUrl()).catch(() => null);
        if (live?.pids.length) {
          throw new CliError(`${live.pids.length} connection(s) of Accord servers (from ${live.clients} host(s); backend pids ${live.pids.slice(0, 10).join(", ")}) use this database: stop every server first, then ${PG_HELP(file).replace(/^for PostgreSQL /, "")}`);
        }
        throw new CliError(PG_HELP(file));
      }
      if (!existsSync(file)) throw new CliError(`no file ${file}`);
      try {
        const probe = new SQLite(file, { readonly: true, fileMustExist: true });
        const ok = probe.prepare("select name from sqlite_master where type = 'table' and name = 'audit_events'").get();
        probe.close();
        if (!ok) throw new Error("no audit log");
      } catch {
        throw new CliError(`${file} is not an Accord backup (not an SQLite database with an audit log)`);
      }
      const lock = takeForRestore(db);
      try {
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
      } finally {
        lock.release();
      }
    });
}
