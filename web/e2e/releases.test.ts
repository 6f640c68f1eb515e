// A security officer decides a release request (SPEC 3.3): the India-only SECRET paper the
// secretariat asked to share with Israel becomes readable by the Israeli secretariat only once
// India's security officer approves. The officer also asks who can read it, and why not.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { checkBanners, en, mainNav, openPage, shot, signIn, signInAndEnrol, startApp, type App } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const PAPER = "Illustrative: Indian negotiating position on co-production";

test("India's security officer approves a release; the Israeli secretariat can then read the paper", async () => {
  // Before: Israel's secretariat (SECRET) does not see the India-only paper.
  const israel = await openPage(app);
  await signIn(israel.page, "noa.secretariat");
  await mainNav(israel.page).getByRole("link", { name: en.nav.documents }).click();
  const list = israel.page.getByTestId("documents-table");
  await list.getByRole("link", { name: "Illustrative: 17th JWG draft agenda" }).waitFor();
  assert.equal(await list.getByText(PAPER).count(), 0);

  const { context, page, errors } = await openPage(app);
  await signInAndEnrol(page, "arjun.security");
  await mainNav(page).getByRole("link", { name: en.nav.releases }).click();
  const card = page.getByTestId("release-card").filter({ hasText: PAPER });
  await card.waitFor();
  // The request says what changes, who asks and why.
  assert.deepEqual(await card.locator(".marking-chip").allTextContents(), ["SECRET // IND ONLY", "SECRET // REL TO IND, ISR"]);
  await card.getByText(/^Asked by Priya Raman/).waitFor();
  await card.getByText("Illustrative: share with the Israeli co-chair before the 18th JWG").waitFor();
  assert.equal(await checkBanners(page), "SECRET // IND ONLY");
  await shot(page, "releases-pending");
  await card.getByLabel(en.releases.note).fill("Cleared for the Israeli co-chair's preparation.");
  await card.getByRole("button", { name: en.releases.approve }).click();
  await page.getByText(en.releases.none).waitFor();

  await page.getByLabel(en.releases.status).selectOption({ label: en.releaseStatus.approved });
  const decided = page.getByTestId("release-card").filter({ hasText: PAPER });
  await decided.getByText(en.releaseStatus.approved, { exact: true }).waitFor();
  await decided.getByText(/by Arjun Mehta .* — Cleared for the Israeli co-chair's preparation\./).waitFor();
  // Decided, the card says what the marking was and what it became, not what it is "now".
  const change = decided.getByTestId("release-change");
  await change.getByText(en.releases.before, { exact: true }).waitFor();
  await change.getByText(en.releases.afterApproval, { exact: true }).waitFor();
  assert.equal(await change.getByText(en.releases.from, { exact: true }).count(), 0);

  // After: the paper is in Israel's list, marked as released.
  await israel.page.reload();
  await list.getByRole("link", { name: PAPER }).click();
  await israel.page.getByRole("heading", { level: 1, name: PAPER }).waitFor();
  assert.equal(await checkBanners(israel.page), "SECRET // REL TO IND, ISR");
  assert.deepEqual([...errors, ...israel.errors], []);
  await israel.context.close();
  await context.close();
});

test("the security officer sees who can read a record, and why a given user cannot", async () => {
  const { context, page, errors } = await openPage(app);
  await signInAndEnrol(page, "dana.security");
  // The Israeli SECRET note for the industry sub-working group.
  // Found by the words of its title, from the navigation: no identifier to paste.
  await mainNav(page).getByRole("link", { name: en.nav.access }).click();
  const picker = page.getByRole("combobox", { name: en.access.findRecord });
  await picker.fill("export-licensing");
  await page.locator("#main").getByRole("button", { name: en.access.search }).click();
  await page.getByRole("option", { name: /IMOD export-licensing note/ }).click();
  const readers = page.getByTestId("readers");
  await readers.getByRole("cell", { name: "noa.secretariat", exact: true }).waitFor();
  await readers.getByRole("cell", { name: "priya.secretariat", exact: true }).waitFor();
  assert.equal(await readers.getByRole("cell", { name: "yossi.member", exact: true }).count(), 0);
  await page.getByRole("combobox", { name: en.access.user, exact: true }).selectOption({ label: "yossi.member — Israel, Restricted" });
  const why = page.getByTestId("access-explanation");
  await why.getByText("yossi.member may not read this record:").waitFor();
  await why.getByText(en.access.rule.clearance).waitFor();
  await why.getByText(en.access.rule.compartments).waitFor();
  // Levels by name, in the user's national terms.
  await why.getByText("Clearance Restricted (מוגבל, Mugbal) is below the required Secret (סודי, Sodi).").waitFor();

  // Typing the start of a title suggests it.
  await picker.fill("Illustrative: 17th JWG dr");
  await page.getByRole("option", { name: /Illustrative: 17th JWG draft agenda/ }).click();
  await page.getByRole("heading", { name: en.access.readers }).waitFor();
  await page.getByText("Illustrative: 17th JWG draft agenda", { exact: true }).first().waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
