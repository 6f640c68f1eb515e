import { hash, randomBytes } from "node:crypto";

export const newSecret = (bytes = 32) => randomBytes(bytes).toString("base64url");
/**
 * A secret's stored form (sessions, API tokens, reset links): hex SHA-256 of its UTF-8 bytes, by the
 * one-shot `crypto.hash` (every signed-in request hashes its cookie; a Hash object per call cost
 * several times as much on Node 24). secrets.test.ts holds it to createHash's digest.
 */
export const sha256 = (s: string) => hash("sha256", s, "hex");
