// Runs every colocated *.test.ts with Node's test runner (Node 20 has no glob support in --test).
import { readdirSync, statSync } from "node:fs";
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
// Unit and API tests live beside the code in src/; browser tests in web/e2e/.
const files = only.length ? only : [...find("src"), ...(statSync("web/e2e", { throwIfNoEntry: false })?.isDirectory() ? find("web/e2e") : [])].sort();
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
