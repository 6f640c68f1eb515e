// At start the server checks that the keys folder belongs to the database: the sealed TOTP seeds
// open with its sealing key, and the signed checkpoints verify with its signing key and still
// match the log. Otherwise it refuses to start and says which folder to restore: a new key made
// for a database with sealed seeds would lock their owners out, and one made for a signed log
// would make every checkpoint look forged. Keys are made only for a database with neither.
import { dirname } from "node:path";
import { readSealingKey, sealingKeyPath, unseal } from "../accounts/sealed.ts";
import type { Conn } from "../store/db.ts";
import { KeysError, type KeyPaths } from "./keys.ts";
import { checkCheckpoints, type CheckpointCheck } from "./verify.ts";

async function checkSealed(conn: Conn, keysDir: string): Promise<string | null> {
  const sealed = await conn.selectFrom("users").select(["username", "mfa_secret"]).where("mfa_secret", "is not", null).execute();
  if (!sealed.length) return null;
  const key = readSealingKey(keysDir);
  if (!key) return `${sealed.length} user(s) have TOTP seeds sealed in the database, but the sealing key ${sealingKeyPath(keysDir)} is missing`;
  const closed = sealed.filter((u) => {
    try {
      unseal(key, u.mfa_secret!);
      return false;
    } catch {
      return true;
    }
  });
  if (closed.length) return `the sealing key ${sealingKeyPath(keysDir)} does not open the TOTP seeds of ${closed.length} of ${sealed.length} user(s) (${closed.slice(0, 3).map((u) => u.username).join(", ")}${closed.length > 3 ? ", …" : ""}): it is another installation's key`;
  return null;
}

/** Throws KeysError, naming the folder and what to restore, unless the keys folder matches the database. Returns the checkpoints' check (warnings included). */
export async function checkKeys(conn: Conn, paths: KeyPaths): Promise<CheckpointCheck> {
  const dir = dirname(paths.privateKey);
  const findings: string[] = [];
  const sealed = await checkSealed(conn, dir);
  if (sealed) findings.push(sealed);
  const row = await conn.selectFrom("audit_events").select("seq").orderBy("seq", "desc").limit(1).executeTakeFirst();
  const cps = await checkCheckpoints(conn, paths, { seq: Number(row?.seq ?? 0) });
  const keyProblems = cps.problems.filter((p) => p.kind === "key_missing" || p.kind === "key_foreign");
  const logProblems = cps.problems.filter((p) => !keyProblems.includes(p) && p.kind !== "witness");
  findings.push(...keyProblems.map((p) => p.message));
  if (findings.length) {
    throw new KeysError([
      `the keys folder ${dir} does not belong to this database:`,
      ...findings.map((f) => `  - ${f}`),
      `Restore the keys folder that was backed up with this database to ${dir}, or set ACCORD_KEYS_DIR to where it is. Accord makes no new key for a database that already has sealed seeds or signed checkpoints.`,
    ].join("\n"));
  }
  if (logProblems.length) {
    throw new KeysError([
      "the audit log does not match its signed checkpoints:",
      ...logProblems.slice(0, 5).map((p) => `  - ${p.message}`),
      ...(logProblems.length > 5 ? [`  - and ${logProblems.length - 5} more`] : []),
      "Run `accord audit verify` for the whole report. If the log was altered, keep this database as evidence and restore the last good backup.",
      `If you restored an older backup on purpose, the checkpoints of the events it lacks remain in ${paths.checkpoints}${paths.witness ? ` and the witness ${paths.witness}` : ""}: move those files aside (keep them: they record what was lost) and start again.`,
    ].join("\n"));
  }
  return cps;
}
