// A statement becomes confirmed, sourced records without leaving the web app, as an analyst does
// it: paste it, check each proposal against the text (clicking a field shows its span), correct a
// field, link a proposal to an organisation already recorded, confirm, and find the source on the
// records made and in search.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { en, mainNav, openPage, shot, signIn, startApp, type App } from "./browser.ts";

let app: App;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

// Written for this test: not one of the demo data's stories.
const STATEMENT = `New Delhi, March 12, 2026
Defence Secretary Rajesh Kumar Singh visited Kalyani Rafael Advanced Systems in Hyderabad on March 11 to review the production of Spike missiles. He was received by Dr. Meenakshi Rao, Chief Executive of Kalyani Rafael Advanced Systems. Dr. Rao said that Adani Defence Systems would supply the fire-control electronics, and that Zorawar Defence Technologies, a start-up in Hyderabad, would build the launcher cradles.`;

test("an analyst turns a statement into sourced records: corrects a field, links an organisation, confirms", async () => {
  const { context, page, errors } = await openPage(app);
  await signIn(page, "sanjay.analyst");
  await mainNav(page).getByRole("link", { name: en.nav.drafts }).click();
  await page.getByRole("heading", { level: 1, name: en.drafts.title }).waitFor();
  const form = page.getByTestId("new-draft");
  await form.getByLabel(en.drafts.text).fill(STATEMENT);
  await form.getByLabel(en.drafts.publisher).fill("Press Information Bureau");
  await form.getByLabel(en.drafts.published).fill("2026-03-12");
  await form.getByRole("button", { name: en.drafts.propose }).click();
  await page.getByTestId("proposals").waitFor();

  // Clicking a field shows the text it came from.
  const visit = page.getByTestId("proposal").filter({ hasText: `${en.kind.engagement}:` });
  await visit.getByRole("button", { name: en.drafts.field.purpose }).click();
  assert.equal(await page.getByTestId("active-span").textContent(), "review the production of Spike missiles");

  // A correction typed beside its field.
  const rao = page.getByTestId("proposal").filter({ hasText: "Meenakshi Rao" });
  const title = rao.getByLabel(`${en.drafts.field.title} (${en.kind.person}: Meenakshi Rao)`);
  assert.equal(await title.inputValue(), "Chief Executive of Kalyani Rafael Advanced Systems");
  await title.fill("Chief Executive Officer");

  // "Adani Defence" is no new organisation: linked to the one already recorded, found by typing.
  const adani = page.getByTestId("proposal").filter({ hasText: "Adani Defence" });
  await adani.getByLabel(en.drafts.action.link).check();
  await adani.getByRole("searchbox").fill("Adani");
  await adani.getByRole("button", { name: "Adani-Elbit Advanced Systems India" }).click();
  await adani.getByTestId("chosen-record").getByText("Adani-Elbit Advanced Systems India").waitFor();
  await shot(page, "drafts", true);

  await page.getByRole("button", { name: en.drafts.confirm }).click();
  const outcomes = page.getByTestId("draft-outcomes");
  await outcomes.waitFor();
  await page.getByText(en.draftStatus.confirmed).first().waitFor();
  assert.equal(await page.getByTestId("refused").count(), 0);
  await outcomes.getByText(`${en.drafts.done.link}`).first().waitFor();

  // The person made: its corrected title, and where it came from.
  await outcomes.getByRole("link", { name: `${en.kind.person}: Meenakshi Rao` }).click();
  await page.getByRole("heading", { level: 1, name: "Meenakshi Rao" }).waitFor();
  await page.getByText("Chief Executive Officer").first().waitFor();
  const from = page.getByTestId("from-source");
  await from.getByText(/^From: Press Information Bureau, 12 Mar 2026/).waitFor();
  await from.getByText("Meenakshi Rao").waitFor();

  // The visit too, with its purpose's span; the source opens from there and from search.
  await page.goBack();
  await outcomes.getByRole("link", { name: new RegExp(`^${en.kind.engagement}:`) }).click();
  await page.getByTestId("from-source").getByText("review the production of Spike missiles").waitFor();
  await page.getByRole("searchbox", { name: en.search.label }).fill("Zorawar");
  await page.getByRole("searchbox", { name: en.search.label }).press("Enter");
  const hit = page.getByTestId("search-results").getByRole("link", { name: /^Press Information Bureau, 2026-03-12/ });
  await hit.click();
  await page.getByTestId("source-text").getByText(/Zorawar Defence Technologies/).waitFor();

  // The drafts list keeps it under "Confirmed".
  await mainNav(page).getByRole("link", { name: en.nav.drafts }).click();
  await page.getByRole("tab", { name: en.draftStatus.confirmed }).click();
  await page.getByTestId("draft-list").getByRole("link", { name: /Press Information Bureau/ }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
