import { PostgresAdapter } from "kysely";
import type { Conn, Dialect } from "./db.ts";

export function dialectOf(conn: Conn): Dialect {
  return conn.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}
