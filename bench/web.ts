// `npm run bench:web` (and the end of `npm run bench`): what the web application's first screen
// costs. Builds the app, starts `accord serve` on the demo data in its own process, and opens it
// in headless Chromium (Debian's, at /usr/bin/chromium or CHROMIUM_PATH) with an empty cache:
//   - the bytes of script, style and font the first screen fetches, as sent (brotli) and as built,
//     for the sign-in page and for the home page in English, Hindi and Hebrew;
//   - the time from navigation to the home page (My work) drawn with its data (heading, its lists, nothing
//     loading), cold (empty cache) and warm (hashed files from the browser's cache), median of runs.
// Prints the figures, writes bench/web-results.json and the README's delivery table.
//
//   options: --runs n (default 7)  --no-build  --no-readme
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "web", "dist");
const { values: args } = parseArgs({ options: { runs: { type: "string", default: "7" }, "no-build": { type: "boolean", default: false }, "no-readme": { type: "boolean", default: false } } });
const RUNS = Number(args.runs);
const USER = "meera.member";
const PASSWORD = `demo-${USER}-2025`;
const LANGUAGES = ["en", "hi", "he"] as const;

if (!args["no-build"]) {
  const built = spawnSync(process.execPath, [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "web", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) throw new Error("the web build failed");
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `accord serve` on a fresh SQLite database with the demo data, in its own process. */
async function startServer(): Promise<{ base: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "accord-bench-web-"));
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli", "main.ts"), "serve", "--port", String(port), "--seed-if-empty"], {
    cwd: ROOT, stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, "accord.db")}`, ACCORD_KEYS_DIR: join(dir, "keys"), ACCORD_RATE_LIMIT: "0", LOG_LEVEL: "error" },
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => { out += d.toString(); if (/Accord is running at/.test(out)) resolve(); });
    child.on("exit", (code) => reject(new Error(`the server exited with ${code}:\n${out}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      child.removeAllListeners("exit");
      child.once("exit", () => { rmSync(dir, { recursive: true, force: true }); resolve(); });
      child.kill("SIGTERM");
    }),
  };
}

type Kind = "script" | "stylesheet" | "font";
interface Bytes { sent: number; built: number; files: number }
type Screen = Record<Kind, Bytes>;

/** Records the app's own files a page fetches: bytes on the wire (body, as encoded) and as built. */
function record(page: Page): () => Promise<Screen> {
  const seen: Promise<[Kind, number, number]>[] = [];
  page.on("response", (r) => {
    const type = r.request().resourceType();
    const path = new URL(r.url()).pathname;
    if ((type === "script" || type === "stylesheet" || type === "font") && path.startsWith("/assets/")) {
      seen.push(r.request().sizes().then((s) => [type, s.responseBodySize, statSync(join(DIST, path)).size]));
    }
  });
  return async () => {
    const screen: Screen = { script: { sent: 0, built: 0, files: 0 }, stylesheet: { sent: 0, built: 0, files: 0 }, font: { sent: 0, built: 0, files: 0 } };
    for (const [kind, sent, built] of await Promise.all(seen)) {
      screen[kind].sent += sent;
      screen[kind].built += built;
      screen[kind].files += 1;
    }
    return screen;
  };
}

async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector("[data-loading]") && document.fonts.status === "loaded");
}

async function signedIn(browser: Browser, base: string, locale: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 768 }, locale: "en-GB" });
  context.setDefaultTimeout(60_000);
  const res = await context.request.post("/api/auth/signin", { data: { username: USER, password: PASSWORD } });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  await context.request.put("/api/auth/locale", { data: { locale }, headers: { "x-csrf-token": csrfToken } });
  return context;
}

/** Milliseconds from the navigation's start to the home page drawn with its data (checked each frame). */
async function homeRendered(page: Page): Promise<{ render: number; fcp: number }> {
  const drawn = await page.waitForFunction(() => {
    const ready = document.querySelector("main h1") && document.querySelector("[data-testid=work-count]") && !document.querySelector("[data-loading]");
    return ready ? { render: performance.now(), fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? -1 } : null;
  }, undefined, { polling: "raf", timeout: 60_000 });
  return (await drawn.jsonValue())!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
const bytes: Record<string, Screen> = {};
const timings: Record<string, { cold: number[]; warm: number[]; fcpCold: number[] }> = {};
try {
  {
    const context = await browser.newContext({ baseURL: server.base, locale: "en-GB" });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const done = record(page);
    await page.goto("/");
    await page.locator("#main form").waitFor();
    await settled(page);
    bytes["sign-in page"] = await done();
    await context.close();
  }
  for (const lng of LANGUAGES) {
    const times = { cold: [] as number[], warm: [] as number[], fcpCold: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      const context = await signedIn(browser, server.base, lng);
      const page = await context.newPage();
      const done = record(page);
      await page.goto("/", { waitUntil: "commit" });
      const cold = await homeRendered(page);
      await settled(page);
      if (run === 0) bytes[`My work home page (${lng})`] = await done();
      await page.reload({ waitUntil: "commit" });
      const warm = await homeRendered(page);
      times.cold.push(cold.render);
      times.fcpCold.push(cold.fcp);
      times.warm.push(warm.render);
      await context.close();
    }
    timings[lng] = times;
  }
} finally {
  await browser.close();
  await server.stop();
}

const rows = Object.entries(bytes).map(([screen, s]) =>
  `| ${screen} | ${kb(s.script.sent)} (${kb(s.script.built)} built, ${s.script.files} files) | ${kb(s.stylesheet.sent)} (${kb(s.stylesheet.built)}) | ${s.font.files ? `${kb(s.font.sent)}` : "none"} |`);
const timeRows = Object.entries(timings).map(([lng, t]) => `| My work home page (${lng}) | ${Math.round(median(t.fcpCold))} ms | ${Math.round(median(t.cold))} ms | ${Math.round(median(t.warm))} ms |`);
const started = new Date().toISOString().slice(0, 10);
const table = [
  `Measured ${started} on ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), headless Chromium against \`accord serve\` on the demo data over loopback, as \`${USER}\`; median of ${RUNS} runs.`,
  "",
  "| first screen | script, as sent (brotli) | style | font |",
  "|---|---:|---:|---:|",
  ...rows,
  "",
  "| page | first contentful paint, cold | drawn with its data, cold | drawn with its data, warm cache |",
  "|---|---:|---:|---:|",
  ...timeRows,
].join("\n");
console.log(`\n${table}\n`);
writeFileSync(join(ROOT, "bench", "web-results.json"), `${JSON.stringify({ started, runs: RUNS, user: USER, bytes, timings }, null, 2)}\n`);
if (!args["no-readme"]) {
  const readme = join(ROOT, "README.md");
  const text = readFileSync(readme, "utf8");
  const begin = "<!-- bench-web:begin -->";
  const end = "<!-- bench-web:end -->";
  if (text.includes(begin) && text.includes(end)) {
    writeFileSync(readme, text.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${table}\n${end}`));
    console.log("README delivery table updated");
  }
}
