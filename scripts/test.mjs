// Runs every colocated *.test.ts with Node's test runner (Node 20 has no glob support in --test).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const only = process.argv.slice(2);
// Unit and API tests live beside the code in src/; browser tests in web/e2e/. SKIP_BROWSER_TESTS=1 leaves the
// browser tests out (.ci/run runs them once, on the machine's Node.js, not again on the second version).
const skipBrowser = ["1", "true"].includes(process.env.SKIP_BROWSER_TESTS ?? "");
const browserTests = !skipBrowser && statSync("web/e2e", { throwIfNoEntry: false })?.isDirectory() ? find("web/e2e") : [];
// A folder given stands for every test file under it (Node 20 reads a folder as a file, runs nothing
// and passes); a path that does not exist is an error, not an empty run.
const given = only.flatMap((p) => {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) {
    console.error(`No such test file or folder: ${p}`);
    process.exit(1);
  }
  return st.isDirectory() ? find(p).sort() : [p];
});
if (only.length && !given.length) {
  console.error(`No test files (*.test.ts) under ${only.join(", ")}`);
  process.exit(1);
}
const files = only.length ? given : [...find("src"), ...browserTests].sort();
if (skipBrowser && !only.length) console.log(`# browser tests (web/e2e) left out: SKIP_BROWSER_TESTS=${process.env.SKIP_BROWSER_TESTS}`);
// The browser tests drive Debian's Chromium, never a downloaded browser. On a fresh Debian machine
// (as root) it is installed here, so `npm install && npm test` works there as it is; elsewhere the
// message says what to do.
const browser = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (files.some((f) => f.startsWith(join("web", "e2e"))) && !existsSync(browser)) {
  if (!process.env.CHROMIUM_PATH && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("The browser tests need Chromium: installing Debian's chromium package");
    spawnSync("sh", ["-c", "apt-get update && apt-get install -y chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
  if (!existsSync(browser)) {
    console.error(`The browser tests need Chromium at ${browser}: install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
}
// Off a terminal Node 20 reports in TAP and Node 22+ in its spec format: name TAP there, so CI reads the same
// closing lines (# tests, # pass, # fail) on every version. A terminal keeps the default spec report.
const reporter = process.stdout.isTTY ? [] : ["--test-reporter=tap"];
// A test file that hangs (a promise nothing will settle, a server that never answers) fails after
// fifteen minutes instead of holding the run until CI's limit (Node applies the timeout to each file
// as well as to each test in it); the slowest files take a few minutes.
const timeout = `--test-timeout=${process.env.ACCORD_TEST_TIMEOUT_MS ?? 900_000}`;
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", timeout, ...reporter, ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
