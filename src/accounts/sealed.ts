// Secrets the server must read back (TOTP seeds) are sealed with AES-256-GCM under a key kept
// outside the database, beside the audit signing key: a copy of the database alone does not
// give anyone a second factor.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const PREFIX = "v1:";

export const sealingKeyPath = (keysDir: string) => join(keysDir, "secrets.key");

/** The sealing key if the folder has one; never makes one (the server's start checks it against the database). */
export function readSealingKey(keysDir: string): Buffer | null {
  const path = sealingKeyPath(keysDir);
  return existsSync(path) ? Buffer.from(readFileSync(path, "utf8").trim(), "base64") : null;
}

export function sealingKey(keysDir: string): Buffer {
  const found = readSealingKey(keysDir);
  if (found) return found;
  const path = sealingKeyPath(keysDir);
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString("base64"), { mode: 0o600 });
  return key;
}

export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64")).join(":");
}

export function unseal(key: Buffer, sealed: string): string {
  if (!sealed.startsWith(PREFIX)) throw new Error("not a sealed secret");
  const [iv, tag, body] = sealed.slice(PREFIX.length).split(":").map((p) => Buffer.from(p, "base64"));
  const decipher = createDecipheriv("aes-256-gcm", key, iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString("utf8");
}
