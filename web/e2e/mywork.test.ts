// My work, notifications and the meeting life cycle in the browser (issue 14): Israel's co-chair
// finds "Minutes awaiting your approval" on My work and approves from there (after a
// confirmation); the secretariat's e-mail then reaches the test's SMTP server carrying no
// classified word; India's security officer decides a release from My work; a future meeting
// offers no "Mark as held"; and two versions of the minutes compare with the change shown.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { BrowserContext } from "playwright-core";
import { checkBanners, en, openPage, password, settled, shot, signIn, signInAndEnrol, startApp, type App } from "./browser.ts";
import { startSmtp } from "../../src/notify/smtp-testing.ts";

let app: App;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
before(async () => {
  smtp = await startSmtp();
  app = await startApp({ mail: smtp.config(100) });
});
after(async () => {
  await app?.close();
  await smtp?.close();
});

/** Signs a browser context in through the API, answering its CSRF token. */
async function apiSignIn(context: BrowserContext, username: string): Promise<string> {
  const res = await context.request.post("/api/auth/signin", { data: { username, password: password(username) } });
  assert.equal(res.status(), 200);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/** Words of the demo's classified records that an e-mail must never carry. */
const CLASSIFIED_WORDS = ["17th", "Joint Working Group", "JWG", "Tel Aviv", "minutes of the", "Illustrative", "RESTRICTED", "SECRET", "CONFIDENTIAL", "co-chairs welcomed"];

test("Israel's co-chair approves the minutes from My work; the secretariat's e-mail says only that something awaits", async () => {
  // The secretariat asks for e-mail on the settings page.
  {
    const { context, page, errors } = await openPage(app);
    await signIn(page, "priya.secretariat");
    await page.goto("/notifications/settings");
    await page.getByLabel(en.notifications.email).fill("priya@mod.example");
    await page.getByRole("button", { name: en.common.save }).click();
    await page.getByText(en.notifications.saved).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  }
  const { context, page, errors } = await openPage(app);
  await signIn(page, "isr.cochair");
  const part = page.getByRole("region", { name: new RegExp(`^${en.mywork.minutesToApprove}`) });
  await part.waitFor();
  await part.getByRole("link", { name: /17th meeting/ }).waitFor();
  const badge = page.getByTestId("work-badge").locator(".badge-count");
  const waiting = Number(await badge.innerText());
  assert.ok(waiting >= 1, "the header counts it");
  await checkBanners(page);
  await shot(page, "my-work", true);
  // Approving asks first; "Cancel" does nothing.
  await part.getByRole("button", { name: en.mywork.approve.replace("{{version}}", "1") }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  await dialog.getByRole("button", { name: en.common.cancel }).click();
  assert.equal(await part.isVisible(), true);
  await part.getByRole("button", { name: en.mywork.approve.replace("{{version}}", "1") }).click();
  await dialog.getByRole("button", { name: en.mywork.yesApprove }).click();
  await part.waitFor({ state: "detached" });
  await badge.getByText(String(waiting - 1), { exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();

  const mails = await smtp.waitFor(1);
  const mail = mails.find((m) => m.to.includes("priya@mod.example"));
  assert.ok(mail, `an e-mail to the secretariat: ${mails.map((m) => m.to.join()).join("; ")}`);
  assert.match(mail.raw, /Subject: Something awaits you in Accord/);
  assert.ok(mail.raw.includes(app.base), "it links to Accord");
  for (const word of CLASSIFIED_WORDS) assert.ok(!mail.raw.toLowerCase().includes(word.toLowerCase()), `the e-mail carries "${word}"`);

  // In the app, the secretariat's notification names the meeting.
  const sec = await openPage(app);
  await signIn(sec.page, "priya.secretariat");
  await sec.page.getByTestId("unread-badge").click();
  await sec.page.getByTestId("notification").filter({ hasText: en.notifications.event.minutes_agreed }).getByRole("link", { name: /17th meeting/ }).waitFor();
  await sec.context.close();
});

test("India's security officer decides the pending release from My work", async () => {
  const { context, page, errors } = await openPage(app);
  await signInAndEnrol(page, "arjun.security");
  const part = page.getByRole("region", { name: new RegExp(`^${en.mywork.releasesToDecide}`) });
  await part.waitFor();
  const items = part.getByRole("listitem");
  assert.equal(await items.count(), 1);
  await items.first().getByRole("button", { name: en.mywork.release, exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: en.mywork.yesRelease }).click();
  await part.waitFor({ state: "detached" });
  await checkBanners(page);
  assert.deepEqual(errors, []);
  await context.close();
  // The requester sees the outcome on her My work.
  const sec = await openPage(app);
  await signIn(sec.page, "priya.secretariat");
  await sec.page.getByRole("region", { name: new RegExp(`^${en.mywork.myReleases}`) }).getByText(en.mywork.releaseStatus.approved).waitFor();
  await sec.context.close();
});

test("a future meeting offers no \"Mark as held\", and says from when it can be", async () => {
  const { context, page, errors } = await openPage(app);
  const csrf = await apiSignIn(context, "priya.secretariat");
  const forums = await (await context.request.get("/api/forums?limit=50")).json() as { items: { id: string; name: string }[] };
  const jwg = forums.items.find((f) => f.name.startsWith("India–Israel Joint Working Group"))!;
  const start = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const made = await context.request.post("/api/meetings", { data: { forumId: jwg.id, dateStart: start, venueCity: "New Delhi", venueCountry: "IND" }, headers: { "x-csrf-token": csrf } });
  assert.equal(made.status(), 201, await made.text());
  const meeting = await made.json() as { id: string };
  await page.goto(`/meetings/${meeting.id}`);
  await page.getByTestId("held-not-yet").waitFor();
  assert.equal(await page.getByTestId("mark-held").count(), 0, "no control to mark it held");
  const refused = await context.request.patch(`/api/meetings/${meeting.id}`, { data: { status: "held" }, headers: { "x-csrf-token": csrf } });
  assert.equal(refused.status(), 409, "and the server refuses it");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a new version of the minutes starts from the last one's text, and the two compare with the change shown", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "priya.secretariat");
  const forums = await (await context.request.get("/api/meetings?limit=50")).json() as { items: { id: string; title: string }[] };
  const m17 = forums.items.find((m) => m.title.startsWith("17th meeting"))!;
  await page.goto(`/meetings/${m17.id}`);
  const editor = page.getByTestId("minutes-text");
  await editor.waitFor();
  const previous = await editor.inputValue();
  assert.match(previous, /^Illustrative minutes of the 17th JWG/, "the new version starts from the agreed text");
  await editor.fill(previous.replace("reviewed ongoing defence cooperation", "assessed ongoing defence cooperation"));
  await page.getByTestId("minutes-save").click();
  await page.getByTestId("minutes-state").getByText(/Version 2 awaits the approval of/).waitFor();
  const diff = page.getByTestId("minutes-diff");
  await diff.waitFor();
  assert.deepEqual(await diff.locator("del").allInnerTexts(), ["reviewed"]);
  assert.deepEqual(await diff.locator("ins").allInnerTexts(), ["assessed"]);
  await settled(page);
  await page.getByTestId("minutes-compare").scrollIntoViewIfNeeded();
  await shot(page, "minutes-diff");
  assert.deepEqual(errors, []);
  await context.close();
});
