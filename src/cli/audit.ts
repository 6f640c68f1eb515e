// `accord audit verify|export|checkpoint`.
import { createWriteStream } from "node:fs";
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { appendAudit, readEvents, verifyChain } from "../audit/log.ts";
import { defaultKeyPaths, readCheckpoints, verifyWithCheckpoints, writeCheckpoint } from "../audit/checkpoint.ts";
import { withStore } from "./store.ts";
import { CliError } from "./errors.ts";

export function registerAudit(program: Command): void {
  const audit = program.command("audit").description("The hash-chained audit log");

  audit.command("verify").description("Verify the whole chain, and the signed checkpoints if any").action(() =>
    withStore(async (store) => {
      const total = Number((await store.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
      const bar = total > 20_000 && process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
      bar?.start(total, 0);
      const chain = await verifyChain(store.db, (n) => bar?.update(n));
      bar?.stop();
      if (!chain.ok) throw new CliError(`audit chain BROKEN at event ${chain.badSeq}: ${chain.reason}`);
      const paths = defaultKeyPaths();
      const checkpoints = readCheckpoints(paths.checkpoints).length;
      if (checkpoints) {
        const cp = await verifyWithCheckpoints(store.db, paths);
        if (!cp.ok) throw new CliError(`audit chain BROKEN at event ${cp.badSeq}: ${cp.reason}`);
      }
      console.log(`audit chain OK: ${chain.events} events${checkpoints ? `, ${checkpoints} signed checkpoints` : ""}`);
    }));

  audit.command("export").description("Write every event with its hashes as JSON Lines (re-verifiable elsewhere)")
    .option("--out <file>", "file to write (default: standard output)")
    .action((o: { out?: string }) =>
      withStore(async (store) => {
        const out: NodeJS.WritableStream = o.out ? createWriteStream(o.out) : process.stdout;
        let n = 0;
        for await (const e of readEvents(store.db)) {
          if (!out.write(`${JSON.stringify(e)}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
          n++;
        }
        if (o.out) await new Promise<void>((resolve) => out.end(() => resolve()));
        await store.db.transaction().execute((tx) => appendAudit(tx, { actor: null, action: "audit.export", outcome: "success", client: "cli", details: { events: n } }));
        if (o.out) console.error(`exported ${n} events to ${o.out}`);
      }));

  audit.command("checkpoint").description("Sign the chain head with the key kept outside the database").action(() =>
    withStore(async (store) => {
      const cp = await writeCheckpoint(store.db);
      console.log(`checkpoint at event ${cp.seq}: ${cp.hash} (key ${cp.keyId}, ${defaultKeyPaths().checkpoints})`);
    }));
}
