// Languages: Hebrew lays the whole application out right to left, Hindi stays left to right; the
// choice is remembered on this device and, for the user, on the server (another device).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { checkBanners, checkNoHorizontalOverflow, en, he, hi, mainNav, openPage, shot, signIn, signOut, startApp, type App } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const direction = (page: Page) => page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang }));

async function expectRightToLeft(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dir === "rtl");
  assert.deepEqual(await direction(page), { dir: "rtl", lang: "he" });
  await mainNav(page).getByRole("link", { name: he.nav.overview }).waitFor();
  // The navigation stands on the right of the content, the brand on the right of the header.
  const nav = (await mainNav(page).boundingBox())!;
  const main = (await page.locator("main").boundingBox())!;
  assert.ok(nav.x >= main.x + main.width - 1, `nav (x=${nav.x}) right of main (ends ${main.x + main.width})`);
  const brand = (await page.getByRole("link", { name: he.app.name, exact: true }).boundingBox())!;
  const signOutButton = (await page.getByRole("button", { name: he.auth.signOut }).boundingBox())!;
  assert.ok(brand.x > signOutButton.x, "brand on the right, account on the left");
  // Markings stay in their left-to-right form inside the right-to-left page.
  assert.equal(await page.getByTestId("banner-top").locator(".banner-text").getAttribute("dir"), "ltr");
}

test("switching to Hebrew lays the application out right to left, and the choice is remembered", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "meera.member");
  assert.deepEqual(await direction(page), { dir: "ltr", lang: "en" });
  await page.getByLabel(en.language.label).selectOption("he");
  await expectRightToLeft(page);
  await page.goto("/overview");
  await page.getByRole("heading", { level: 1, name: "יחסי הודו–ישראל" }).waitFor();
  // Dates and numbers in Hebrew: the timeline's dates carry Hebrew month names.
  assert.match((await page.locator("#timeline time").first().textContent())!, /[\u0590-\u05FF]/);
  await checkBanners(page);
  await checkNoHorizontalOverflow(page, "Hebrew overview");
  await shot(page, "overview-he", true);

  // The meeting workspace in Hebrew.
  await mainNav(page).getByRole("link", { name: he.nav.forums }).click();
  await page.getByRole("link", { name: /Joint Working Group/ }).first().click();
  await page.getByRole("link", { name: /^17th meeting/ }).click();
  await page.getByRole("region", { name: he.meetings.minutes, exact: true }).waitFor();
  await page.getByTestId("meeting-status").getByText(he.meetingStatus.held).waitFor();
  await checkNoHorizontalOverflow(page, "Hebrew meeting");
  await shot(page, "meeting-he", true);

  // Signed out on this device, the sign-in page stays in Hebrew; signing in again keeps it.
  await signOut(page, he);
  assert.deepEqual(await direction(page), { dir: "rtl", lang: "he" });
  await signIn(page, "meera.member", undefined, he);
  await expectRightToLeft(page);
  await context.close();

  // On another device (a fresh profile), the server remembers her language.
  const other = await openPage(app);
  await signIn(other.page, "meera.member");
  await expectRightToLeft(other.page);
  assert.deepEqual([...errors, ...other.errors], []);
  await other.context.close();
});

test("Hindi is laid out left to right, in Hindi", async () => {
  const { context, page, errors } = await openPage(app);
  await page.goto("/");
  // The language can be chosen before signing in.
  await page.getByLabel(en.language.label).selectOption("hi");
  await page.getByLabel(hi.auth.username).fill("yossi.member");
  await page.getByLabel(hi.auth.password).fill("demo-yossi.member-2025");
  await page.getByRole("button", { name: hi.auth.signIn }).click();
  await mainNav(page).getByRole("link", { name: hi.nav.documents }).waitFor();
  assert.deepEqual(await direction(page), { dir: "ltr", lang: "hi" });
  const nav = (await mainNav(page).boundingBox())!;
  const main = (await page.locator("main").boundingBox())!;
  assert.ok(nav.x + nav.width <= main.x + 1, "nav left of the content");
  await mainNav(page).getByRole("link", { name: hi.nav.actions }).click();
  await page.getByRole("heading", { level: 1, name: hi.actions.tracker }).waitFor();
  await checkBanners(page);
  await shot(page, "actions-hi");
  await context.close();

  // Chosen before signing in, it became his remembered language.
  const other = await openPage(app);
  await signIn(other.page, "yossi.member");
  await mainNav(other.page).getByRole("link", { name: hi.nav.documents }).waitFor();
  assert.deepEqual(await direction(other.page), { dir: "ltr", lang: "hi" });
  assert.deepEqual([...errors, ...other.errors], []);
  await other.context.close();
});
