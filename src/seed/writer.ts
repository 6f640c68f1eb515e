import type { Scope } from "../store/access.ts";
import type { Tx } from "../store/db.ts";
import { Writer } from "../store/reader.ts";

/** A demo user's writes inside the seeding transaction, through the same writers as the API's. */
export const writerFor = (tx: Tx, scope: Scope) => new Writer(tx, scope, { actor: scope.requireViewer().id, client: "seed" });
