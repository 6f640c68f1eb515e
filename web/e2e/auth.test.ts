// Signing in and out, the messages for a wrong password and for throttling, the second factor of
// a security officer (QR code, recovery codes, sign-in with either), the two-person rule for
// account changes, the keyboard on the sign-in page, and a tablet-width layout.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Page } from "playwright-core";
import { DEFAULT_THROTTLE } from "../../src/accounts/throttle.ts";
import { checkNoHorizontalOverflow, codeFor, en, mainNav, openPage, password, shot, signIn, signInAndEnrol, signOut, startApp, type App } from "./browser.ts";

let app: App;
// A first delay of ten minutes after three failures: what the page says does not depend on speed.
before(async () => { app = await startApp({ throttle: { ...DEFAULT_THROTTLE, pairBaseDelayMs: 10 * 60_000 } }); });
after(async () => { await app?.close(); });

test("a member signs in, sees who they are, and signs out", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "meera.member");
  await assert.doesNotReject(page.getByText("meera.member ·").waitFor());
  // Signed-in users land on My work (the overview is one click away).
  await assert.doesNotReject(page.getByRole("heading", { level: 1, name: en.mywork.title }).waitFor());
  await signOut(page);
  // Signed out for good: reloading shows the sign-in page, not the application.
  await page.reload();
  await page.getByLabel(en.auth.username).waitFor();
  assert.equal(await mainNav(page).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a wrong password is refused plainly, and repeated failures make this account wait here", async () => {
  const { context, page, errors } = await openPage(app);
  await page.goto("/");
  const attempt = async (pw: string) => {
    await page.getByLabel(en.auth.username).fill("sanjay.analyst");
    await page.getByLabel(en.auth.password).fill(pw);
    await page.getByRole("button", { name: en.auth.signIn }).click();
  };
  const alert = page.getByRole("alert");
  for (let i = 1; i <= 3; i++) {
    await attempt(`wrong-${i}`);
    await alert.filter({ hasText: en.auth.problem.unauthenticated }).waitFor();
    // Each answer replaces the last: wait for this one before trying again.
    await page.getByRole("button", { name: en.auth.signIn }).and(page.locator(":enabled")).waitFor();
  }
  // The fourth attempt, even with the right password, must wait: the page says how long.
  await attempt(password("sanjay.analyst"));
  await alert.filter({ hasText: "Try again in 10 minutes" }).waitFor();
  await shot(page, "signin-throttled");
  assert.equal(await mainNav(page).count(), 0);
  // A missing account gets the same first answer as a wrong password: nothing tells them apart.
  await page.getByLabel(en.auth.username).fill("no.such.person");
  await page.getByLabel(en.auth.password).fill("whatever it is");
  await page.getByRole("button", { name: en.auth.signIn }).click();
  await alert.filter({ hasText: en.auth.problem.unauthenticated }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/** The QR code on the enrolment page, read back from its pixels as a phone camera would. */
async function readQr(page: Page): Promise<string | null> {
  const img = page.getByTestId("totp-qr");
  await img.evaluate((e: HTMLImageElement) => e.decode());
  const png = PNG.sync.read(await img.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

test("a security officer scans a QR code, saves recovery codes, then signs in with a code or a recovery code", async () => {
  const { context, page, errors } = await openPage(app);
  await page.goto("/");
  await page.getByLabel(en.auth.username).fill("dana.security");
  await page.getByLabel(en.auth.password).fill(password("dana.security"));
  await page.getByRole("button", { name: en.auth.signIn }).click();
  await page.getByRole("heading", { name: en.enrol.title }).waitFor();
  const uri = (await page.getByTestId("totp-uri").textContent())!.trim();
  assert.match(uri, /^otpauth:\/\/totp\/Accord:dana\.security\?/);
  assert.equal(await readQr(page), uri, "the QR code holds the address shown beside it");
  await shot(page, "enrol-qr");
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel(en.enrol.step2).fill(codeFor("dana.security", secret));
  await page.getByRole("button", { name: en.enrol.confirm }).click();
  // Ten codes, shown once; nothing goes on until the officer says they are saved.
  await page.getByRole("heading", { name: en.recovery.title }).waitFor();
  const codes = (await page.getByTestId("recovery-codes").locator("code").allTextContents()).map((c) => c.trim());
  assert.equal(codes.length, 10);
  assert.ok(codes.every((c) => /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(c)));
  const go = page.getByRole("button", { name: en.recovery.continue });
  assert.ok(await go.isDisabled());
  await shot(page, "recovery-codes");
  await page.getByLabel(en.recovery.saved).check();
  await go.click();
  await mainNav(page).getByRole("link", { name: en.nav.releases }).waitFor();
  await signOut(page);

  // A wrong code gets the same answer as a wrong password; the next real code signs in.
  await page.getByLabel(en.auth.username).fill("dana.security");
  await page.getByLabel(en.auth.password).fill(password("dana.security"));
  await page.getByLabel(en.auth.totpOptional).fill("000000" === codeFor("dana.security", secret, 30_000) ? "111111" : "000000");
  await page.getByRole("button", { name: en.auth.signIn }).click();
  await page.getByRole("alert").filter({ hasText: en.auth.problem.unauthenticated }).waitFor();
  await page.getByLabel(en.auth.password).fill(password("dana.security"));
  await page.getByLabel(en.auth.totpOptional).fill(codeFor("dana.security", secret, 30_000));
  await page.getByRole("button", { name: en.auth.signIn }).click();
  await mainNav(page).waitFor();
  await signOut(page);

  // The phone is lost: a recovery code instead, once.
  const useRecovery = async (code: string) => {
    await page.getByLabel(en.auth.username).fill("dana.security");
    await page.getByLabel(en.auth.password).fill(password("dana.security"));
    await page.getByRole("button", { name: en.auth.useRecoveryCode }).click();
    await page.getByLabel(en.auth.recoveryCode).fill(code);
    await page.getByRole("button", { name: en.auth.signIn }).click();
  };
  await useRecovery(codes[0]!.toLowerCase());
  await page.getByTestId("recovery-used").filter({ hasText: "Recovery codes left: 9" }).waitFor();
  await page.getByRole("heading", { level: 1, name: en.account.title }).waitFor();
  assert.match((await page.getByTestId("recovery-left").textContent())!, /: 9$/);
  await signOut(page);
  await useRecovery(codes[0]!);
  await page.getByRole("alert").filter({ hasText: en.auth.problem.unauthenticated }).waitFor();
  assert.equal(await mainNav(page).count(), 0, "a spent recovery code does not sign in");
  assert.deepEqual(errors, []);
  await context.close();
});

test("two people grant access: the administrator asks, India's security officer approves", async () => {
  const { context, page, errors } = await openPage(app);
  await signInAndEnrol(page, "admin");
  await mainNav(page).getByRole("link", { name: en.nav.users }).click();
  const row = page.getByTestId("users-table").locator("tr", { hasText: "meera.member" });
  await row.getByRole("button", { name: en.common.edit }).click();
  const editor = page.getByTestId("user-editor");
  await editor.getByRole("checkbox", { name: /^MRSAM/ }).check();
  await editor.getByLabel(en.users.reason).fill("Joins the MRSAM review");
  await editor.getByRole("button", { name: en.common.save }).click();
  await page.getByTestId("change-sent").filter({ hasText: "Compartments added: MRSAM" }).waitFor();
  await row.getByTestId("pending-change").filter({ hasText: en.users.awaitsOfficer }).waitFor();
  // Her own row offers no editing.
  assert.equal(await page.getByTestId("users-table").locator("tr", { hasText: /^admin/ }).getByRole("button", { name: en.common.edit }).count(), 0);
  await shot(page, "users-pending");
  const meera = await app.env.store.db.selectFrom("users").select("id").where("username", "=", "meera.member").executeTakeFirstOrThrow();
  const held = async () => (await app.env.store.db.selectFrom("user_compartments").select("compartment").where("user_id", "=", meera.id).execute()).map((c) => c.compartment).sort();
  assert.deepEqual(await held(), ["JWG"], "nothing granted yet");
  await signOut(page);

  await signInAndEnrol(page, "arjun.security");
  await mainNav(page).getByRole("link", { name: en.nav.accountChanges }).click();
  const card = page.getByTestId("account-change").filter({ hasText: "meera.member" });
  await card.filter({ hasText: "Joins the MRSAM review" }).waitFor();
  await card.getByRole("button", { name: en.changes.approve }).click();
  await card.getByRole("button", { name: en.changes.yesApprove }).click();
  await page.getByText(en.changes.none).waitFor();
  assert.deepEqual(await held(), ["JWG", "MRSAM"]);
  await page.getByLabel(en.changes.status).selectOption("approved");
  await page.getByTestId("account-change").filter({ hasText: en.changeStatus.approved }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("the keyboard reaches every sign-in control, in order, with a visible focus", async () => {
  const { context, page } = await openPage(app);
  await page.goto("/");
  await page.getByLabel(en.auth.username).waitFor();
  const expected = [
    page.getByLabel(en.language.label),
    page.getByLabel(en.auth.username),
    page.getByLabel(en.auth.password),
    page.getByLabel(en.auth.totpOptional),
    page.getByRole("button", { name: en.auth.useRecoveryCode }),
    page.getByRole("button", { name: en.auth.signIn }),
  ];
  for (const control of expected) {
    await page.keyboard.press("Tab");
    assert.ok(await control.evaluate((e) => e === document.activeElement), `Tab reaches ${await control.evaluate((e) => e.outerHTML.slice(0, 80))}`);
    const outline = await control.evaluate((e) => { const s = getComputedStyle(e); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }; });
    assert.ok(outline.style !== "none" && outline.width >= 2, `visible focus outline (${JSON.stringify(outline)})`);
  }
  // Enter in the form signs in, without the mouse.
  await page.getByLabel(en.auth.username).fill("meera.member");
  await page.getByLabel(en.auth.password).fill(password("meera.member"));
  await page.keyboard.press("Enter");
  await mainNav(page).waitFor();
  // The skip link is the first stop on every signed-in page and takes focus to the content.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: en.nav.skip });
  assert.ok(await skip.evaluate((e) => e === document.activeElement));
  assert.ok(await skip.isVisible(), "the skip link shows when focused");
  await context.close();
});

test("at tablet width (768×1024) the pages fit the window", async () => {
  const { context, page, errors } = await openPage(app, { width: 768, height: 1024 });
  await signIn(page, "priya.secretariat");
  await checkNoHorizontalOverflow(page, "overview");
  for (const [name, link] of [["forums", en.nav.forums], ["actions", en.nav.actions], ["documents", en.nav.documents], ["agreements", en.nav.agreements], ["people", en.nav.people]] as const) {
    await mainNav(page).getByRole("link", { name: link }).click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await checkNoHorizontalOverflow(page, name);
  }
  await mainNav(page).getByRole("link", { name: en.nav.forums }).click();
  await page.getByRole("link", { name: /Joint Working Group/ }).first().click();
  await page.getByRole("link", { name: /^17th meeting/ }).click();
  await page.getByRole("region", { name: en.meetings.minutes }).waitFor();
  await checkNoHorizontalOverflow(page, "meeting");
  // The navigation runs across the top at this width, above the page.
  const nav = (await mainNav(page).boundingBox())!;
  const main = (await page.locator("main").boundingBox())!;
  assert.ok(nav.y + nav.height <= main.y + 1, "navigation above the content");
  assert.deepEqual(errors, []);
  await context.close();
});
