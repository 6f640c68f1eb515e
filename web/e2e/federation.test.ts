// Two countries' Accords in Chromium (SPEC 8): India's instance and Israel's, each with the part of
// the demo story its country originates (as `accord demo federation` loads it), linked as peers
// and pushing to each other on their own timers over HTTP. Israel's security officer sees the link
// and India's fingerprint; Israel's co-chair finds the 18th JWG received from India, read-only, and
// approves its minutes there; the approval travels to India, and India's view shows them agreed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { WEB_DIST } from "../../src/http/server.ts";
import { seedIndiaInstance, seedIsraelInstance } from "../../src/seed/federation.ts";
import { link, startInstance, type Instance } from "../../src/federation/testing.ts";
import { DEMO_LINK } from "../../src/federation/demo.ts";
import { checkBanners, codeFor, en, mainNav, password, settled, shot, signInAndEnrol } from "./browser.ts";

let ind: Instance;
let isr: Instance;
let browser: Browser;
let m18 = "";
let danaSecret = "";

before(async () => {
  if (!existsSync(join(WEB_DIST, "index.html"))) throw new Error("web/dist is missing: run `npm run build` first (npm test does).");
  ind = await startInstance("sqlite", "IND", { intervalMs: 300 });
  isr = await startInstance("sqlite", "ISR", { intervalMs: 300 });
  m18 = (await seedIndiaInstance(ind.env.store)).m18;
  await seedIsraelInstance(isr.env.store);
  await link(ind, isr, DEMO_LINK.level, DEMO_LINK.compartments);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
});
after(async () => {
  await browser?.close();
  await ind?.close();
  await isr?.close();
});

async function open(instance: Instance) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: instance.url, locale: "en-GB", timezoneId: "Asia/Kolkata" });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

async function signIn(page: Page, username: string) {
  await page.goto("/");
  await page.getByLabel(en.auth.username).fill(username);
  await page.getByLabel(en.auth.password).fill(password(username));
  await page.getByRole("button", { name: en.auth.signIn }).click();
  await mainNav(page).waitFor({ state: "attached" });
}

/** Reloads until the text shows (the peers push every 300 ms), within a bound. */
async function untilShown(page: Page, testId: string, text: string | RegExp, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await page.getByTestId(testId).filter({ hasText: text }).count()) return;
    if (Date.now() > end) throw new Error(`${testId} never showed ${text}: ${await page.getByTestId(testId).allTextContents()}`);
    await page.waitForTimeout(300);
    await page.reload();
    await settled(page);
  }
}

const M18 = /^18th meeting of the India–Israel Joint Working Group/;
const M18_IN = /18th meeting of the India–Israel Joint Working Group/;

test("Israel's security officer sees the link with India: its state, level, compartments and fingerprint", async () => {
  const { context, page, errors } = await open(isr);
  danaSecret = await signInAndEnrol(page, "dana.security");
  await mainNav(page).getByRole("link", { name: en.nav.federation }).click();
  await page.getByRole("heading", { level: 1, name: en.federation.title }).waitFor();
  const own = (await isr.officer.get("/api/federation/peers")).body.identity.fingerprint as string;
  assert.equal(await page.getByTestId("own-fingerprint").textContent(), own);
  const card = page.getByTestId("peer-card").filter({ hasText: "India's Accord" });
  await card.getByText(en.federation.status.active).waitFor();
  await card.getByText("JWG, SWG-DIC").waitFor();
  await card.getByText(en.level["3"]).first().waitFor();
  const indiaFp = (await ind.officer.get("/api/federation/peers")).body.identity.fingerprint as string;
  await card.getByText(indiaFp).waitFor();
  await untilShown(page, "peer-queue", en.federation.queueEmpty);
  await shot(page, "federation-peers", true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Israel's co-chair finds the 18th JWG received from India, read-only, and approves its minutes; India's view shows them agreed", async (t) => {
  let replicaUrl = "";
  await t.test("My work says its minutes wait for Israel's co-chair; Received lists it: from India's Accord, with its marking", async () => {
    const { context, page, errors } = await open(isr);
    await signIn(page, "isr.cochair");
    // My work, the home page: received meetings whose minutes wait for this co-chair.
    await untilShown(page, "received-to-approve", M18_IN);
    const waiting = page.getByTestId("received-to-approve");
    await waiting.getByRole("heading", { name: new RegExp(`^${en.mywork.receivedToApprove}`) }).waitFor();
    await waiting.getByText("version 1, from India's Accord").first().waitFor();
    await shot(page, "federation-mywork");
    await mainNav(page).getByRole("link", { name: en.nav.received }).click();
    await page.getByRole("heading", { level: 1, name: en.received.title }).waitFor();
    await untilShown(page, "received", M18_IN);
    const row = page.getByTestId("received-row").filter({ hasText: M18_IN });
    await row.getByText("India's Accord").waitFor();
    await row.getByText("RESTRICTED // REL TO IND, ISR // JWG").waitFor();
    // Israel's own paper is no received record.
    assert.equal(await page.getByTestId("received-row").filter({ hasText: "Israel's proposals for the 18th JWG" }).count(), 0);
    await checkBanners(page);
    await shot(page, "federation-received");
    await row.getByRole("link", { name: M18 }).click();
    await page.getByRole("heading", { level: 1, name: M18 }).waitFor();
    replicaUrl = page.url();
    assert.ok(replicaUrl.endsWith(`/received/${m18}`));
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test("the replica says where it came from, keeps its marking, has no edit controls, and the co-chair approves", async () => {
    const { context, page, errors } = await open(isr);
    await signIn(page, "isr.cochair");
    await page.goto(replicaUrl);
    const origin = page.getByTestId("replica-origin");
    await origin.getByText(/^From India's Accord, received /).waitFor();
    await origin.getByText(en.received.readOnly).waitFor();
    assert.equal(await checkBanners(page), "RESTRICTED // REL TO IND, ISR // JWG");
    assert.equal(await page.getByRole("button", { name: en.common.edit }).count(), 0);
    assert.equal(await page.getByRole("link", { name: en.common.edit }).count(), 0);
    const minutes = page.getByRole("region", { name: en.meetings.minutes, exact: true });
    await minutes.getByText("Illustrative minutes of the 18th JWG, New Delhi").waitFor();
    await minutes.getByTestId("approval").filter({ hasText: "India" }).waitFor();
    await minutes.getByText(/^SHA-256 [0-9a-f]{64}$/).first().waitFor();
    await shot(page, "federation-replica-before", true);

    // Reached from My work too.
    await page.goto("/");
    await page.getByTestId(`review-${m18}`).click();
    await page.getByRole("heading", { level: 1, name: M18 }).waitFor();
    await page.getByTestId("approve-minutes").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(/travels to India's Accord, which owns the meeting/).waitFor();
    await dialog.getByRole("button", { name: en.minutes.yesApprove }).click();
    await page.getByTestId("contribution").first().waitFor();
    // Waiting for India, then applied: India's answer and the meeting's new state come back.
    await untilShown(page, "contribution", en.received.state.applied);
    await untilShown(page, "minutes-state", /Minutes agreed/);
    assert.equal(await page.getByTestId("approve-minutes").count(), 0, "nothing more to approve");
    await page.goto("/");
    await page.getByTestId("received-to-approve").filter({ hasText: "17th meeting" }).waitFor();
    assert.equal(await page.getByTestId("received-to-approve").filter({ hasText: M18_IN }).count(), 0, "the 18th waits no more");
    await page.goto(replicaUrl);
    await shot(page, "federation-replica-agreed", true);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test("India's view of its own meeting shows the minutes agreed, with Israel's approval", async () => {
    const { context, page, errors } = await open(ind);
    await signIn(page, "priya.secretariat");
    await page.goto(`/meetings/${m18}`);
    await page.getByRole("heading", { level: 1, name: M18 }).waitFor();
    await page.getByTestId("minutes-state").getByText(/^Minutes agreed/).waitFor();
    await page.getByTestId("approval").filter({ hasText: "Israel" }).waitFor();
    await shot(page, "federation-india-agreed", true);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

test("a received document shows its own marking, its content in the reader's words, and its file with its SHA-256", async () => {
  const title = "Illustrative: Indian delegation brief for the 17th JWG";
  const doc = await ind.env.store.db.selectFrom("records").select("id").where("title", "=", title).executeTakeFirstOrThrow();
  const { context, page, errors } = await open(isr);
  await signIn(page, "noa.secretariat");
  await page.goto(`/received/${doc.id}`);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  assert.equal(await checkBanners(page), "CONFIDENTIAL // REL TO IND, ISR // JWG");
  await page.getByRole("region", { name: en.received.content }).getByText(en.form.fields.kind).waitFor();
  const files = page.getByTestId("replica-files");
  await files.getByText(/\.txt$/).waitFor();
  const hashLine = await files.getByText(/^SHA-256 [0-9a-f]{64}$/).textContent();
  // The file downloads from the replica page with the SHA-256 it shows.
  const [download] = await Promise.all([page.waitForEvent("download"), files.getByTestId("replica-download").click()]);
  const bytes = readFileSync((await download.path())!);
  assert.equal(`SHA-256 ${createHash("sha256").update(bytes).digest("hex")}`, hashLine);
  assert.match(download.suggestedFilename(), /\.txt$/);
  // A reader without the JWG compartment finds nothing there, as for a record that does not exist.
  await context.close();
  const outsider = await open(isr);
  await signIn(outsider.page, "yossi.member");
  await outsider.page.goto(`/received/${doc.id}`);
  await outsider.page.getByTestId("not-found").waitFor();
  assert.deepEqual(errors, []);
  await outsider.context.close();
});

test("Israel's secretariat records progress on an action of the 18th JWG that Israel owns; India applies it", async () => {
  const title = "Illustrative: report on the co-production roadmap to the 19th JWG";
  const action = await ind.env.store.db.selectFrom("records").select("id").where("title", "=", title).executeTakeFirstOrThrow();
  // A member who is neither its owner nor the secretariat reads it, with no form to send progress.
  const member = await open(isr);
  await signIn(member.page, "isr.cochair");
  await member.page.goto(`/received/${action.id}`);
  await member.page.getByRole("heading", { level: 1, name: title }).waitFor();
  await settled(member.page);
  assert.equal(await member.page.getByTestId("progress-form").count(), 0);
  await member.context.close();
  const { context, page, errors } = await open(isr);
  await signIn(page, "noa.secretariat");
  await page.goto(`/received/${action.id}`);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  const form = page.getByTestId("progress-form");
  await form.getByText(/goes to India's Accord, which owns the action/).waitFor();
  await form.getByLabel(en.received.note).fill("Roadmap outline shared with the industry directorate.");
  await form.getByLabel(en.received.newStatus).selectOption({ label: en.actionStatus.in_progress });
  await form.getByRole("button", { name: en.received.sendProgress }).click();
  await page.getByTestId("contribution").first().waitFor();
  await untilShown(page, "contribution", en.received.state.applied);
  await untilShown(page, "replica-progress", "Roadmap outline shared with the industry directorate.");
  await shot(page, "federation-action-progress", true);
  const there = (await ind.author.get(`/api/actions/${action.id}`)).body;
  assert.equal(there.status, "in_progress");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Israel's security officer suspends the link (India's records are retracted), resumes it, and a bad key is refused beside its field", async () => {
  const { context, page, errors } = await open(isr);
  await page.goto("/");
  await page.getByLabel(en.auth.username).fill("dana.security");
  await page.getByLabel(en.auth.password).fill(password("dana.security"));
  // One step ahead: the enrolment's code was used in this step already.
  await page.getByLabel(en.auth.totpOptional).fill(codeFor("dana.security", danaSecret, 30_000));
  await page.getByRole("button", { name: en.auth.signIn }).click();
  await mainNav(page).waitFor({ state: "attached" });
  await page.goto("/security/federation");
  const card = page.getByTestId("peer-card").filter({ hasText: "India's Accord" });
  await card.getByTestId("peer-suspend-IND").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText(/Everything it holds from this instance is retracted/).waitFor();
  await dialog.getByRole("button", { name: en.federation.yesSuspend }).click();
  await card.getByText(en.federation.status.suspended).waitFor();
  // India's records on Israel's side stay (Israel suspended its own sending); Israel's records leave India.
  const gone = Date.now() + 20_000;
  while ((await ind.env.store.db.selectFrom("federation_replicas").select("id").execute()).length > 0) {
    if (Date.now() > gone) throw new Error("Israel's records were not retracted from India's instance");
    await page.waitForTimeout(200);
  }
  await card.getByTestId("peer-resume-IND").click();
  await page.getByRole("dialog").getByRole("button", { name: en.federation.yesResume }).click();
  await card.getByText(en.federation.status.active).waitFor();
  const back = Date.now() + 20_000;
  while ((await ind.env.store.db.selectFrom("federation_replicas").select("id").execute()).length === 0) {
    if (Date.now() > back) throw new Error("Israel's records did not return to India's instance");
    await page.waitForTimeout(200);
  }

  // Lowering the link's level retracts what no longer qualifies (Israel's SECRET note leaves India's instance); raising it sends it again.
  const note = "Illustrative: IMOD export-licensing note for the industry sub-working group";
  const onIndia = async () => (await ind.env.store.db.selectFrom("federation_replicas").select("id").where("title", "=", note).execute()).length > 0;
  assert.ok(await onIndia());
  await card.getByTestId("peer-change").click();
  await card.getByLabel(en.federation.level).selectOption({ label: en.level["2"] });
  await card.getByTestId("peer-change-save-IND").click();
  await page.getByRole("dialog").getByText(/Records that no longer qualify are retracted/).waitFor();
  await page.getByRole("dialog").getByRole("button", { name: en.federation.yesChange }).click();
  await card.getByText(en.level["2"]).first().waitFor();
  for (const end = Date.now() + 20_000; await onIndia();) {
    if (Date.now() > end) throw new Error("the SECRET note was not retracted");
    await page.waitForTimeout(200);
  }
  await card.getByTestId("peer-change").click();
  await card.getByLabel(en.federation.level).selectOption({ label: en.level["3"] });
  await card.getByTestId("peer-change-save-IND").click();
  await page.getByRole("dialog").getByRole("button", { name: en.federation.yesChange }).click();
  await card.getByText(en.level["3"]).first().waitFor();
  for (const end = Date.now() + 20_000; !(await onIndia());) {
    if (Date.now() > end) throw new Error("the SECRET note did not come back");
    await page.waitForTimeout(200);
  }

  // Adding a second peer for India is refused; a malformed key is named beside its field, and nothing is written.
  await page.getByTestId("peer-add").click();
  const form = page.getByTestId("peer-form");
  await form.getByLabel(en.federation.country).selectOption({ label: "India" });
  await form.getByLabel(en.federation.url).fill("https://accord.example");
  await form.getByLabel(en.federation.peerKey).fill("not a key");
  await form.getByRole("button", { name: en.federation.addSave }).click();
  await form.getByTestId("error-summary").waitFor();
  await form.getByTestId("field-error").filter({ hasText: en.form.rule.ed25519 }).waitFor();
  assert.equal((await isr.env.store.db.selectFrom("federation_peers").select("id").execute()).length, 1);
  await shot(page, "federation-peer-error");
  assert.deepEqual(errors, []);
  await context.close();
});
