// Commit-to-visibility across two instances (issue 17): India's secretariat writes qualifying
// records at a steady rate; each instance's server pushes to the other a few ms after each commit
// that gives it something to send and on its own timer every ACCORD_FEDERATION_INTERVAL_MS (1000
// by default, as `serve` does), over HTTP on 127.0.0.1 (`onCommit: false`: the timer alone). For
// each record, the time from its commit on India's side (its `updatedAt`, stamped inside the
// writing transaction, before the commit) to the first moment a query on Israel's database sees its
// replica (looked for every 25 ms): both ends err on the late side, so the figures are upper
// bounds. Both servers run in this one process, on one clock.
import { COMMIT_DELAY_MS, defaultFederationConfig } from "../src/federation/identity.ts";
import { link, startInstance } from "../src/federation/testing.ts";

export interface LatencyResult { store: string; records: number; seconds: number; p50: number; p99: number; max: number; intervalMs: number; commitDelayMs: number | null }

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

/** `onCommit` false: the timer alone pushes (as before a commit started a push), for comparison. */
export async function measureLatency(kind: "sqlite" | "postgres", opts: { rate: number; seconds: number; onCommit?: boolean }): Promise<LatencyResult> {
  const intervalMs = defaultFederationConfig().intervalMs || 1000;
  const commitDelayMs = opts.onCommit === false ? null : (defaultFederationConfig().commitDelayMs ?? COMMIT_DELAY_MS);
  const ind = await startInstance("sqlite", "IND", { intervalMs, bundleRecords: 500, commitDelayMs });
  const isr = await startInstance(kind, "ISR", { intervalMs, bundleRecords: 500, commitDelayMs });
  try {
    await link(ind, isr, "SECRET", ["JWG"]);
    const marking = { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] };
    const ids: string[] = [];
    const total = Math.round(opts.rate * opts.seconds);
    const seen = new Map<string, number>();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const rows = await isr.env.store.db.selectFrom("federation_replicas").select("id").where("kind", "=", "action").execute();
        const now = Date.now();
        for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, now);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const start = performance.now();
    // Steady load: record i is written at start + i/rate (or as soon after as the server answers).
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / opts.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const res = await ind.author.post("/api/actions", { marking, title: `Latency probe ${i}`, owner: { country: "IND" } });
      if (res.status !== 201) throw new Error(`write ${i}: ${res.status} ${JSON.stringify(res.body)}`);
      ids.push(res.body.id as string);
    }
    const seconds = (performance.now() - start) / 1000;
    // Waits (bounded) for the last ones to arrive.
    const deadline = Date.now() + 60_000;
    while (ids.some((id) => !seen.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    watching = false;
    await watch;
    const missing = ids.filter((id) => !seen.has(id)).length;
    if (missing) throw new Error(`${missing} of ${total} records did not reach Israel's instance within a minute`);
    const committed = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of await ind.env.store.db.selectFrom("records").select(["id", "updated_at"]).where("id", "in", ids.slice(i, i + 500)).execute()) committed.set(r.id, Date.parse(r.updated_at));
    }
    const lat = ids.map((id) => seen.get(id)! - committed.get(id)!).sort((a, b) => a - b);
    return { store: kind, records: lat.length, seconds, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), max: lat[lat.length - 1]!, intervalMs, commitDelayMs };
  } finally {
    await ind.close();
    await isr.close();
  }
}
