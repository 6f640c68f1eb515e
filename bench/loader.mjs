// One load of bench/run.ts, in a process of its own (plain JavaScript: it starts in ~50 ms, with no
// compiler to run). Each case gets a fresh loader, so no case's load inherits another's: autocannon
// keeps every response's body as a string, and a loader that had run many cases sometimes spent
// 3-4x the CPU per response of a fresh one (0.25-0.34 against 0.05-0.12 ms for a 39-46 KB page),
// CPU taken from the server it measures on a two-core host.
//
// Protocol (IPC): the child sends { ready: true } once loaded; the parent takes its readings and
// sends the autocannon options; the child runs them and sends { result, cpuUs } (its own CPU during
// the load), then exits.
import autocannon from "autocannon";

process.send({ ready: true });
process.once("message", async (options) => {
  const before = process.cpuUsage();
  const res = await autocannon(options);
  const used = process.cpuUsage(before);
  process.send({
    result: {
      requestsPerSec: Math.round(res.requests.average), p50: res.latency.p50, p99: res.latency.p99,
      errors: res.errors + res.timeouts, non2xx: res.non2xx, requests: res.requests.total,
    },
    cpuUs: used.user + used.system,
  }, () => process.exit(0));
});
