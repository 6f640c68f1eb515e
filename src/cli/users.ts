// `accord user add|lock|unlock|disable|reset-password|reset-mfa`: account changes, each audited.
// The command line is the operator's tool, outside the two-person rule of the API: whoever runs it
// holds the database already. Locking, disabling and resetting end sessions and revoke API tokens.
import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { appendAudit } from "../audit/log.ts";
import { findUserId, insertUser, revokeCredentials, setPassword, setStatus, type Revoked } from "../accounts/users.ts";
import { removeRecoveryCodes } from "../accounts/recovery.ts";
import { LEVELS, rankOf, type LevelName } from "../domain/markings.ts";
import { withStore } from "./store.ts";
import { CliError } from "./errors.ts";

const list = (s: string | undefined) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : []);
const generated = () => randomBytes(18).toString("base64url");
const ended = (r: Revoked) => `${r.sessionsEnded} session(s) ended, ${r.tokensRevoked} API token(s) revoked`;

export function registerUsers(program: Command): void {
  const user = program.command("user").description("Manage accounts");

  user.command("add").description("Create an account")
    .requiredOption("--username <u>").requiredOption("--name <display name>").requiredOption("--nationality <ISO3>")
    .requiredOption("--clearance <level>", LEVELS.join(" | "))
    .option("--roles <list>", "comma-separated roles").option("--compartments <list>", "comma-separated compartments")
    .option("--password <p>", "at least 12 characters (generated and printed once if omitted)")
    .action((o: { username: string; name: string; nationality: string; clearance: string; roles?: string; compartments?: string; password?: string }) =>
      withStore(async (store) => {
        const level = o.clearance.toUpperCase().replace(/_/g, " ");
        if (!(LEVELS as readonly string[]).includes(level)) throw new CliError(`--clearance must be one of ${LEVELS.join(", ")}`);
        const password = o.password ?? generated();
        await store.db.transaction().execute(async (tx) => {
          const id = await insertUser(tx, { username: o.username, displayName: o.name, password, nationality: o.nationality.toUpperCase(), clearance: rankOf(level as LevelName), roles: list(o.roles), compartments: list(o.compartments) });
          await appendAudit(tx, { actor: null, action: "user.create", target: id, outcome: "success", client: "cli", details: { username: o.username, clearance: level, roles: list(o.roles) } });
        });
        console.log(`created ${o.username}${o.password ? "" : `; password (shown once): ${password}`}`);
      }));

  const status = (name: string, to: "active" | "locked" | "disabled", what: string) =>
    user.command(name).description(what).argument("<username>").action((username: string) =>
      withStore(async (store) => {
        const revoked = await store.db.transaction().execute(async (tx) => {
          const id = await findUserId(tx, username);
          const revoked = await setStatus(tx, id, to);
          await appendAudit(tx, { actor: null, action: `user.${name}`, target: id, outcome: "success", client: "cli", details: { username, ...revoked } });
          return revoked;
        });
        console.log(`${username} is ${to}${to === "active" ? "" : `; ${ended(revoked)}`}`);
      }));
  status("lock", "locked", "Lock an account (ends its sessions, revokes its API tokens)");
  status("unlock", "active", "Unlock an account");
  status("disable", "disabled", "Disable an account (ends its sessions, revokes its API tokens)");

  user.command("reset-password").description("Set a new password (ends the account's sessions, revokes its API tokens)").argument("<username>")
    .option("--password <p>", "at least 12 characters (generated and printed once if omitted)")
    .action((username: string, o: { password?: string }) =>
      withStore(async (store) => {
        const password = o.password ?? generated();
        const revoked = await store.db.transaction().execute(async (tx) => {
          const id = await findUserId(tx, username);
          const revoked = await setPassword(tx, id, password);
          await appendAudit(tx, { actor: null, action: "user.reset_password", target: id, outcome: "success", client: "cli", details: { username, ...revoked } });
          return revoked;
        });
        console.log(`password of ${username} reset; ${ended(revoked)}${o.password ? "" : `; new password (shown once): ${password}`}`);
      }));

  user.command("reset-mfa").description("Remove an account's second factor and recovery codes (a lost device): it enrols again at its next sign-in").argument("<username>")
    .action((username: string) =>
      withStore(async (store) => {
        const revoked = await store.db.transaction().execute(async (tx) => {
          const id = await findUserId(tx, username);
          await tx.updateTable("users").set({ mfa_enabled: 0, mfa_secret: null, mfa_last_step: null, updated_at: new Date().toISOString() }).where("id", "=", id).execute();
          await removeRecoveryCodes(tx, id);
          const revoked = await revokeCredentials(tx, id);
          await appendAudit(tx, { actor: null, action: "user.reset_mfa", target: id, outcome: "success", client: "cli", details: { username, ...revoked } });
          return revoked;
        });
        console.log(`second factor of ${username} removed; ${ended(revoked)}`);
      }));
}
