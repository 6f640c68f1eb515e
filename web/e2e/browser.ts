// Shared by the browser tests: the real server (SQLite, demo data) listening on a free port,
// Debian's Chromium driven by playwright-core, and the steps every test repeats.
// Names of controls come from the translation files, so a test finds a control the way a reader
// of that language would, and a renamed label breaks the test rather than hiding behind a test id.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { TOTP, Secret } from "otpauth";
import { testEnv, type TestEnv } from "../../src/testing/harness.ts";
import { seedDemo } from "../../src/seed/demo.ts";
import { WEB_DIST } from "../../src/http/server.ts";
import type { Config } from "../../src/http/context.ts";
import enJson from "../src/i18n/en.json" with { type: "json" };
import hiJson from "../src/i18n/hi.json" with { type: "json" };
import heJson from "../src/i18n/he.json" with { type: "json" };

export const en = enJson;
export const hi = hiJson as typeof enJson;
export const he = heJson as typeof enJson;
export type Strings = typeof enJson;

export const SHOTS = join(import.meta.dirname, "../../test-output/screenshots");

export interface App {
  env: TestEnv;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startApp(config: Partial<Config> = {}): Promise<App> {
  if (!existsSync(join(WEB_DIST, "index.html"))) throw new Error("web/dist is missing: run `npm run build` first (npm test does).");
  const env = await testEnv("sqlite", config);
  await seedDemo(env.store);
  const base = await env.app.listen({ port: 0, host: "127.0.0.1" });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  return {
    env, base, browser,
    async close() {
      await browser.close();
      await env.close();
    },
  };
}

export const password = (username: string) => `demo-${username}-2025`;

/** A fresh browser profile (no cookies, no stored language) with a page at the given size. */
export async function openPage(app: App, viewport = { width: 1366, height: 768 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await app.browser.newContext({ viewport, baseURL: app.base, locale: "en-GB", timezoneId: "Asia/Kolkata" });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  // Uncaught errors in the page fail the tests that check them; expected 401/404 answers do not.
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

/**
 * Signs in from the sign-in page, whose labels are in `s` (the language the page shows). The
 * authenticator code, for an account with a second factor, goes in the same form.
 */
export async function signIn(page: Page, username: string, totp?: () => string, s: Strings = en): Promise<void> {
  await page.goto("/");
  await page.getByLabel(s.auth.username).fill(username);
  await page.getByLabel(s.auth.password).fill(password(username));
  if (totp) await page.getByLabel(s.auth.totpOptional).fill(totp());
  await page.getByRole("button", { name: s.auth.signIn }).click();
  // Attached, not visible: on a phone the navigation folds behind the menu button.
  await mainNav(page).waitFor({ state: "attached" });
}

/** The main navigation, whatever language the page is in. */
export const mainNav = (page: Page) => page.locator("nav.nav");

export async function signOut(page: Page, s: Strings = en): Promise<void> {
  await page.getByRole("button", { name: s.auth.signOut }).click();
  await page.getByLabel(s.auth.username).waitFor();
}

/** The code an authenticator app shows `offsetMs` from now (the server accepts one step either side). */
export const codeFor = (username: string, secret: string, offsetMs = 0) =>
  new TOTP({ issuer: "Accord", label: username, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offsetMs });

/**
 * First sign-in of a role that needs a second factor: the enrolment page shows the secret, the
 * test computes the current code from it as an authenticator app would, then confirms it has
 * saved the recovery codes shown. Returns the secret and the codes.
 */
export async function signInAndEnrolWithCodes(page: Page, username: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto("/");
  await page.getByLabel(en.auth.username).fill(username);
  await page.getByLabel(en.auth.password).fill(password(username));
  await page.getByRole("button", { name: en.auth.signIn }).click();
  await page.getByRole("heading", { name: en.enrol.title }).waitFor();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel(en.enrol.step2).fill(codeFor(username, secret));
  await page.getByRole("button", { name: en.enrol.confirm }).click();
  await page.getByRole("heading", { name: en.recovery.title }).waitFor();
  const recoveryCodes = (await page.getByTestId("recovery-codes").locator("code").allTextContents()).map((c) => c.trim());
  await page.getByLabel(en.recovery.saved).check();
  await page.getByRole("button", { name: en.recovery.continue }).click();
  // Attached, not visible: on a phone the navigation folds behind the menu button.
  await mainNav(page).waitFor({ state: "attached" });
  return { secret, recoveryCodes };
}

export async function signInAndEnrol(page: Page, username: string): Promise<string> {
  return (await signInAndEnrolWithCodes(page, username)).secret;
}

/**
 * A screenshot under test-output/screenshots. A full-page shot grows the viewport to the page's
 * height first, so the sticky banners are drawn at the real top and bottom of the page.
 */
export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await settled(page);
  const viewport = page.viewportSize()!;
  if (fullPage) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  }
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  if (fullPage) await page.setViewportSize(viewport);
}

/** Nothing loading: no request in flight, no "Loading…" on screen, fonts ready. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector("[data-loading]") && document.fonts.status === "loaded");
}

/** The text of the top classification banner. */
export const bannerText = async (page: Page) => (await page.getByTestId("banner-top").locator(".banner-text").textContent()) ?? "";

const LEVELS = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"];
const levelOf = (banner: string) => LEVELS.indexOf(banner.split(" // ")[0]!.trim());

/**
 * SPEC 3.4 on screen: the banners top and bottom say the same, and their level is the highest
 * of the marking chips shown on the page (UNCLASSIFIED when none). Returns the banner.
 */
export async function checkBanners(page: Page): Promise<string> {
  await settled(page);
  const top = await bannerText(page);
  const bottom = (await page.getByTestId("banner-bottom").locator(".banner-text").textContent()) ?? "";
  assert.equal(bottom, top, "the bottom banner repeats the top one");
  const chips = await page.locator(".marking-chip").allTextContents();
  const highest = Math.max(0, ...chips.map(levelOf));
  assert.equal(levelOf(top), highest, `banner ${top} against chips ${chips.join(" | ")}`);
  return top;
}

/** The page is no wider than the window: nothing to scroll sideways. */
export async function checkNoHorizontalOverflow(page: Page, what: string): Promise<void> {
  await settled(page);
  const { scroll, client, culprits } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > client + 1 || e.getBoundingClientRect().left < -1)
      .filter((e) => !e.closest(".table-wrap, .board, .visually-hidden, .skip-link"))
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`);
    return { scroll: document.documentElement.scrollWidth, client, culprits };
  });
  assert.ok(scroll <= client, `${what}: the page is ${scroll}px wide in a ${client}px window (${culprits.join(", ")})`);
}
