// Cross-process A/B of `accord serve`: for what list-loop cannot compare in one process (Node
// flags such as --max-semi-space-size, process-wide state such as AsyncLocalStorage's promise hooks,
// another Node version). Every server runs at once, each on its own copy of the store, and blocks of
// sequential requests (one keep-alive connection) alternate between them, so the machine's noise
// falls on all alike. The CPU of a block is the server's own (every thread, /proc/PID/task/*/schedstat,
// in ns), so the client's work is not counted. Responses are not compressed (as with autocannon):
//
//   tsx bench/xproc-ab.ts --server a=/path/to/checkout@sqlite:/tmp/a.db \
//     --server "b=.|--max-semi-space-size=64@sqlite:/tmp/b.db" --keys data/bench/keys/sqlite-100000.db
//
// `label=checkout[|node flags][|node binary][|accept-encoding]@DATABASE_URL`; --keys: the keys folder of the seeded store,
// copied for each server (the server checks its checkpoints against it and signs more into it).
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    server: { type: "string", multiple: true, default: [] },
    keys: { type: "string" },
    block: { type: "string", default: "200" },
    rounds: { type: "string", default: "6" },
    cases: { type: "string", default: "" },
  },
});

const CASES: { name: string; user: "scale.broad" | "scale.narrow"; url: (doc: string) => string }[] = [
  { name: "list documents · broad", user: "scale.broad", url: () => "/api/documents?limit=50" },
  { name: "list actions · broad", user: "scale.broad", url: () => "/api/actions?limit=50" },
  { name: "list documents limit 1 · broad", user: "scale.broad", url: () => "/api/documents?limit=1" },
  { name: "get document · broad", user: "scale.broad", url: (d) => `/api/documents/${d}` },
  { name: "list documents · narrow", user: "scale.narrow", url: () => "/api/documents?limit=50" },
  { name: "list actions · narrow", user: "scale.narrow", url: () => "/api/actions?limit=50" },
  { name: "search · broad", user: "scale.broad", url: () => "/api/search?q=radar&limit=20" },
];

interface Server { label: string; base: string; child: ChildProcess; cookies: Record<string, string>; doc: string; encoding: string }

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** CPU time of every thread of the process so far, in ns. */
function cpuNs(pid: number): number {
  let ns = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return ns;
}

async function start(spec: string): Promise<Server> {
  const m = /^([^=]+)=([^@]+)@(.+)$/.exec(spec);
  if (!m) throw new Error(`--server label=checkout[|flags][|node]@DATABASE_URL, not ${spec}`);
  const [, label, where, url] = m as unknown as [string, string, string, string];
  const [dir, flags = "", binary = "", encoding = "identity"] = where.split("|");
  const node = binary || process.execPath;
  const port = await freePort();
  const keys = mkdtempSync(join(tmpdir(), `accord-xproc-${label}-`));
  if (args.keys) cpSync(resolve(args.keys), keys, { recursive: true });
  const child = spawn(node, [...flags.split(" ").filter(Boolean), "--import", "tsx", join(resolve(dir!), "src/cli/main.ts"), "serve", "--port", String(port)], {
    cwd: resolve(dir!), env: { ...process.env, DATABASE_URL: url, ACCORD_RATE_LIMIT: "0", ACCORD_KEYS_DIR: keys, LOG_LEVEL: "error" }, stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((res, rej) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (/Accord is running at/.test(out)) res();
    });
    child.on("exit", (code) => rej(new Error(`${label} exited with ${code}:\n${out}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const cookies: Record<string, string> = {};
  for (const username of ["scale.broad", "scale.narrow"]) {
    const res = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: "scale-password-2026" }) });
    if (!res.ok) throw new Error(`${label}: sign-in of ${username}: ${res.status} ${await res.text()}`);
    cookies[username] = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }
  const first = await fetch(`${base}/api/documents?limit=1`, { headers: { cookie: cookies["scale.broad"]! } });
  const doc = ((await first.json()) as { items: { id: string }[] }).items[0]!.id;
  return { label, base, child, cookies, doc, encoding };
}

async function get(s: Server, path: string, user: string): Promise<void> {
  // No compression asked for unless the server's spec says so, as autocannon in bench/run.ts
  // (fetch would ask for gzip by default).
  const res = await fetch(`${s.base}${path}`, { headers: { cookie: s.cookies[user]!, "accept-encoding": s.encoding } });
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${s.label} GET ${path}: ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
}

const servers: Server[] = [];
try {
  for (const spec of args.server) servers.push(await start(spec));
  const block = Number(args.block);
  const rounds = Number(args.rounds);
  const cases = args.cases ? CASES.filter((c) => args.cases!.split(",").some((w) => c.name.includes(w))) : CASES;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const header = ["case", ...servers.map((s) => `${s.label} CPU ms/req`), ...servers.slice(1).map((s) => `CPU ${s.label}/${servers[0]!.label}`), ...servers.map((s) => `${s.label} wall ms/req`), ...servers.slice(1).map((s) => `wall ${s.label}/${servers[0]!.label}`)];
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const c of cases) {
    for (const s of servers) for (let i = 0; i < block; i++) await get(s, c.url(s.doc), c.user);
    const cpu = new Map<string, number[]>();
    const wall = new Map<string, number[]>();
    for (let r = 0; r < rounds * 2; r++) {
      for (const s of r % 2 ? [...servers].reverse() : servers) {
        const pid = s.child.pid!;
        const before = cpuNs(pid);
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < block; i++) await get(s, c.url(s.doc), c.user);
        const t = Number(process.hrtime.bigint() - t0) / 1e6 / block;
        cpu.set(s.label, [...(cpu.get(s.label) ?? []), (cpuNs(pid) - before) / 1e6 / block]);
        wall.set(s.label, [...(wall.get(s.label) ?? []), t]);
      }
    }
    const cms = servers.map((s) => median(cpu.get(s.label)!));
    const wms = servers.map((s) => median(wall.get(s.label)!));
    const ratio = (xs: number[]) => xs.slice(1).map((x) => (x / xs[0]!).toFixed(2));
    console.log(`| ${[c.name, ...cms.map((x) => x.toFixed(3)), ...ratio(cms), ...wms.map((x) => x.toFixed(3)), ...ratio(wms)].join(" | ")} |`);
  }
} finally {
  await Promise.all(servers.map((s) => new Promise<void>((res) => {
    s.child.removeAllListeners("exit");
    s.child.once("exit", () => res());
    s.child.kill("SIGTERM");
  })));
}
