// A meeting from preparation to agreed minutes, as the people who do it: the Indian secretariat
// prepares the 18th JWG (the 17th's open actions already on its agenda), records it, and writes
// the minutes; the co-chairs of India and Israel each approve; the 19th carries the new action.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { checkBanners, en, mainNav, openPage, shot, signIn, startApp, type App } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const JWG = /Joint Working Group on Defence Cooperation/;
const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const ACTION = "Illustrative: exchange drafts of the joint training calendar";

async function prepareNextMeeting(page: Page, dateStart: string): Promise<void> {
  await mainNav(page).getByRole("link", { name: en.nav.forums }).click();
  await page.getByRole("link", { name: JWG }).first().click();
  const form = page.getByRole("region", { name: en.meetings.prepare });
  await form.getByLabel(en.meetings.dateStart).fill(dateStart);
  await form.getByLabel(en.meetings.venueCity, { exact: true }).fill("New Delhi");
  await form.getByLabel(en.meetings.venueCountry, { exact: true }).selectOption({ label: "India" });
  await form.getByLabel(/^Co-chair for India \(\u2068?Defence Secretary\u2069?\)$/).selectOption({ label: "Rajesh Kumar Singh — Defence Secretary" });
  await form.getByLabel(/^Co-chair for Israel \(\u2068?Director General, Ministry of Defence\u2069?\)$/).selectOption({ label: "Amir Baram — Director General, Ministry of Defence" });
  await form.getByRole("button", { name: en.meetings.create }).click();
  await page.getByRole("region", { name: en.meetings.agenda }).waitFor();
}

const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

test("prepare, hold and agree a meeting as two co-chairs of different countries; the next meeting carries its open action", async (t) => {
  let meetingUrl = "";

  await t.test("the secretariat prepares the 18th JWG: the 17th's open actions are on its agenda", async () => {
    const { context, page, errors } = await openPage(app);
    await signIn(page, "priya.secretariat");
    // Today: a meeting is marked held only from its first day.
    await prepareNextMeeting(page, isoDay(0));
    meetingUrl = page.url();
    await page.getByRole("heading", { level: 1, name: /^18th meeting of the India–Israel Joint Working Group/ }).waitFor();
    const agenda = section(page, en.meetings.agenda);
    // The forum's standing agenda, then the actions the 17th left open.
    await agenda.getByText("Opening remarks by the co-chairs").waitFor();
    const carried = agenda.getByTestId("carried-action");
    await carried.filter({ hasText: "Illustrative: circulate the implementation plan for the MoU" }).waitFor();
    await carried.filter({ hasText: "Illustrative: nominate points of contact for AI and cyber security" }).waitFor();
    assert.equal(await page.getByTestId("meeting-status").textContent(), en.meetingStatus.planned);

    // Preparing the agenda: one more item, moved up above "Any other business".
    await agenda.getByRole("button", { name: en.meetings.editAgenda }).click();
    await agenda.getByRole("button", { name: en.meetings.addItem }).click();
    const n = await agenda.getByTestId("agenda-editor").locator(".edit-list > li").count();
    await agenda.getByRole("textbox", { name: `Item ${n}`, exact: true }).fill("Joint training calendar for 2027");
    await agenda.getByRole("button", { name: `Move item ${n} up` }).click();
    await agenda.getByRole("button", { name: en.common.save }).click();
    await agenda.getByTestId("agenda").getByText("Joint training calendar for 2027").waitFor();
    const titles = await agenda.getByTestId("agenda").locator(":scope > li").allTextContents();
    assert.equal(titles.findIndex((x) => x.includes("Joint training calendar for 2027")), n - 2, `agenda order: ${titles.join(" | ")}`);
    // A carried-over item shows the action itself, not a generic title.
    assert.ok(!titles.some((x) => x.includes("Carried-over action")));
    // The carried-over actions kept their link to the action through the edit.
    assert.equal(await agenda.getByTestId("carried-action").count(), await carried.count());
    await carried.first().waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test("the secretariat holds it: attendance, outcomes, an action, minutes in two versions", async () => {
    const { context, page, errors } = await openPage(app);
    await signIn(page, "priya.secretariat");
    await page.goto(meetingUrl);
    // The meeting goes into a calendar as an iCalendar file.
    const [ics] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: en.meetings.exportCalendar }).click()]);
    const calendar = readFileSync((await ics.path())!, "utf8");
    assert.match(calendar, /BEGIN:VCALENDAR[\s\S]*BEGIN:VEVENT[\s\S]*18th meeting/);
    await page.getByRole("button", { name: en.meetings.markHeld }).click();
    await page.getByRole("dialog").getByRole("button", { name: en.meetings.yesHeld }).click();
    await page.getByTestId("meeting-status").getByText(en.meetingStatus.held).waitFor();

    const attendance = section(page, en.meetings.attendance);
    for (const [country, person] of [["India", "Rajesh Kumar Singh — Defence Secretary"], ["Israel", "Amir Baram — Director General, Ministry of Defence"]]) {
      await attendance.getByLabel(en.meetings.delegation).selectOption({ label: country! });
      await attendance.getByLabel(en.meetings.person).selectOption({ label: person! });
      await attendance.getByLabel(en.meetings.role).fill("Co-chair");
      await attendance.getByRole("button", { name: en.meetings.addParticipant }).click();
    }
    await attendance.getByRole("button", { name: en.meetings.saveAttendance }).click();
    await attendance.getByRole("link", { name: "Amir Baram" }).waitFor();
    await attendance.getByRole("link", { name: "Rajesh Kumar Singh" }).waitFor();
    assert.equal(await attendance.getByRole("checkbox", { checked: true }).count(), 2);

    const outcomes = section(page, en.meetings.outcomes);
    await outcomes.getByRole("button", { name: en.meetings.editOutcomes }).click();
    await outcomes.getByLabel("Outcome 1").fill("Both sides agreed to hold a joint staff exercise in 2027.");
    await outcomes.getByRole("button", { name: en.common.save }).click();
    await outcomes.getByTestId("outcomes").getByText("Both sides agreed to hold a joint staff exercise in 2027.").waitFor();

    const actions = section(page, en.meetings.actions);
    await actions.getByRole("button", { name: en.actions.new }).click();
    await actions.getByLabel(en.actions.title, { exact: true }).fill(ACTION);
    await actions.getByLabel(en.actions.due, { exact: true }).fill(isoDay(60));
    await actions.getByLabel(en.actions.fromOutcome).selectOption({ index: 1 });
    await actions.getByRole("button", { name: en.actions.create }).click();
    await actions.getByTestId("actions-table").getByRole("link", { name: ACTION }).waitFor();

    const minutes = section(page, en.meetings.minutes);
    await minutes.getByRole("textbox", { name: en.minutes.firstVersion }).fill("Illustrative minutes of the 18th JWG, first draft.");
    await minutes.getByRole("button", { name: en.minutes.save }).click();
    await minutes.getByTestId("minutes-state").getByText(/^Version 1 awaits the approval of /).waitFor();
    await minutes.getByRole("textbox", { name: en.minutes.newVersion }).fill("Illustrative minutes of the 18th JWG, as corrected by both delegations.");
    await minutes.getByRole("button", { name: en.minutes.save }).click();
    await minutes.getByTestId("minutes-state").getByText(/^Version 2 awaits the approval of /).waitFor();
    const versions = minutes.getByTestId("minutes-versions").locator(":scope > li");
    // The history is fetched again after the save: wait for it before counting.
    await versions.filter({ hasText: "Version 2" }).waitFor();
    assert.equal(await versions.count(), 2);
    await versions.filter({ hasText: "Version 1" }).getByText(en.minutes.superseded).waitFor();
    // The secretariat is no co-chair: no approval is offered (the API refuses one too).
    assert.equal(await minutes.getByRole("button", { name: /^Approve version/ }).count(), 0);
    assert.equal(await versions.getByText(/^Approved by /).count(), 0);
    await checkBanners(page);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test("India's co-chair approves; the minutes wait for Israel", async () => {
    const { context, page, errors } = await openPage(app);
    await signIn(page, "ind.cochair");
    await page.goto(meetingUrl);
    const minutes = section(page, en.meetings.minutes);
    await minutes.getByRole("button", { name: "Approve version 2 for India" }).click();
    await page.getByRole("dialog").getByRole("button", { name: en.minutes.yesApprove }).click();
    const v2 = minutes.getByTestId("minutes-versions").locator(":scope > li").filter({ hasText: "Version 2" });
    await v2.getByText(/^Approved by .+ for India on /).waitFor();
    await minutes.getByTestId("minutes-state").getByText(/^Version 2 awaits the approval of /).waitFor();
    assert.equal(await minutes.getByRole("button", { name: /^Approve version/ }).count(), 0, "approved once");
    assert.equal(await page.getByTestId("meeting-status").textContent(), en.meetingStatus.held);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test("Israel's co-chair approves the same version: the minutes are agreed", async () => {
    const { context, page, errors } = await openPage(app);
    await signIn(page, "isr.cochair");
    await page.goto(meetingUrl);
    const minutes = section(page, en.meetings.minutes);
    await minutes.getByRole("button", { name: "Approve version 2 for Israel" }).click();
    await page.getByRole("dialog").getByRole("button", { name: en.minutes.yesApprove }).click();
    await minutes.getByTestId("minutes-state").getByText("Minutes agreed (version 2)").waitFor();
    await page.getByTestId("meeting-status").getByText(en.meetingStatus.minutes_agreed).waitFor();
    const v2 = minutes.getByTestId("minutes-versions").locator(":scope > li").filter({ hasText: "Version 2" });
    await v2.getByText(/^Approved by .+ for India on /).waitFor();
    await v2.getByText(/^Approved by .+ for Israel on /).waitFor();
    await v2.getByText(en.minutes.agreedShort, { exact: true }).waitFor();
    const v1 = minutes.getByTestId("minutes-versions").locator(":scope > li").filter({ hasText: "Version 1" });
    await v1.getByText(en.minutes.noApprovals).waitFor();
    await shot(page, "meeting-agreed", true);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test("the 19th meeting has the 18th's open action on its agenda", async () => {
    const { context, page, errors } = await openPage(app);
    await signIn(page, "priya.secretariat");
    await prepareNextMeeting(page, isoDay(180));
    await page.getByRole("heading", { level: 1, name: /^19th meeting/ }).waitFor();
    meetingUrl = page.url();
    const carried = section(page, en.meetings.agenda).getByTestId("carried-action").filter({ hasText: ACTION });
    await carried.waitFor();
    await carried.getByText(en.meetings.carriedOver).waitFor();
    // The action knows where it stands: raised at the 18th, on the 19th's agenda.
    await carried.getByRole("link", { name: ACTION }).click();
    const onAgenda = page.locator(".facts > div").filter({ hasText: en.actions.onAgendaOf });
    await onAgenda.getByRole("link", { name: /^19th meeting/ }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test("two people editing the 19th's outcomes at once: the second is told, and the first's edit stays", async () => {
    const first = await openPage(app);
    const second = await openPage(app);
    for (const p of [first.page, second.page]) {
      await signIn(p, "priya.secretariat");
      await p.goto(meetingUrl);
      await section(p, en.meetings.outcomes).getByRole("button", { name: en.meetings.editOutcomes }).click();
    }
    const save = async (p: Page, text: string) => {
      const outcomes = section(p, en.meetings.outcomes);
      await outcomes.getByLabel("Outcome 1").fill(text);
      await outcomes.getByRole("button", { name: en.common.save }).click();
    };
    await save(first.page, "First: a joint exercise in 2027.");
    await section(first.page, en.meetings.outcomes).getByTestId("outcomes").getByText("First: a joint exercise in 2027.").waitFor();
    // The second page read the meeting before the first saved: its change is refused, not saved over.
    await save(second.page, "Second: no exercise.");
    await second.page.getByText(en.errors.precondition_failed).first().waitFor();
    await second.page.reload();
    await section(second.page, en.meetings.outcomes).getByTestId("outcomes").getByText("First: a joint exercise in 2027.").waitFor();
    assert.equal(await second.page.getByText("Second: no exercise.").count(), 0);
    assert.deepEqual(first.errors, []);
    await first.context.close();
    await second.context.close();
  });
});
