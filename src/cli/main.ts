#!/usr/bin/env node
// `accord`: run as `npm run accord -- <command>`. Expected failures print one line and exit 1.
import { Command, CommanderError } from "commander";
import { AccordError } from "../domain/errors.ts";
import { KeysError } from "../audit/keys.ts";
import { registerServe } from "./serve.ts";
import { registerUsers } from "./users.ts";
import { registerAudit } from "./audit.ts";
import { registerBackup } from "./backup.ts";
import { registerData } from "./data.ts";
import { registerFederation } from "../federation/cli.ts";
import { registerDemo } from "../federation/demo.ts";

export { CliError } from "./errors.ts";
import { CliError } from "./errors.ts";

const program = new Command()
  .name("accord")
  .description("Accord: secure workspace for bilateral defence cooperation")
  .showHelpAfterError()
  .exitOverride();
registerServe(program);
registerData(program);
registerUsers(program);
registerAudit(program);
registerBackup(program);
registerFederation(program);
registerDemo(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof CliError || err instanceof AccordError || err instanceof KeysError) {
    console.error(`error: ${err.message}`);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
}
