// Sign-in throttling (issues 10 and 11): by the pair of account and address, with growing delays
// then a block of that pair; wider bounds per address and per account that spare known pairs; a
// success that clears only its own pair. The rule, as the store computes it, is checked against a
// plain reference over the list of attempts; then the attacks of the issues are run over HTTP.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildServer, defaultConfig } from "../http/server.ts";
import { buildUser, TEST_PASSWORD } from "../testing/factories.ts";
import { enrolTotp } from "./testing.ts";
import { currentTotp } from "./totp.ts";
import { explain } from "../testing/explain.ts";
import { attemptFailed, attemptRefused, attemptSucceeded, beginAttempt, DEFAULT_THROTTLE, type ThrottleConfig, type Verdict } from "./throttle.ts";

// --- the reference: the rule read straight off the attempts, nothing stored or capped ---------
interface Ev { t: number; account: string; address: string; outcome: "failed" | "ok" | "refused" }

function reference(evs: Ev[], account: string, address: string, now: number, c: ThrottleConfig): Verdict {
  const failed = evs.filter((e) => e.outcome === "failed");
  const fails = failed.filter((e) => e.t > now - c.windowMs);
  const newestFirst = (xs: Ev[]) => xs.map((e) => e.t).sort((a, b) => b - a);
  const oks = evs.filter((e) => e.outcome === "ok" && e.account === account && e.address === address).map((e) => e.t);
  const lastOk = oks.length ? Math.max(...oks) : -Infinity;
  const pair = newestFirst(failed.filter((e) => e.account === account && e.address === address && e.t > lastOk && e.t > now - c.pairWindowMs));
  if (pair.length >= c.pairBlockAfter && pair[0]! + c.pairBlockMs > now) return { allow: false, reason: "pair_block", retryAfterMs: pair[0]! + c.pairBlockMs - now };
  if (pair.length >= c.pairFreeFailures && pair.length < c.pairBlockAfter) {
    const until = pair[0]! + c.pairBaseDelayMs * 2 ** (pair.length - c.pairFreeFailures);
    if (until > now) return { allow: false, reason: "pair_delay", retryAfterMs: until - now };
  }
  if (lastOk > now - c.knownAddressMs) return { allow: true };
  const addr = newestFirst(fails.filter((e) => e.address === address));
  if (addr.length >= c.maxAddressFailures) return { allow: false, reason: "address", retryAfterMs: addr[c.maxAddressFailures - 1]! + c.windowMs - now };
  const acct = newestFirst(fails.filter((e) => e.account === account));
  if (acct.length >= c.maxAccountFailures) return { allow: false, reason: "account", retryAfterMs: acct[c.maxAccountFailures - 1]! + c.windowMs - now };
  return { allow: true };
}

const SMALL: ThrottleConfig = {
  windowMs: 10 * 60_000, pairWindowMs: 30 * 60_000, pairFreeFailures: 2, pairBaseDelayMs: 1_000, pairBlockAfter: 5, pairBlockMs: 8 * 60_000,
  maxAddressFailures: 4, maxAccountFailures: 3, knownAddressMs: 60 * 60_000,
};

for (const kind of STORES) {
  describe(`sign-in throttling (${kind})`, () => {
    let env: TestEnv;
    let clock = Date.parse("2030-01-01T00:00:00Z");
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });

    test("the store's verdicts equal the reference's for any sequence of attempts", async () => {
      const step = fc.record({
        account: fc.constantFrom("ann", "bob", "cy"),
        address: fc.constantFrom("10.0.0.1", "10.0.0.2", "2001:db8::1"),
        right: fc.boolean(),
        // From a millisecond to beyond every window, weighted to the short gaps that build up failures.
        dt: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 5_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 90 * 60_000 }) }),
      });
      await explain(fc.assert(fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 60 }), async (steps) => {
        clock += 24 * 60 * 60_000; // each run far from the last: nothing carries over
        const tag = `r${clock}-`;
        const evs: Ev[] = [];
        for (const [i, s] of steps.entries()) {
          clock += s.dt;
          const account = tag + s.account;
          const expected = reference(evs, account, s.address, clock, SMALL);
          const a = await beginAttempt(env.store.db, SMALL, account, s.address, clock);
          assert.deepEqual(a.verdict, expected, `attempt ${i} of ${JSON.stringify(steps)}`);
          if (!a.verdict.allow) {
            await attemptRefused(env.store.db, a);
            evs.push({ t: clock, account, address: s.address, outcome: "refused" });
            continue;
          }
          if (s.right) await env.store.db.transaction().execute((tx) => attemptSucceeded(tx, SMALL, a, clock));
          else await attemptFailed(env.store.db, SMALL, a, clock);
          evs.push({ t: clock, account, address: s.address, outcome: s.right ? "ok" : "failed" });
        }
      }), { numRuns: 40 }));
    });

    test("delays grow from the first failure past the free ones, then the pair is blocked", async () => {
      const c = DEFAULT_THROTTLE;
      const verdictOf = async (account: string, address: string, at: number) => {
        const a = await beginAttempt(env.store.db, c, account, address, at);
        await (a.verdict.allow ? attemptFailed(env.store.db, c, a, at) : attemptRefused(env.store.db, a));
        return a.verdict;
      };
      let now = Date.parse("2031-06-01T00:00:00Z");
      const waits: string[] = [];
      for (let i = 0; i < c.pairBlockAfter; i++) {
        let a = await beginAttempt(env.store.db, c, "delayed", "10.2.0.1", now);
        if (!a.verdict.allow) {
          await attemptRefused(env.store.db, a);
          waits.push(`${a.verdict.reason}:${a.verdict.retryAfterMs}`);
          now += a.verdict.retryAfterMs;
          a = await beginAttempt(env.store.db, c, "delayed", "10.2.0.1", now);
          assert.ok(a.verdict.allow, "allowed once the wait is over");
        }
        await attemptFailed(env.store.db, c, a, now);
      }
      // Free attempts, then 1 s, 2 s, 4 s … and then the pair is blocked for 15 minutes.
      assert.deepEqual(waits, ["pair_delay:1000", "pair_delay:2000", "pair_delay:4000", "pair_delay:8000", "pair_delay:16000", "pair_delay:32000", "pair_delay:64000"]);
      assert.deepEqual(await verdictOf("delayed", "10.2.0.1", now + 1), { allow: false, reason: "pair_block", retryAfterMs: c.pairBlockMs - 1 });
      // When the block ends, one more try; failing it blocks the pair again.
      now += c.pairBlockMs;
      const again = await beginAttempt(env.store.db, c, "delayed", "10.2.0.1", now);
      assert.ok(again.verdict.allow);
      await attemptFailed(env.store.db, c, again, now);
      assert.deepEqual(await verdictOf("delayed", "10.2.0.1", now + 1), { allow: false, reason: "pair_block", retryAfterMs: c.pairBlockMs - 1 });
      // The same account from another address is not slowed at all.
      assert.deepEqual(await verdictOf("delayed", "10.2.0.2", now + 1), { allow: true });
    });

    test("attempts racing on one pair see one another: no more get checked than the free ones", async () => {
      const c = { ...DEFAULT_THROTTLE, pairFreeFailures: 3 };
      const now = Date.parse("2032-01-01T00:00:00Z");
      const attempts = await Promise.all(Array.from({ length: 20 }, () => beginAttempt(env.store.db, c, "raced", "10.3.0.1", now)));
      assert.ok(attempts.filter((a) => a.verdict.allow).length <= 3, `${attempts.filter((a) => a.verdict.allow).length} allowed`);
    });
  });

  describe(`sign-in protection over HTTP (${kind})`, () => {
    let env: TestEnv;
    // A long first delay, so "too soon" never depends on how fast the machine is.
    const config: ThrottleConfig = { ...DEFAULT_THROTTLE, pairBaseDelayMs: 60_000, maxAddressFailures: 12, maxAccountFailures: 12 };
    before(async () => { env = await testEnv(kind, { throttle: config }); });
    after(async () => { await env.close(); });
    const signIn = (username: string, password: string, ip: string) =>
      env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username, password }, remoteAddress: ip });

    test("an attacker's failures from one address do not block the real user from another", async () => {
      await buildUser(env.store.db, { username: "isr.cochair.t", nationality: "ISR" });
      const answers: number[] = [];
      for (let i = 0; i < 8; i++) answers.push((await signIn("isr.cochair.t", `guess number ${i}`, "198.51.100.7")).statusCode);
      assert.deepEqual(answers, [401, 401, 401, 429, 429, 429, 429, 429], "three guesses, then the pair must wait");
      const attacker = await signIn("isr.cochair.t", TEST_PASSWORD, "198.51.100.7");
      assert.equal(attacker.statusCode, 429, "even the right password waits on the attacking pair");
      assert.ok(Number(attacker.headers["retry-after"]) > 0);
      assert.equal(attacker.json().code, "rate_limited");
      assert.equal((await signIn("isr.cochair.t", TEST_PASSWORD, "203.0.113.20")).statusCode, 200, "the real user, elsewhere, signs in");
      assert.equal((await signIn("isr.cochair.t", TEST_PASSWORD, "203.0.113.20")).statusCode, 200, "and again: the attack is not counted against him");
    });

    test("failures on one account do not block other accounts from that address, up to the address's bound", async () => {
      const office = "192.0.2.50";
      await buildUser(env.store.db, { username: "colleague.known" });
      await buildUser(env.store.db, { username: "colleague.new" });
      assert.equal((await signIn("colleague.known", TEST_PASSWORD, office)).statusCode, 200, "has signed in from the office before");
      for (let i = 0; i < 3; i++) assert.equal((await signIn("careless.one", `typo ${i}`, office)).statusCode, 401);
      assert.equal((await signIn("careless.one", "typo 4", office)).statusCode, 429, "the failing pair waits");
      assert.equal((await signIn("colleague.new", TEST_PASSWORD, office)).statusCode, 200, "another account from the same address does not");
      // Spraying many accounts from the office reaches the address's bound (12 failures in the window) ...
      for (let i = 0; i < 12; i++) await signIn(`sprayed-${i}`, "Winter2025!", office);
      const sprayed = await signIn("yet.another", "Winter2025!", office);
      assert.equal(sprayed.statusCode, 429);
      assert.ok(Number(sprayed.headers["retry-after"]) > 60, "until failures age out of the window");
      // ... which closes the address to accounts that never signed in from it, and to nobody else.
      await buildUser(env.store.db, { username: "first.day" });
      assert.equal((await signIn("first.day", TEST_PASSWORD, office)).statusCode, 429);
      assert.equal((await signIn("colleague.known", TEST_PASSWORD, office)).statusCode, 200);
      assert.equal((await signIn("colleague.new", TEST_PASSWORD, office)).statusCode, 200);
      assert.equal((await signIn("first.day", TEST_PASSWORD, "192.0.2.51")).statusCode, 200, "from elsewhere, the new account is fine");
    });

    test("a success by one account does not reset the address's count for the others", async () => {
      const ip = "198.51.100.99";
      const mine = await buildUser(env.store.db, { username: "own.account" });
      for (let i = 0; i < 11; i++) {
        assert.equal((await signIn(`target-${i}`, "guess", ip)).statusCode, 401);
        // The attacker signs in with his own valid account between guesses: formerly that reset the throttle.
        assert.equal((await signIn(mine.spec.username, TEST_PASSWORD, ip)).statusCode, 200);
      }
      assert.equal((await signIn("target-11", "guess", ip)).statusCode, 401, "the twelfth failure is still checked");
      assert.equal((await signIn("target-12", "guess", ip)).statusCode, 429, "the bound holds despite the attacker's own successes");
      assert.equal((await signIn(mine.spec.username, TEST_PASSWORD, ip)).statusCode, 200, "his own known pair still works");
    });

    test("an account sprayed from many addresses stays open where it signed in before, and to the right second factor", async () => {
      const home = "203.0.113.77";
      await buildUser(env.store.db, { username: "sprayed.user" });
      const officer = await buildUser(env.store.db, { username: "sprayed.officer", roles: ["security_officer"], clearance: 4 });
      const secret = await enrolTotp(env, officer);
      assert.equal((await signIn("sprayed.user", TEST_PASSWORD, home)).statusCode, 200);
      // A botnet: one guess each from twelve addresses, never tripping a pair or an address bound.
      for (const who of ["sprayed.user", "sprayed.officer"]) {
        for (let i = 0; i < 12; i++) assert.equal((await signIn(who, `botnet guess ${i}`, `100.64.${i}.1`)).statusCode, 401);
      }
      const fresh = "100.64.200.1";
      assert.equal((await signIn("sprayed.user", TEST_PASSWORD, fresh)).statusCode, 429, "a new address waits: without a second factor, the password alone is what the spray guesses");
      assert.equal((await signIn("sprayed.user", TEST_PASSWORD, home)).statusCode, 200, "his known address is open");
      const wrongCode = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username: "sprayed.officer", password: TEST_PASSWORD, totp: "000000" === currentTotp("sprayed.officer", secret) ? "111111" : "000000" }, remoteAddress: fresh });
      const noCode = await signIn("sprayed.officer", TEST_PASSWORD, "100.64.201.1");
      const guess = await signIn("sprayed.officer", "one more guess", "100.64.202.1");
      for (const r of [wrongCode, noCode, guess]) assert.equal(r.statusCode, 429, "every other outcome answers as throttled, right password or not");
      assert.deepEqual(new Set([wrongCode, noCode, guess].map((r) => r.json().code)), new Set(["rate_limited"]));
      const right = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username: "sprayed.officer", password: TEST_PASSWORD, totp: currentTotp("sprayed.officer", secret, Date.now() + 30_000) }, remoteAddress: "100.64.203.1" });
      assert.equal(right.statusCode, 200, "the right password with the right code, from a clean address, is not blocked");
    });

    test("every server process shares the count: the store holds it", async () => {
      const other = await buildServer(env.store, defaultConfig({ throttle: config, rateLimitPerMinute: 0, logLevel: "silent", keys: env.app.ctx.config.keys }));
      try {
        const via = (app: typeof other, i: number) => app.inject({ method: "POST", url: "/api/auth/signin", payload: { username: "two.processes", password: `guess ${i}` }, remoteAddress: "198.51.100.123" });
        assert.deepEqual([(await via(env.app, 1)).statusCode, (await via(other, 2)).statusCode, (await via(env.app, 3)).statusCode, (await via(other, 4)).statusCode], [401, 401, 401, 429]);
      } finally {
        await other.close();
      }
    });

    test("throttling treats a missing and an existing account alike", async () => {
      await buildUser(env.store.db, { username: "exists.here" });
      const run = async (username: string) => {
        const out: string[] = [];
        for (let i = 0; i < 5; i++) {
          const r = await signIn(username, "wrong password!", "198.51.100.200");
          out.push(`${r.statusCode} ${r.json().code} ${r.json().detail.replace(/\d+ s/, "N s")}`);
        }
        return out;
      };
      assert.deepEqual(await run("exists.here"), await run("does.not.exist"));
    });
  });
}
