// The store's own view of its health, kept from what its queries meet: the last fault (database
// lost, too slow, disk full) until a query succeeds again. A full disk is cleared only by a write
// that commits, since reads keep working on a full disk. Each change is logged once, so an
// outage is two log lines (it began, it ended after so long), not one per request.
import { describeFault, type StoreFault } from "./faults.ts";

export interface FaultState extends StoreFault {
  /** When this fault was first seen (ms since the epoch). */
  since: number;
}

export type HealthLog = (level: "warn" | "info", fields: Record<string, unknown>, message: string) => void;

const toStderr: HealthLog = (_level, _fields, message) => console.error(message);

export class StoreHealth {
  private fault: FaultState | null = null;
  /** Replaced by the server with its own logger. */
  log: HealthLog = toStderr;

  failed(f: StoreFault): void {
    if (this.fault?.kind === f.kind) {
      this.fault = { ...f, since: this.fault.since };
      return;
    }
    this.fault = { ...f, since: Date.now() };
    this.log("warn", { code: f.code, fault: f.kind }, describeFault(f));
  }

  /** A query succeeded; `wrote` when it committed a write. */
  succeeded(wrote: boolean): void {
    const f = this.fault;
    if (!f || (f.kind === "disk_full" && !wrote)) return;
    this.fault = null;
    this.log("warn", { fault: f.kind, afterMs: Date.now() - f.since }, `the database answers again (${f.kind} for ${((Date.now() - f.since) / 1000).toFixed(1)} s)`);
  }

  get current(): FaultState | null {
    return this.fault;
  }
}
