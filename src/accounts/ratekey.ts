// Whom the API's request rate limit counts: a signed-in user by their account, anyone else by
// address. So one office behind one address is not limited as one client, while a made-up cookie
// or token buys nothing: only a session or token the store knows moves a request off its address.
import { normalizeIP } from "@fastify/rate-limit";
import type { FastifyRequest } from "fastify";
import { LRUCache } from "lru-cache";
import type { Db } from "../store/db.ts";
import { findApiToken, findSession, SESSION_COOKIE } from "./sessions.ts";
import { sha256 } from "./secrets.ts";

/**
 * Resolved credentials, by hash, for a minute: the limiter runs before authentication, and this
 * keeps it from reading the store on every request. A credential revoked within that minute keeps
 * its own bucket a little longer; authentication itself is still checked on every request.
 */
const known = new LRUCache<string, string>({ max: 20_000, ttl: 60_000 });

async function userOf(db: Db, kind: "session" | "token", secret: string): Promise<string | null> {
  const key = `${kind}:${sha256(secret)}`;
  const hit = known.get(key);
  if (hit) return hit;
  const userId = kind === "session" ? (await findSession(db, secret))?.userId : (await findApiToken(db, secret))?.userId;
  if (userId) known.set(key, userId);
  return userId ?? null;
}

export function rateLimitKey(db: Db) {
  return async (req: FastifyRequest): Promise<string> => {
    const header = req.headers.authorization;
    const secret = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
    const cookie = (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
    const userId = secret ? await userOf(db, "token", secret) : cookie ? await userOf(db, "session", cookie) : null;
    return userId ? `user:${userId}` : `addr:${normalizeIP(req.ip, 64)}`;
  };
}
