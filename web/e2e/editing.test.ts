// Records created and corrected in the browser, by the role allowed to, through the UI only:
// a programme officer adds a partner, a milestone, a technology-transfer phase and a cost line
// and sees the indigenous content change; the secretariat corrects a meeting's venue and an
// action's owner; an action on a `// JWG` meeting stays out of an industry user's sight unless
// its author lowers it on purpose; two people editing one meeting are told of each other.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { bannerText, en, mainNav, openPage, shot, signIn, startApp, type App } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const JWG = /Joint Working Group on Defence Cooperation/;
const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const lastRow = (page: Page, list: string) => page.getByTestId(`list-${list}`).getByTestId(`row-${list}`).last();

async function openProgramme(page: Page, name: RegExp) {
  await mainNav(page).getByRole("link", { name: en.nav.programmes }).click();
  await page.getByRole("link", { name }).first().click();
  await section(page, en.overview.ic).waitFor();
}

async function openMeeting17(page: Page) {
  await mainNav(page).getByRole("link", { name: en.nav.forums }).click();
  await page.getByRole("link", { name: JWG }).first().click();
  await page.getByRole("link", { name: /^17th meeting/ }).first().click();
  await page.getByRole("heading", { level: 1, name: /^17th meeting/ }).waitFor();
}

test("a programme officer adds a partner, a milestone, a technology-transfer phase and a cost line, and the IC recomputes", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "kavita.programme");
  await openProgramme(page, /MRSAM/);
  const ic = section(page, en.overview.ic);
  await ic.getByText("54.55% achieved, 60% required").waitFor();
  await ic.getByText(en.ic.short).waitFor();

  await page.getByRole("link", { name: en.common.edit }).click();
  await page.getByTestId("record-form").waitFor();
  // Elbit joins with 5%: until IAI's share is lowered the shares add up to 105, and the form says so beside the list.
  await page.getByRole("button", { name: en.edit.addPartner }).click();
  await lastRow(page, "partners").getByLabel(en.programmes.organisation, { exact: true }).selectOption({ label: "Elbit Systems" });
  await lastRow(page, "partners").getByLabel(en.programmes.role, { exact: true }).selectOption({ label: en.partnerRole.supplier });
  await lastRow(page, "partners").getByLabel(en.edit.workSharePercent, { exact: true }).fill("5");

  await page.getByRole("button", { name: en.edit.addMilestone }).click();
  await lastRow(page, "milestones").getByLabel(en.edit.milestoneTitle, { exact: true }).fill("Illustrative: third production lot");
  await lastRow(page, "milestones").getByLabel(en.programmes.planned, { exact: true }).fill("2027-03-31");
  await page.getByRole("button", { name: en.edit.addPhase }).click();
  await lastRow(page, "totPhases").getByLabel(en.edit.phase, { exact: true }).selectOption({ label: en.totPhase.raw_material });
  await lastRow(page, "totPhases").getByLabel(en.programmes.planned, { exact: true }).fill("2028-06-30");
  await page.getByRole("button", { name: en.edit.addCostLine }).click();
  await lastRow(page, "costLines").getByLabel(en.edit.costDescription, { exact: true }).fill("Illustrative: launcher made in India");
  await lastRow(page, "costLines").getByLabel(en.ic.costKind, { exact: true }).selectOption({ label: en.costKind.component });
  await lastRow(page, "costLines").getByLabel(en.edit.origin, { exact: true }).selectOption({ label: en.ic.indigenous });
  await lastRow(page, "costLines").getByLabel(en.edit.amount, { exact: true }).fill("300000000");
  await page.getByRole("button", { name: en.common.save }).click();
  await page.getByTestId("error-summary").getByText(en.form.custom.partners).waitFor();
  await page.getByTestId("list-partners").getByTestId("field-error").getByText(en.form.custom.partners).waitFor();
  await shot(page, "programme-editor", true);
  const iai = page.getByTestId("row-partners").filter({ has: page.getByRole("option", { name: "Israel Aerospace Industries", selected: true }) });
  await iai.getByLabel(en.edit.workSharePercent, { exact: true }).fill("35");
  await page.getByRole("button", { name: en.common.save }).click();

  // Back on the programme: the new parts, and indigenous content recomputed by the server.
  await ic.getByText("60% achieved, 60% required").waitFor();
  await ic.getByText(en.ic.compliant).waitFor();
  await section(page, en.programmes.partners).getByRole("link", { name: "Elbit Systems" }).waitFor();
  await section(page, en.programmes.milestones).getByText("Illustrative: third production lot").waitFor();
  await section(page, en.programmes.tot).getByText(en.totPhase.raw_material).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("the secretariat corrects a meeting's venue and an action's owner", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "priya.secretariat");
  await openMeeting17(page);
  await page.getByRole("link", { name: en.common.edit, exact: true }).click();
  await page.getByLabel(en.meetings.venueCity, { exact: true }).fill("Tel Aviv-Yafo");
  await page.getByRole("button", { name: en.common.save }).click();
  await page.getByRole("heading", { level: 1, name: /^17th meeting/ }).waitFor();
  await page.getByText("Tel Aviv-Yafo").first().waitFor();

  await mainNav(page).getByRole("link", { name: en.nav.actions }).click();
  await page.getByRole("link", { name: "Illustrative: circulate the implementation plan for the MoU" }).first().click();
  await page.getByRole("link", { name: en.common.edit, exact: true }).click();
  await page.getByLabel(en.actions.ownerCountry, { exact: true }).selectOption({ label: "Israel" });
  await page.getByLabel(en.actions.ownerOrganisation, { exact: true }).selectOption({ label: "Elbit Systems" });
  await page.getByLabel(en.actions.due, { exact: true }).fill("2026-09-30");
  await page.getByRole("button", { name: en.common.save }).click();
  await page.getByRole("heading", { level: 1, name: "Illustrative: circulate the implementation plan for the MoU" }).waitFor();
  const facts = page.locator(".facts");
  await facts.getByRole("link", { name: "Elbit Systems" }).waitFor();
  await facts.getByText("Israel").first().waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("an action on a // JWG meeting is out of an industry user's sight unless its author lowers it on purpose", async () => {
  const sec = await openPage(app);
  await signIn(sec.page, "priya.secretariat");
  // The next JWG meeting, prepared inside the JWG compartment.
  await mainNav(sec.page).getByRole("link", { name: en.nav.forums }).click();
  await sec.page.getByRole("link", { name: JWG }).first().click();
  const prepare = sec.page.getByRole("region", { name: en.meetings.prepare });
  await prepare.getByLabel(en.meetings.dateStart).fill("2026-12-01");
  await prepare.getByLabel(en.marking.classification).selectOption({ label: en.level[1] });
  await prepare.getByLabel("JWG", { exact: true }).check();
  await prepare.getByRole("button", { name: en.meetings.create }).click();
  await sec.page.getByRole("region", { name: en.meetings.agenda }).waitFor();
  assert.match(await sec.page.locator(".page-head .marking-chip").textContent() ?? "", /JWG/);

  const meetingUrl = sec.page.url();
  const form = sec.page.getByTestId("new-action");
  await sec.page.getByRole("button", { name: en.actions.new }).click();
  // The new action starts with the meeting's marking, and the page's banner says what it will save.
  assert.match(await form.getByTestId("marking-preview").textContent() ?? "", /RESTRICTED .*\/\/ JWG$/);
  assert.equal(await form.getByTestId("lower-than-parent").count(), 0);
  await form.getByLabel(en.actions.title).fill("Illustrative: JWG-only follow-up");
  await form.getByRole("button", { name: en.actions.create }).click();
  await sec.page.getByRole("link", { name: "Illustrative: JWG-only follow-up" }).waitFor();

  // Lowered on purpose: the form says who could then read it before it is saved.
  await sec.page.getByRole("button", { name: en.actions.new }).click();
  await form.getByLabel(en.actions.title).fill("Illustrative: public follow-up");
  await form.getByLabel("JWG", { exact: true }).uncheck();
  await form.getByTestId("lower-than-parent").getByText(/Lower than its meeting: visible to/).waitFor();
  await form.getByTestId("lower-than-parent").getByText(/Readers without JWG could read it/).waitFor();
  await form.getByRole("button", { name: en.actions.create }).click();
  await sec.page.getByRole("link", { name: "Illustrative: public follow-up" }).waitFor();

  // A document attached to the meeting starts with its marking; the banner shows what the upload will be saved at.
  await sec.page.goto(meetingUrl);
  await sec.page.getByRole("link", { name: en.documents.attach }).click();
  await sec.page.getByTestId("attach-to").waitFor();
  assert.match(await sec.page.getByTestId("marking-preview").textContent() ?? "", /^RESTRICTED .*\/\/ JWG$/);
  assert.match(await bannerText(sec.page), /^RESTRICTED .*\/\/ JWG$/);
  await sec.page.getByTestId("upload-form").getByLabel(en.marking.classification).selectOption({ label: en.level[3] });
  await sec.page.waitForFunction(() => document.querySelector("[data-testid=banner-top] .banner-text")?.textContent?.startsWith("SECRET"));
  await sec.page.getByLabel(en.documents.titleCol).fill("Illustrative: JWG seating plan");
  await sec.page.getByTestId("doc-file").setInputFiles({ name: "seating.txt", mimeType: "text/plain", buffer: Buffer.from("Seating plan\n") });
  await sec.page.getByRole("button", { name: en.documents.uploadSubmit }).click();
  await sec.page.getByRole("heading", { level: 1, name: "Illustrative: JWG seating plan" }).waitFor();
  assert.match(await sec.page.locator(".page-head .marking-chip").textContent() ?? "", /SECRET .*JWG/);
  await sec.context.close();

  const ind = await openPage(app);
  await signIn(ind.page, "ravi.industry");
  await mainNav(ind.page).getByRole("link", { name: en.nav.actions }).click();
  await ind.page.getByRole("heading", { level: 1, name: en.actions.tracker }).waitFor();
  await ind.page.getByRole("link", { name: "Illustrative: public follow-up" }).waitFor();
  assert.equal(await ind.page.getByText("Illustrative: JWG-only follow-up").count(), 0);
  assert.deepEqual([...sec.errors, ...ind.errors], []);
  await ind.context.close();
});

test("two people edit the same meeting: the second is told someone else changed it, and sees the newer values", async () => {
  const a = await openPage(app);
  const b = await openPage(app);
  await signIn(a.page, "priya.secretariat");
  await signIn(b.page, "noa.secretariat");
  for (const { page } of [a, b]) {
    await openMeeting17(page);
    await page.getByRole("link", { name: en.common.edit, exact: true }).click();
    await page.getByTestId("record-form").waitFor();
  }
  await a.page.getByLabel(en.meetings.venueCity, { exact: true }).fill("Jerusalem");
  await a.page.getByRole("button", { name: en.common.save }).click();
  await a.page.getByRole("heading", { level: 1, name: /^17th meeting/ }).waitFor();

  await b.page.getByLabel(en.meetings.dateEnd, { exact: true }).fill("2025-11-05");
  await b.page.getByRole("button", { name: en.common.save }).click();
  const conflict = b.page.getByTestId("edit-conflict");
  await conflict.getByText(en.edit.conflictTitle).waitFor();
  await conflict.getByText(new RegExp(en.meetings.venueCity)).waitFor();
  assert.equal(await b.page.getByLabel(en.meetings.venueCity, { exact: true }).inputValue(), "Jerusalem", "the newer value is shown");
  // Made again on the newer version, the change saves.
  await b.page.getByLabel(en.meetings.dateEnd, { exact: true }).fill("2025-11-05");
  await b.page.getByRole("button", { name: en.common.save }).click();
  await b.page.getByRole("heading", { level: 1, name: /^17th meeting/ }).waitFor();
  await b.page.getByText("Jerusalem").first().waitFor();
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});
