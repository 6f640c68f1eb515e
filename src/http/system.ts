// The store without the read rule, by name. Only bookkeeping that is not record content uses it:
// accounts and sessions (src/resources/auth, users), the audit log (src/resources/audit), and the
// CLI (which opens its own store). Everything that reads records goes through the request's Reader;
// lint keeps this import out of the rest of src/resources and src/ingest.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Db } from "../store/db.ts";

export function systemDb(from: FastifyRequest | FastifyInstance): Db {
  return ("ctx" in from ? from : from.server).ctx.store.db;
}
