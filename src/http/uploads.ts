// Multipart uploads are parsed only where a route takes one: @fastify/multipart is registered in
// the scope of the upload routes (uploadRoutes), not for the whole server. Registered globally it
// put two async hooks (onRequest and onResponse, for files saved to disk, which Accord never
// does) on every request. Elsewhere a multipart body is refused as any unsupported media type is (415).
import type { FastifyInstance, FastifyRequest } from "fastify";
import multipart from "@fastify/multipart";

/** Registers `routes` in a scope of their own that parses multipart bodies, with the server's upload limits. */
export async function uploadRoutes(app: FastifyInstance, routes: (scope: FastifyInstance) => void | Promise<void>): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: app.ctx.config.fileLimit, files: 1, fields: 10, fieldSize: 64 * 1024 } });
    await routes(scope);
  });
}

/** Whether the request is a multipart upload (false on a route outside `uploadRoutes`, which cannot have one). */
export function isMultipart(req: FastifyRequest): boolean {
  return typeof req.isMultipart === "function" && req.isMultipart();
}
