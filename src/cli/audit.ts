// `accord audit verify|export|checkpoint`.
import { createWriteStream } from "node:fs";
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { appendAudit, exportEvents, queuedCount } from "../audit/log.ts";
import { defaultKeyPaths, writeCheckpoint } from "../audit/checkpoint.ts";
import { sequenceAll } from "../audit/sequencer.ts";
import { auditReport, describeReport } from "../audit/verify.ts";
import { withStore } from "./store.ts";
import { CliError } from "./errors.ts";

export function registerAudit(program: Command): void {
  const audit = program.command("audit").description("The hash-chained audit log");

  audit.command("verify")
    .description("Verify the whole chain and every signed checkpoint (database, keys folder, witness); say what no signature covers yet")
    .action(() =>
      withStore(async (store) => {
        const total = Number((await store.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
        const bar = total > 20_000 && process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
        bar?.start(total, 0);
        const report = await auditReport(store.db, defaultKeyPaths(), (n) => bar?.update(n));
        bar?.stop();
        const lines = describeReport(report);
        if (!report.ok) {
          const tampered = report.problems.filter((p) => p.kind !== "key_missing" && p.kind !== "key_foreign");
          const first = tampered.find((p) => p.seq !== null);
          const verdict = tampered.length
            ? `audit log BROKEN${first ? ` at event ${first.seq}` : ""}: ${tampered[0]!.message}`
            : "audit log NOT CHECKED against its signatures: the signing key is missing or is another installation's (see KEY above); nothing found says the log was altered";
          throw new CliError([...lines, verdict].join("\n"));
        }
        console.log(lines.join("\n"));
        console.log(report.anchored ? `audit log OK: ${report.events} events, ${report.checked} signed checkpoint(s) checked` : `audit log consistent but NOT ANCHORED: ${report.events} events, no signed checkpoint checked (run \`accord audit checkpoint\`, or let the server sign)`);
      }));

  audit.command("export").description("Write every chained event with its hashes as JSON Lines (re-verifiable elsewhere); a list read carries its read set")
    .option("--out <file>", "file to write (default: standard output)")
    .action((o: { out?: string }) =>
      withStore(async (store) => {
        await sequenceAll(store.db);
        const out: NodeJS.WritableStream = o.out ? createWriteStream(o.out) : process.stdout;
        let n = 0;
        const write = async (line: string) => {
          if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
        };
        for await (const e of exportEvents(store.db)) {
          await write(`${JSON.stringify(e)}\n`);
          n++;
        }
        if (o.out) await new Promise<void>((resolve) => out.end(() => resolve()));
        const queued = await queuedCount(store.db);
        await store.db.transaction().execute((tx) => appendAudit(tx, { actor: null, action: "audit.export", outcome: "success", client: "cli", details: { events: n } }));
        if (o.out) console.error(`exported ${n} events to ${o.out}${queued ? ` (${queued} committed since the export began are queued, not yet chained)` : ""}`);
      }));

  audit.command("checkpoint").description("Sign the chain head with the key kept outside the database (the server also does this by itself)").action(() =>
    withStore(async (store) => {
      await sequenceAll(store.db);
      const paths = defaultKeyPaths();
      const cp = await writeCheckpoint(store.db, paths);
      console.log(`checkpoint at event ${cp.seq}: ${cp.hash} (key ${cp.keyId}, ${paths.checkpoints}${paths.witness ? ` and ${paths.witness}` : ""})`);
    }));
}
