// The instance's federation identity (SPEC 8.1): an Ed25519 key pair in the keys folder, outside
// the database, shown to people as the SHA-256 fingerprint of its public key. Peers' keys are
// exchanged as text (`ed25519:` and the raw key in base64url) and checked by fingerprint out of band.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { resolveKeysDir } from "../audit/keys.ts";
import { AccordError } from "../domain/errors.ts";

export interface FederationConfig {
  /** The country whose instance this is (ACCORD_HOME_COUNTRY); federation needs it, a shared instance does not. */
  homeCountry: string | null;
  /** The Ed25519 key, PEM (PKCS#8), made on first use. */
  keyPath: string;
  /** How often the server builds and pushes bundles to its peers (ACCORD_FEDERATION_INTERVAL_MS); 0: only when asked. */
  intervalMs: number;
  /** Most records per bundle. */
  bundleRecords: number;
  /**
   * With the timer on: how long after a request's commit that gives a peer something to send a
   * round starts (ACCORD_FEDERATION_COMMIT_DELAY_MS, default 5), so a burst of commits goes in one
   * round; null: the timer alone pushes.
   */
  commitDelayMs?: number | null;
}

/** The default wait after a commit before a round starts (see `FederationConfig.commitDelayMs`). */
export const COMMIT_DELAY_MS = 5;

export function defaultFederationConfig(env: NodeJS.ProcessEnv = process.env): FederationConfig {
  const interval = env.ACCORD_FEDERATION_INTERVAL_MS;
  const n = interval === undefined || interval === "" ? 1000 : Number(interval);
  if (!Number.isInteger(n) || n < 0) throw new Error(`ACCORD_FEDERATION_INTERVAL_MS must be a whole number of milliseconds, not ${JSON.stringify(interval)}`);
  const home = env.ACCORD_HOME_COUNTRY?.trim().toUpperCase() || null;
  if (home !== null && !/^[A-Z]{3}$/.test(home)) throw new Error(`ACCORD_HOME_COUNTRY must be an ISO 3166-1 alpha-3 code, not ${JSON.stringify(env.ACCORD_HOME_COUNTRY)}`);
  const delay = env.ACCORD_FEDERATION_COMMIT_DELAY_MS;
  const d = delay === undefined || delay === "" ? COMMIT_DELAY_MS : delay === "off" ? null : Number(delay);
  if (d !== null && (!Number.isInteger(d) || d < 0)) throw new Error(`ACCORD_FEDERATION_COMMIT_DELAY_MS must be a whole number of milliseconds or "off", not ${JSON.stringify(delay)}`);
  return { homeCountry: home, keyPath: join(resolveKeysDir(env).dir, "federation-ed25519.pem"), intervalMs: n, bundleRecords: 500, commitDelayMs: d };
}

export interface Identity {
  country: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** `ed25519:` + the raw public key, base64url: what a peer pastes into `peer add --key`. */
  publicText: string;
  /** SHA-256 of the raw public key, hex. */
  fingerprint: string;
}

export function homeCountryOf(cfg: FederationConfig): string {
  if (!cfg.homeCountry) throw new AccordError("conflict", "Federation needs this instance's home country: set ACCORD_HOME_COUNTRY (for example IND).");
  return cfg.homeCountry;
}

/** The identity, the key made on first use (never replaced: peers know it by its fingerprint). */
export function loadIdentity(cfg: FederationConfig): Identity {
  const country = homeCountryOf(cfg);
  let privateKey: KeyObject;
  if (existsSync(cfg.keyPath)) {
    privateKey = createPrivateKey(readFileSync(cfg.keyPath));
  } else {
    mkdirSync(dirname(cfg.keyPath), { recursive: true });
    privateKey = generateKeyPairSync("ed25519").privateKey;
    writeFileSync(cfg.keyPath, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  }
  const publicKey = createPublicKey(privateKey);
  const raw = rawPublicKey(publicKey);
  return { country, privateKey, publicKey, publicText: `ed25519:${raw.toString("base64url")}`, fingerprint: fingerprintOf(raw) };
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: "jwk" });
  return Buffer.from(String(jwk.x), "base64url");
}

export function fingerprintOf(raw: Buffer): string {
  return createHash("sha256").update(raw).digest("hex");
}

/** For people: the fingerprint in groups of four. */
export function showFingerprint(fp: string): string {
  return fp.match(/.{1,4}/g)!.join(" ");
}

/** A peer's key as pasted (`ed25519:<base64url>`), or null when it is not one. */
export function parsePublicKey(text: string): { key: KeyObject; fingerprint: string; text: string } | null {
  const m = /^ed25519:([A-Za-z0-9_-]{43})$/.exec(text.trim());
  if (!m) return null;
  const raw = Buffer.from(m[1]!, "base64url");
  if (raw.length !== 32) return null;
  try {
    const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
    return { key, fingerprint: fingerprintOf(raw), text: `ed25519:${raw.toString("base64url")}` };
  } catch {
    return null;
  }
}

export function signText(key: KeyObject, text: string): string {
  return sign(null, Buffer.from(text), key).toString("base64url");
}

export function verifyText(key: KeyObject, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text), key, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}
