// The main pages as their users see them at 1366×768: each renders without errors, fits the window,
// carries banners that agree with the markings on it, and is saved as a screenshot under
// test-output/screenshots (the README shows some of them).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { checkBanners, checkNoHorizontalOverflow, en, mainNav, openPage, shot, signIn, signInAndEnrol, startApp, type App } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test("the relationship overview, for an officer who may read everything: charts whose items are links", async () => {
  const { context, page, errors } = await openPage(app);
  await signInAndEnrol(page, "arjun.security");
  await page.goto("/overview");
  await page.getByRole("heading", { level: 1, name: "India–Israel relationship" }).waitFor();
  await page.locator("#timeline svg").waitFor();
  for (const chart of ["#timeline", "#actions", "#agreements", "#pipeline", "#ic", "#last-meeting"]) {
    assert.ok(await page.locator(chart).getByRole("link").count() > 0, `${chart} links to its records`);
  }
  // The overdue count leads to the overdue actions.
  await page.locator("#actions").getByRole("link", { name: /overdue/ }).waitFor();
  await checkBanners(page);
  await checkNoHorizontalOverflow(page, "overview");
  await shot(page, "overview", true);
  await page.locator("#pipeline").getByRole("link", { name: /Production/ }).click();
  await page.getByRole("heading", { level: 1, name: en.programmes.board }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("the programme office's pages: programmes board, a programme", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "vikram.programme");
  await mainNav(page).getByRole("link", { name: en.nav.programmes }).click();
  await page.getByRole("heading", { level: 1, name: en.programmes.board }).waitFor();
  await checkBanners(page);
  await checkNoHorizontalOverflow(page, "programmes board");
  await shot(page, "programmes");

  await page.getByRole("link", { name: /MRSAM/ }).first().click();
  await page.getByRole("region", { name: en.programmes.partners }).waitFor();
  await page.getByRole("region", { name: en.programmes.milestones }).waitFor();
  await page.getByRole("region", { name: en.programmes.tot }).waitFor();
  await page.getByRole("region", { name: en.overview.ic }).waitFor();
  await checkBanners(page);
  await checkNoHorizontalOverflow(page, "programme");
  await shot(page, "programme", true);

  assert.deepEqual(errors, []);
  await context.close();
});

test("the secretariat's pages: the action tracker, the meeting workspace, documents, search", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "priya.secretariat");
  await mainNav(page).getByRole("link", { name: en.nav.actions }).click();
  await page.getByRole("heading", { level: 1, name: en.actions.tracker }).waitFor();
  await page.getByTestId("actions-table").waitFor();
  // Overdue actions stand out, and the overdue filter keeps only them.
  const overdue = page.locator('[data-testid="actions-table"] tr[data-overdue="true"]');
  const n = await overdue.count();
  assert.ok(n > 0);
  await checkBanners(page);
  await checkNoHorizontalOverflow(page, "actions");
  await shot(page, "actions");
  // The tracker exports to CSV, headed by its derived marking.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: en.actions.exportCsv }).click()]);
  const rows = readFileSync((await csv.path())!, "utf8");
  assert.match(rows, /RESTRICTED/);
  assert.match(rows, /Illustrative: circulate the implementation plan for the MoU/);
  await page.getByLabel(en.actions.overdueOnly).click();
  await page.waitForURL(/[?&]overdue=true/);
  await page.getByText(n === 1 ? "1 action" : `${n} actions`, { exact: true }).waitFor();
  assert.ok(await page.getByLabel(en.actions.overdueOnly).isChecked());
  assert.equal(await page.locator('[data-testid="actions-table"] tbody tr:not([data-overdue])').count(), 0);
  await mainNav(page).getByRole("link", { name: en.nav.forums }).click();
  await page.getByRole("link", { name: /Joint Working Group/ }).first().click();
  await page.getByRole("link", { name: /^17th meeting/ }).click();
  await page.getByRole("region", { name: en.meetings.minutes, exact: true }).waitFor();
  await page.getByTestId("carried-action").first().waitFor();
  // The meeting is unclassified; its RESTRICTED action items raise the page's banner.
  assert.equal(await checkBanners(page), "RESTRICTED // REL TO IND, ISR // JWG");
  await checkNoHorizontalOverflow(page, "meeting");
  await shot(page, "meeting", true);

  await mainNav(page).getByRole("link", { name: en.nav.documents }).click();
  await page.getByTestId("documents-table").waitFor();
  await checkBanners(page);
  await checkNoHorizontalOverflow(page, "documents");
  await shot(page, "documents");

  await page.getByRole("searchbox", { name: en.search.label }).fill("Tel Aviv");
  await page.getByRole("searchbox", { name: en.search.label }).press("Enter");
  await page.getByTestId("search-results").waitFor();
  await checkBanners(page);
  await shot(page, "search");
  for (const [name, link] of [["agreements", en.nav.agreements], ["engagements", en.nav.engagements], ["organisations", en.nav.organisations], ["people", en.nav.people]] as const) {
    await mainNav(page).getByRole("link", { name: link }).click();
    await page.getByRole("table").first().waitFor();
    await checkBanners(page);
    await checkNoHorizontalOverflow(page, name);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("the auditor's log shows the chain verified", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "anita.auditor");
  await mainNav(page).getByRole("link", { name: en.nav.audit }).click();
  await page.getByText(en.audit.chainOk, { exact: true }).waitFor();
  await checkBanners(page);
  await checkNoHorizontalOverflow(page, "audit");
  await shot(page, "audit");
  assert.deepEqual(errors, []);
  await context.close();
});
