// Signing in and out, the messages for a wrong password and a locked account, the second factor
// of a security officer, the keyboard on the sign-in page, and a tablet-width layout.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { checkNoHorizontalOverflow, codeFor, en, mainNav, openPage, password, signIn, signInAndEnrol, signOut, startApp, type App } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test("a member signs in, sees who they are, and signs out", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "meera.member");
  await assert.doesNotReject(page.getByText("meera.member ·").waitFor());
  await assert.doesNotReject(page.getByRole("heading", { level: 1, name: "India–Israel relationship" }).waitFor());
  await signOut(page);
  // Signed out for good: reloading shows the sign-in page, not the application.
  await page.reload();
  await page.getByLabel(en.auth.username).waitFor();
  assert.equal(await mainNav(page).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a wrong password is refused plainly, and repeated failures lock the account", async () => {
  const { context, page, errors } = await openPage(app);
  await page.goto("/");
  const attempt = async (pw: string) => {
    await page.getByLabel(en.auth.username).fill("sanjay.analyst");
    await page.getByLabel(en.auth.password).fill(pw);
    await page.getByRole("button", { name: en.auth.signIn }).click();
  };
  await attempt("not-the-password");
  const alert = page.getByRole("alert");
  await alert.filter({ hasText: en.auth.problem.unauthenticated }).waitFor();
  for (let i = 2; i <= 5; i++) {
    await attempt(`wrong-${i}`);
    // Each answer replaces the last: wait for this one before trying again.
    await page.getByRole("button", { name: en.auth.signIn }).and(page.locator(":enabled")).waitFor();
  }
  // The sixth attempt, even with the right password, meets the lock.
  await attempt(password("sanjay.analyst"));
  await alert.filter({ hasText: en.auth.lockedTitle }).waitFor();
  assert.match((await alert.textContent())!, /Wait 15 minutes/);
  assert.equal(await mainNav(page).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a security officer enrols a second factor at first sign-in and needs a code afterwards", async () => {
  const { context, page, errors } = await openPage(app);
  const secret = await signInAndEnrol(page, "dana.security");
  await mainNav(page).getByRole("link", { name: en.nav.releases }).waitFor();
  await signOut(page);
  // The enrolment used the current code once; the app's next code is good for the next sign-in.
  await page.getByLabel(en.auth.username).fill("dana.security");
  await page.getByLabel(en.auth.password).fill(password("dana.security"));
  await page.getByRole("button", { name: en.auth.signIn }).click();
  await page.getByLabel(en.auth.totp).fill("000000");
  await page.getByRole("button", { name: en.auth.verify }).click();
  await page.getByRole("alert").filter({ hasText: en.auth.problem.bad_code }).waitFor();
  await page.getByLabel(en.auth.totp).fill(codeFor("dana.security", secret, 30_000));
  await page.getByRole("button", { name: en.auth.verify }).click();
  await mainNav(page).waitFor();
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
