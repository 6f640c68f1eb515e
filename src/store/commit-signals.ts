// Named signals raised after a transaction commits, per store: code inside a transaction asks for
// one (`signalOnCommit`), and the store's driver raises it once the request's transaction that
// wrote it has committed (src/store/guarded.ts), never for one rolled back. A signal is a hint that
// something committed is waiting (the federation outbox: src/federation/service.ts pushes soon
// after); whoever listens must still find the work in the database, so a lost signal delays, never loses.
import { requestScope } from "./request-scope.ts";

export class CommitSignals {
  private listeners = new Map<string, Set<() => void>>();

  /** Listens for `name`; answers the function that stops listening. */
  on(name: string, fn: () => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(fn);
    this.listeners.set(name, set);
    return () => { set.delete(fn); };
  }

  emit(name: string): void {
    for (const fn of this.listeners.get(name) ?? []) {
      try {
        fn();
      } catch {
        // A listener's fault is its own: the commit it follows has happened.
      }
    }
  }
}

/**
 * Asks for `name` to be raised once the current request's writing transaction commits. Outside a
 * request (commands, background work) there is no such moment to wait for: answers false, and the
 * listener's own schedule (the federation timer) picks the work up.
 */
export function signalOnCommit(name: string): boolean {
  const scope = requestScope.getStore();
  if (!scope || scope.finished) return false;
  scope.onCommit.add(name);
  return true;
}
