// Opening the configured store for a command, and closing it whatever happens.
import { defaultUrl, openStore, type Store } from "../store/db.ts";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { sequenceAll } from "../audit/sequencer.ts";

export async function withStore<T>(work: (store: Store) => Promise<T>, { migrated = true } = {}): Promise<T> {
  const store = openStore(defaultUrl());
  try {
    if (migrated) {
      await migrate(store);
      // Countries, schemes and compartments are part of a usable schema, as for `serve`.
      await seedReference(store.db);
    }
    return await work(store);
  } finally {
    // On PostgreSQL a command's audit events wait in the queue: chain them before leaving, so the
    // log holds them at once even when no server runs (a server would chain them too).
    // A failure here is reported without hiding the command's own error; the events stay queued, durable.
    if (migrated) await sequenceAll(store.db).catch((err: unknown) => console.error(`warning: audit events left queued for the server to chain: ${err instanceof Error ? err.message : String(err)}`));
    await store.close();
  }
}
