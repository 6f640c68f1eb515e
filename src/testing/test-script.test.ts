// scripts/test.mjs, the README's test command: a folder given stands for the test files under it
// (Node 20's runner read a folder as a file, ran nothing and passed), and a path that names no test
// file fails instead of passing with nothing run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Without NODE_TEST_CONTEXT, which would make the inner runner report to this one instead of printing.
const run = (...args: string[]) => {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return spawnSync(process.execPath, ["scripts/test.mjs", ...args], { encoding: "utf8", env: { ...env, SKIP_BROWSER_TESTS: "1" } });
};

test("a folder runs every test file under it; a missing path or a folder without tests fails", () => {
  const dir = mkdtempSync(join(tmpdir(), "accord-test-script-"));
  try {
    const one = (name: string) => `import { test } from "node:test";\ntest(${JSON.stringify(name)}, () => {});\n`;
    writeFileSync(join(dir, "a.test.ts"), one("first"));
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "b.test.ts"), one("second"));
    writeFileSync(join(dir, "sub", "helper.ts"), "export const x = 1;\n");
    const ran = run(dir);
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stdout, /^# pass 2$/m);
    assert.match(ran.stdout, /first/);
    assert.match(ran.stdout, /second/);

    const missing = run(join(dir, "nothing-here"));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /No such test file or folder/);

    mkdirSync(join(dir, "empty"));
    const empty = run(join(dir, "empty"));
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /No test files/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
