// The home page opens on the relationship between the reader's country and its partner, under a
// heading naming both; the reader's own country is no tab of its own; with more partners, a tab
// each (nothing assumes only two countries); and what the reader may not see reads as "none that
// you may see", never as "none exist".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { en, he, openPage, settled, signIn, startApp, type App } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const heading = (own: string, partner: string) => en.overview.title.replace("{{own}}", own).replace("{{partner}}", partner);

test("an Indian reader lands on the India–Israel relationship, with no India tab repeating it", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "meera.member");
  // My work is the home page; the overview is one click away.
  await page.getByTestId("to-overview").click();
  await page.getByRole("heading", { level: 1, name: heading("India", "Israel") }).waitFor();
  await page.locator("#timeline svg").waitFor();
  // One partner: no tabs at all, and nothing links to an "India" overview.
  assert.equal(await page.getByRole("navigation", { name: en.overview.partners }).count(), 0);
  assert.equal(await page.locator('a[href="/overview/IND"]').count(), 0);
  // The reader's own country is no relationship: its address opens the partner's.
  await page.goto("/overview/IND");
  await page.waitForURL((url) => url.pathname === "/overview");
  await page.getByRole("heading", { level: 1, name: heading("India", "Israel") }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("an Israeli reader without programme compartments: Israel–India, and 'none that you may see'", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "yossi.member");
  await page.goto("/overview");
  await page.getByRole("heading", { level: 1, name: heading("Israel", "India") }).waitFor();
  await settled(page);
  // No empty chart that reads as "no programmes exist".
  for (const section of ["#pipeline", "#ic"]) {
    await page.locator(section).getByText(en.common.noneVisible).waitFor();
  }
  assert.equal(await page.getByTestId("pipeline").count(), 0);
  await page.getByTestId("overview-scope").getByText(en.overview.scope).waitFor();
  // The same in Hebrew.
  await page.getByLabel(en.language.label).selectOption("he");
  await page.locator("#pipeline").getByText(he.common.noneVisible).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("with a third country on the platform, a tab per partner and never the reader's own", async () => {
  const now = new Date().toISOString();
  await app.env.store.db.insertInto("countries").values({ code: "FRA", name_en: "France", name_native: "France", created_at: now }).execute();
  for (const [rank, name] of ["Non protégé", "Diffusion restreinte", "Confidentiel", "Secret", "Très secret"].entries()) {
    await app.env.store.db.insertInto("classification_levels").values({ country: "FRA", rank, name, native_name: name }).execute();
  }
  const { context, page, errors } = await openPage(app);
  await signIn(page, "meera.member");
  await page.goto("/overview");
  const tabs = page.getByRole("navigation", { name: en.overview.partners });
  await tabs.waitFor();
  // The platform's partners in its order; the reader's own country is not among them.
  assert.deepEqual(await tabs.getByRole("link").allInnerTexts(), ["France", "Israel"]);
  await tabs.getByRole("link", { name: "France" }).click();
  await page.getByRole("heading", { level: 1, name: heading("India", "France") }).waitFor();
  assert.equal(await tabs.getByRole("link", { name: "France" }).getAttribute("aria-current"), "page");
  await settled(page);
  // Nothing with France is recorded: every part says so without claiming none exist.
  assert.equal(await page.getByText(en.common.noneVisible, { exact: true }).count(), 6);
  // The home page opens on the partner the reader last looked at.
  await tabs.getByRole("link", { name: "Israel" }).click();
  await page.locator("#timeline svg").waitFor();
  await page.goto("/overview");
  await page.getByRole("heading", { level: 1, name: heading("India", "Israel") }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
