// Where the keys live. The folder holds the audit signing key, its checkpoints and the key that
// seals TOTP seeds: it must not sit beside the database, or whoever can rewrite the database can
// re-sign it. The default is `./keys`, outside the data folder; the README says to put it on
// another volume (ACCORD_KEYS_DIR). Installations from before kept it in `./data/keys`: that
// folder is still used when it is the only one there, with a warning at every start, and never
// silently replaced by a new, empty one.
import { existsSync } from "node:fs";
import { join } from "node:path";

export const DEFAULT_KEYS_DIR = "./keys";
export const LEGACY_KEYS_DIR = "./data/keys";

export interface KeyPaths {
  /** The Ed25519 key that signs checkpoints. */
  privateKey: string;
  /** The checkpoints, one JSON line each, beside the key. */
  checkpoints: string;
  /** A second, append-only copy of every checkpoint elsewhere (ACCORD_AUDIT_WITNESS), compared by verify. */
  witness?: string | null;
}

export function resolveKeysDir(env: NodeJS.ProcessEnv = process.env): { dir: string; legacy: boolean } {
  if (env.ACCORD_KEYS_DIR) return { dir: env.ACCORD_KEYS_DIR, legacy: false };
  if (!existsSync(DEFAULT_KEYS_DIR) && existsSync(LEGACY_KEYS_DIR)) return { dir: LEGACY_KEYS_DIR, legacy: true };
  return { dir: DEFAULT_KEYS_DIR, legacy: false };
}

export function defaultKeyPaths(env: NodeJS.ProcessEnv = process.env): KeyPaths {
  const { dir } = resolveKeysDir(env);
  return { privateKey: join(dir, "audit-ed25519.pem"), checkpoints: join(dir, "audit-checkpoints.jsonl"), witness: env.ACCORD_AUDIT_WITNESS || null };
}

export function legacyKeysWarning(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!resolveKeysDir(env).legacy) return null;
  return `the keys are in ${LEGACY_KEYS_DIR}, inside the data folder (the old default), where whoever can rewrite the database can also re-sign it: ` +
    `move the folder to another volume and set ACCORD_KEYS_DIR to it (or at least \`mv ${LEGACY_KEYS_DIR} ${DEFAULT_KEYS_DIR}\`)`;
}

/** The server must not start: the keys folder does not belong to this database. Says what to restore. */
export class KeysError extends Error {
  override name = "KeysError";
}
