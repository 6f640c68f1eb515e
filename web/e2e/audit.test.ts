// The auditor's log (issue 14): actors by name, filtered by user name and by action type from
// the server's list; and the chain's state said honestly: with no signed checkpoint yet, a
// warning that a rewritten chain cannot be detected, never a green box.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { checkBanners, en, mainNav, openPage, shot, signIn, type App, startApp } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test("the auditor filters the log by user name and action type; no checkpoint yet is a warning", async () => {
  // Priya signs in, so the log holds her sign-in.
  const priya = await openPage(app);
  await signIn(priya.page, "priya.secretariat");
  await priya.context.close();

  const { context, page, errors } = await openPage(app);
  await signIn(page, "anita.auditor");
  await mainNav(page).getByRole("link", { name: en.nav.audit }).click();
  const status = page.getByTestId("chain-status");
  await status.getByText(en.audit.chainOk, { exact: true }).waitFor();
  await status.getByText(en.audit.noCheckpoints).waitFor();
  assert.ok(!(await status.getAttribute("class"))!.split(" ").includes("ok"), "no green box for a chain that no signature anchors");
  await page.getByTestId("verify-counts").getByText(en.audit.checkpointsChecked).waitFor();

  // By user name: every row is Priya's, shown by name.
  await page.getByTestId("audit-actor").fill("priya");
  const table = page.getByTestId("audit-table");
  await table.getByText("(priya.secretariat)").first().waitFor();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')];
    return rows.length > 0 && rows.every((r) => r.children[2]?.textContent?.includes("(priya.secretariat)"));
  });
  // And by an action type from the server's list.
  const types = page.getByTestId("audit-type");
  await types.locator('option[value="auth.signin"]').waitFor({ state: "attached" });
  await types.selectOption("auth.signin");
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')];
    return rows.length > 0 && rows.every((r) => r.children[3]?.textContent === "auth.signin" && r.children[2]?.textContent?.includes("(priya.secretariat)"));
  });
  // Part of a type finds every type it is in.
  await types.selectOption("");
  await page.getByTestId("audit-action").fill("SIGN");
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')];
    return rows.length > 0 && rows.every((r) => /sign/i.test(r.children[3]?.textContent ?? ""));
  });
  // A user nobody has: nothing.
  await page.getByTestId("audit-actor").fill("nobody.at.all");
  await page.getByText(en.common.none).waitFor();
  await checkBanners(page);
  await page.getByRole("button", { name: en.audit.clear }).click();
  await table.waitFor();
  await shot(page, "audit-filters");
  assert.deepEqual(errors, []);
  await context.close();
});
