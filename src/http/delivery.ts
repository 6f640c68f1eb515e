// How responses travel: compressed when the client accepts it, and cached by browsers for as long
// as their content cannot change.
import { basename, sep } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import compress from "@fastify/compress";

/**
 * API answers are compressed on the fly (brotli, else gzip); the web application's files are
 * compressed once at build time at the highest level (web/vite.config.ts) and sent as they are
 * (`STATIC_DELIVERY.preCompressed`), so the compressor skips them (they already carry an encoding).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  // Answers that hold a secret the page did not ask for by name (CSRF tokens, TOTP seeds, API
  // tokens) stay uncompressed: with a size oracle (BREACH), compression could leak them a byte at
  // a time. SameSite=Strict cookies already keep other sites from making such requests; this is
  // the second lock.
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/api/auth")) route.compress = false;
  });
  // Requests stay uncompressed: nothing needs to send a compressed body, and not accepting one
  // keeps a decompression bomb out of reach of the body limit.
  // An answer of up to 256 KiB (a page of 50 records is 30-40 KiB) is compressed in one call on
  // the request's own thread: the stream the plugin otherwise sets up per answer above its
  // default (8 KiB on two cores) cost more than compressing (A/B in the commit).
  await app.register(compress, { encodings: ["br", "gzip"], globalDecompression: false, syncThreshold: 256 * 1024 });
}

/** Vite names the files it builds `name-<hash>.ext` under assets/: a new build means a new name. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/;

export function cacheControlFor(path: string): string {
  const inAssets = path.split(sep).includes("assets");
  return inAssets && HASHED.test(basename(path)) ? "public, max-age=31536000, immutable" : "no-cache";
}

/**
 * Options of @fastify/static for the built web application: pre-compressed files, and a year's
 * caching for content-hashed assets while index.html (which names the current ones) and anything
 * unhashed is revalidated on every visit.
 */
export const STATIC_DELIVERY = {
  preCompressed: true,
  cacheControl: false,
  setHeaders: (reply: FastifyReply, path: string) => { reply.header("cache-control", cacheControlFor(path)); },
} as const;
