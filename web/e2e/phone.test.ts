// On a phone (390×844, and 360 wide): nothing scrolls sideways on the main pages, whoever reads
// them; the header, navigation and banner take little of the first screen, the navigation folds
// behind a menu button, the reader's clearance is never cut off, and tables become cards whose
// marking is shown whole. Screenshots go to test-output/screenshots (phone-*.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { checkBanners, checkNoHorizontalOverflow, en, he, mainNav, openPage, settled, shot, signIn, signInAndEnrol, startApp, type App, type Strings } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 360, height: 740 };

/** Opens a page by address and waits for its heading and data. */
async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator("main h1").first().waitFor();
  await settled(page);
}

/** The navigation, opened from the menu button, takes the reader to a page. */
async function navigate(page: Page, link: string, s: Strings = en): Promise<void> {
  const menu = page.getByRole("button", { name: s.nav.menu });
  assert.equal(await menu.getAttribute("aria-expanded"), "false");
  assert.equal(await mainNav(page).isVisible(), false, "the navigation is folded away");
  await menu.click();
  assert.equal(await menu.getAttribute("aria-expanded"), "true");
  await mainNav(page).getByRole("link", { name: link }).click();
  await page.locator("main h1").first().waitFor();
  // Choosing a page folds the menu again.
  await page.waitForFunction(() => !document.querySelector(".app.menu-open"));
  await settled(page);
}

/** The frame at the top (banner and header) takes little of the first screen. */
async function checkFrame(page: Page, what: string): Promise<void> {
  const header = (await page.locator("header.header").boundingBox())!;
  const viewport = page.viewportSize()!;
  const share = (header.y + header.height) / viewport.height;
  assert.ok(share <= 0.14, `${what}: banner and header take ${(share * 100).toFixed(0)}% of the first screen`);
  // The content starts right under it: the navigation is not in between.
  const main = (await page.locator("main").boundingBox())!;
  assert.ok(main.y - (header.y + header.height) < 4, `${what}: the page starts under the header`);
}

/** The reader's nationality and clearance are shown whole, inside the window. */
async function checkClearance(page: Page, level: string, what: string): Promise<void> {
  const clearance = page.getByTestId("who-clearance");
  assert.match(await clearance.innerText(), new RegExp(`${level}$`));
  const box = (await clearance.boundingBox())!;
  const width = page.viewportSize()!.width;
  assert.ok(box.x >= 0 && box.x + box.width <= width, `${what}: the clearance lies inside the window (${box.x}–${box.x + box.width} of ${width})`);
  assert.ok(await clearance.evaluate((e) => e.scrollWidth <= e.clientWidth + 1), `${what}: the clearance is not cut off`);
}

const MAIN_PAGES = ["/", "/overview", "/forums", "/actions", "/programmes", "/agreements", "/engagements", "/organisations", "/people", "/documents", "/search?q=Tel%20Aviv"];

test("the secretariat on a 390×844 phone: a slim frame, a menu, no sideways scrolling, tables as cards", async () => {
  const { context, page, errors } = await openPage(app, PHONE);
  await signIn(page, "priya.secretariat");
  await page.goto("/overview");
  await page.locator("#timeline").waitFor();
  await settled(page);
  await checkFrame(page, "overview");
  await checkClearance(page, en.level[3], "overview");
  await checkNoHorizontalOverflow(page, "overview");
  await shot(page, "phone-overview");

  await page.getByRole("button", { name: en.nav.menu }).click();
  await mainNav(page).getByRole("link", { name: en.nav.documents }).waitFor();
  await page.getByRole("searchbox", { name: en.search.label }).waitFor();
  await checkNoHorizontalOverflow(page, "menu open");
  await shot(page, "phone-menu");
  await page.getByRole("button", { name: en.nav.menu }).click();

  await navigate(page, en.nav.actions);
  // Each action is a card: its marking first and whole, each field under its column's name.
  const row = page.getByTestId("actions-table").locator("tbody tr").first();
  const chip = row.locator(".marking-chip");
  const marking = (await chip.getAttribute("title"))!.split(" — ")[0]!;
  assert.equal(await chip.innerText(), marking);
  assert.ok(await chip.evaluate((e) => e.scrollWidth <= e.clientWidth + 1 && e.getBoundingClientRect().right <= document.documentElement.clientWidth), "the marking is not cut off");
  const chipBox = (await chip.boundingBox())!;
  const titleBox = (await row.locator("td").first().boundingBox())!;
  assert.ok(chipBox.y < titleBox.y, "the marking heads the card");
  assert.equal(await row.locator("td").first().evaluate((e) => getComputedStyle(e, "::before").content), JSON.stringify(en.actions.title));
  assert.equal(await page.getByTestId("actions-table").locator("thead").isVisible(), true, "column names stay for screen readers");
  await checkNoHorizontalOverflow(page, "actions");
  await checkBanners(page);
  await shot(page, "phone-actions");

  for (const path of MAIN_PAGES) {
    await visit(page, path);
    await checkNoHorizontalOverflow(page, path);
    await checkClearance(page, en.level[3], path);
  }
  // A forum, its meeting workspace, a programme: the detail pages.
  await visit(page, "/forums");
  await page.getByRole("link", { name: /Joint Working Group/ }).first().click();
  await page.getByTestId("meetings-table").waitFor();
  await settled(page);
  await checkNoHorizontalOverflow(page, "forum");
  await page.getByRole("link", { name: /^17th meeting/ }).click();
  await page.getByRole("region", { name: en.meetings.minutes, exact: true }).waitFor();
  await settled(page);
  await checkNoHorizontalOverflow(page, "meeting");
  await shot(page, "phone-meeting", true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("at 360 px wide, every role's main pages fit: industry, security officer, auditor, and in Hebrew", async () => {
  const roles: [user: string, pages: string[], level: string, s: Strings, enrol?: boolean][] = [
    ["ravi.industry", [...MAIN_PAGES, "/programmes"], en.level[2], en],
    ["dana.security", [...MAIN_PAGES, "/security/releases", "/security/access"], en.level[4], en, true],
    ["anita.auditor", [...MAIN_PAGES, "/audit"], en.level[2], en],
    ["noa.secretariat", MAIN_PAGES, he.level[3], he],
  ];
  for (const [user, pages, level, s, enrol] of roles) {
    const { context, page, errors } = await openPage(app, SMALL_PHONE);
    if (enrol) await signInAndEnrol(page, user);
    else await signIn(page, user);
    if (s === he) {
      await page.getByRole("button", { name: en.nav.menu }).click();
      await page.getByLabel(en.language.label).selectOption("he");
      await page.waitForFunction(() => document.documentElement.dir === "rtl");
    }
    for (const path of pages) {
      await visit(page, path);
      await checkNoHorizontalOverflow(page, `${user} ${path}`);
      await checkClearance(page, level, `${user} ${path}`);
      await checkFrame(page, `${user} ${path}`);
    }
    if (s === he) {
      await visit(page, "/actions");
      await shot(page, "phone-actions-he");
    }
    assert.deepEqual(errors, [], user);
    await context.close();
  }
});

test("the menu works from the keyboard, and a wide screen shows the navigation without it", async () => {
  const { context, page } = await openPage(app, PHONE);
  await signIn(page, "meera.member");
  await page.goto("/overview");
  await page.locator("#timeline").waitFor();
  const menu = page.getByRole("button", { name: en.nav.menu });
  await menu.focus();
  await page.keyboard.press("Enter");
  await mainNav(page).getByRole("link", { name: en.nav.forums }).waitFor();
  await page.keyboard.press("Enter");
  assert.equal(await mainNav(page).isVisible(), false);
  await page.setViewportSize({ width: 1366, height: 768 });
  assert.equal(await menu.isVisible(), false, "no menu button on a wide screen");
  assert.equal(await mainNav(page).isVisible(), true);
  await context.close();
});
