// Errors as GOV.UK shows them: a summary at the top of the form linking to each field in error,
// and the message beside its field, in the reader's language (translated from the API's field
// and rule, never the API's own words), laid out right to left in Hebrew.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { en, he, openPage, settled, shot, signIn, startApp, type App, type Strings } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

/** The 17th JWG's forum page, with its "prepare the next meeting" form. */
async function openForum(page: Page, s: Strings): Promise<Locator> {
  await page.goto("/forums");
  await page.getByRole("link", { name: /Joint Working Group/ }).first().click();
  await page.getByRole("heading", { name: s.meetings.prepare }).waitFor();
  await settled(page);
  return page.getByTestId("new-meeting");
}

/** The field (label, message, control) that holds the control labelled `label`. */
const fieldOf = (form: Locator, label: string) => form.locator(".field").filter({ has: form.page().getByLabel(label, { exact: true }) });

test("a Hebrew reader's date error is in Hebrew, beside its field, right to left, with a summary linking to it", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "noa.secretariat");
  await page.getByLabel(en.language.label).selectOption("he");
  await page.waitForFunction(() => document.documentElement.dir === "rtl");
  const form = await openForum(page, he);
  await form.getByLabel(he.meetings.dateStart, { exact: true }).fill("2026-03-05");
  await form.getByLabel(he.meetings.dateEnd, { exact: true }).fill("2026-03-01");
  await form.getByRole("button", { name: he.meetings.create }).click();

  // The summary: "there is a problem", then the problem as a link to the field; it takes the focus.
  const summary = form.getByTestId("error-summary");
  await summary.getByRole("heading", { name: he.form.problem }).waitFor();
  const link = summary.getByRole("link", { name: he.form.custom.dateEnd });
  await link.waitFor();
  assert.ok(await summary.evaluate((e) => e === document.activeElement), "the summary has the focus");

  // Beside the field: between its label and its input, in Hebrew, right to left.
  const end = fieldOf(form, he.meetings.dateEnd);
  const message = end.getByTestId("field-error");
  assert.equal((await message.innerText()).replace(/\s+/g, " ").trim(), `${he.form.errorPrefix} ${he.form.custom.dateEnd}`);
  assert.match(await message.innerText(), /[\u05D0-\u05EA]{3}/);
  assert.equal(await message.evaluate((e) => getComputedStyle(e).direction), "rtl");
  const label = (await end.locator("label").boundingBox())!;
  const box = (await message.boundingBox())!;
  const input = (await end.locator("input").boundingBox())!;
  assert.ok(label.y + label.height <= box.y + 1 && box.y + box.height <= input.y + 1, "the message lies between the field's label and its input");
  assert.ok(Math.abs(box.x + box.width - (input.x + input.width)) < 30, "and starts at the field's right edge, as Hebrew reads");
  const control = end.locator("input");
  assert.equal(await control.getAttribute("aria-invalid"), "true");
  assert.ok((await control.getAttribute("aria-describedby"))!.split(" ").includes((await message.getAttribute("id"))!), "the input is described by its message");
  // Only that field is in error.
  assert.equal(await form.getByTestId("field-error").count(), 1);

  // No English and no API field names anywhere in the form.
  const text = await form.innerText();
  assert.doesNotMatch(text, /dateEnd|must not end|before it starts/);

  // The summary's link takes the reader to the field.
  await link.click();
  assert.ok(await control.evaluate((e) => e === document.activeElement), "the link focuses the last day's input");
  await shot(page, "error-he");
  assert.deepEqual(errors, []);
  await context.close();
});

test("an English reader is told what to do by field: an empty action title, a date in the wrong order", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "priya.secretariat");
  const form = await openForum(page, en);
  await form.getByLabel(en.meetings.dateStart, { exact: true }).fill("2026-03-05");
  await form.getByLabel(en.meetings.dateEnd, { exact: true }).fill("2026-03-01");
  await form.getByRole("button", { name: en.meetings.create }).click();
  const summary = form.getByTestId("error-summary");
  await summary.getByRole("link", { name: en.form.custom.dateEnd }).waitFor();
  assert.doesNotMatch(await form.innerText(), /dateEnd/);
  // Putting it right clears the errors and makes the meeting.
  await form.getByLabel(en.meetings.dateEnd, { exact: true }).fill("2026-03-06");
  await form.getByRole("button", { name: en.meetings.create }).click();
  await page.waitForURL(/\/meetings\//);

  // On the new meeting, an action without a title: "Enter the action", beside the field labelled "Action".
  await page.getByTestId("action-new").click();
  const actions = page.getByTestId("new-action");
  await actions.getByRole("button", { name: en.actions.create }).click();
  const title = fieldOf(actions, en.actions.title);
  await title.getByTestId("field-error").getByText("Enter the action").waitFor();
  await actions.getByTestId("error-summary").getByRole("link", { name: "Enter the action" }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
