// A SECRET document for India only: its author sees it everywhere with a SECRET banner; a reader
// without the clearance finds it neither in lists nor in search nor at its address (SPEC 3.2).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { bannerText, checkBanners, en, mainNav, openPage, shot, signIn, startApp, type App } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const TITLE = "Illustrative: quokka annex on co-production offsets";
const search = async (page: Page, q: string) => {
  await page.getByRole("searchbox", { name: en.search.label }).fill(q);
  await page.getByRole("searchbox", { name: en.search.label }).press("Enter");
  await page.getByRole("heading", { level: 1, name: `Results for “${q}”` }).waitFor();
  // The heading comes before the answer: wait for the results (or their absence) themselves.
  await page.getByTestId("search-results").or(page.getByText(en.search.none)).waitFor();
};

test("a SECRET upload is invisible to a reader without the clearance: lists, search, address", async (t) => {
  let address = "";

  await t.test("the secretariat uploads it with a marking from the picker", async () => {
    const { context, page, errors } = await openPage(app);
    await signIn(page, "priya.secretariat");
    await mainNav(page).getByRole("link", { name: en.nav.documents }).click();
    await page.getByRole("link", { name: en.documents.upload }).click();
    await page.getByLabel(en.documents.titleCol).fill(TITLE);
    await page.getByLabel(en.documents.kind).selectOption({ label: "Brief" });
    await page.getByLabel(en.documents.file, { exact: true }).setInputFiles({ name: "offsets.txt", mimeType: "text/plain", buffer: Buffer.from("Illustrative record. India-only SECRET annex.") });
    const picker = page.getByRole("group", { name: en.marking.picker });
    const level = picker.getByLabel(en.marking.classification);
    // Only the levels she may set: up to her clearance (SECRET), not TOP SECRET.
    assert.deepEqual(await level.locator("option").allTextContents(), ["Unclassified", "Restricted", "Confidential", "Secret"]);
    await level.selectOption({ label: "Secret" });
    await picker.getByRole("checkbox", { name: "Israel" }).uncheck();
    // Only her own compartments are offered.
    assert.deepEqual(await picker.getByRole("group", { name: en.marking.compartments }).getByRole("checkbox").evaluateAll((c) => c.map((e) => e.parentElement!.textContent)), ["JWG", "SWG-DIC"]);
    assert.equal(await page.getByTestId("marking-preview").textContent(), "SECRET // IND ONLY");
    await page.getByRole("button", { name: en.documents.uploadSubmit }).click();
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    address = new URL(page.url()).pathname;
    assert.match(address, /^\/documents\/[0-9A-Z]{26}$/);
    assert.equal(await checkBanners(page), "SECRET // IND ONLY");
    await page.getByRole("table").getByText("offsets.txt").waitFor();
    // What was uploaded is what comes back.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
    assert.equal(readFileSync((await download.path())!, "utf8"), "Illustrative record. India-only SECRET annex.");

    // Its author finds it in the list and in search.
    await mainNav(page).getByRole("link", { name: en.nav.documents }).click();
    await page.getByTestId("documents-table").getByRole("link", { name: TITLE }).waitFor();
    await search(page, "quokka");
    await page.getByTestId("search-results").getByRole("link", { name: TITLE }).waitFor();
    assert.match(await bannerText(page), /^SECRET \/\/ IND ONLY/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test("a CONFIDENTIAL member of the JWG does not find it anywhere", async () => {
    const { context, page, errors } = await openPage(app);
    await signIn(page, "meera.member");
    await mainNav(page).getByRole("link", { name: en.nav.documents }).click();
    const list = page.getByTestId("documents-table");
    // What she may read is listed (the check is not passing on an empty page)...
    await list.getByRole("link", { name: "Illustrative: Indian delegation brief for the 17th JWG" }).waitFor();
    // ...and nothing SECRET.
    assert.equal(await list.getByText(TITLE).count(), 0);
    assert.equal(await list.getByText(/SECRET/).count(), 0);
    await shot(page, "documents-confidential-reader");
    assert.equal(await checkBanners(page), "CONFIDENTIAL // REL TO IND, ISR // JWG");

    await search(page, "quokka");
    await page.getByText(en.search.none).waitFor();
    await search(page, "co-production offsets");
    assert.equal(await page.getByText(TITLE).count(), 0);

    // Its address answers exactly as an address that never existed.
    await page.goto(address);
    await page.getByTestId("not-found").waitFor();
    const withheld = await page.locator("main").textContent();
    await page.goto("/documents/01J00000000000000000000000");
    await page.getByTestId("not-found").waitFor();
    assert.equal(await page.locator("main").textContent(), withheld);
    assert.ok(!withheld!.includes("quokka"));
    assert.equal(await checkBanners(page), "UNCLASSIFIED");
    assert.deepEqual(errors, []);
    await context.close();
  });
});

test("the banner follows the highest marking on screen as the reader moves between pages", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "priya.secretariat");
  await mainNav(page).getByRole("link", { name: en.nav.documents }).click();
  await page.getByTestId("documents-table").waitFor();
  // The SECRET papers on the list raise it; their releasability narrows it to India only.
  assert.equal(await checkBanners(page), "SECRET // IND ONLY // JWG, SWG-DIC");
  await page.getByTestId("banner-top").getByText("In India's terms: Secret").waitFor();
  // Leaving the list drops its markings: the organisations are all unclassified.
  await mainNav(page).getByRole("link", { name: en.nav.organisations }).click();
  await page.getByRole("heading", { level: 1, name: en.organisations.title }).waitFor();
  assert.equal(await checkBanners(page), "UNCLASSIFIED");
  // A RESTRICTED document alone on its page.
  await mainNav(page).getByRole("link", { name: en.nav.documents }).click();
  await page.getByRole("link", { name: "Illustrative: 17th JWG draft agenda" }).click();
  await page.getByRole("heading", { level: 1, name: "Illustrative: 17th JWG draft agenda" }).waitFor();
  assert.equal(await checkBanners(page), "RESTRICTED // REL TO IND, ISR // JWG");
  assert.deepEqual(errors, []);
  await context.close();
});
