// How an API issue ({field, rule, message}) is worded for the reader, with the real strings of
// each language: by rule, by kind of input, by field for the API's "custom" rules, and never with
// the API's field names; and how an issue's field path finds the form's field.
import { test } from "node:test";
import assert from "node:assert/strict";
import i18next, { type TFunction } from "i18next";
import { ApiError } from "../src/api/client.ts";
import { codeText, fieldOf, issueText, isolate } from "../src/components/issues.ts";
import { en, he, hi } from "./browser.ts";

async function tFor(lng: "en" | "hi" | "he"): Promise<TFunction> {
  const i18n = i18next.createInstance();
  await i18n.init({ lng, resources: { [lng]: { translation: { en, hi, he }[lng] } }, interpolation: { escapeValue: false }, showSupportNotice: false });
  i18n.services.formatter?.add("lower", (v: unknown) => { const s = String(v); return /^\p{Lu}\p{Ll}/u.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s; });
  return i18n.t;
}

test("an issue is worded by its rule, the input's kind and the form's label, in each language", async () => {
  const t = await tFor("en");
  const title = { label: "Title", value: "" };
  assert.equal(issueText(t, { field: "title", rule: "too_small", message: "Too small: expected string to have >=1 characters" }, title), "Enter the title");
  assert.equal(issueText(t, { field: "title", rule: "too_small", message: "…" }, { label: "Title", value: "ab" }), "The title is too short");
  assert.equal(issueText(t, { field: "venueCity", rule: "too_big", message: "…" }, { label: "Venue city", value: "x".repeat(300) }), "The venue city is too long");
  assert.equal(issueText(t, { field: "dateStart", rule: "invalid_format", message: "Invalid ISO date" }, { label: "First day", type: "date", value: "2026-13-01" }), "The first day must be a real date");
  assert.equal(issueText(t, { field: "venueCountry", rule: "known_country", message: "unknown country ZZZ" }, { label: "Country", type: "choice", value: "ZZZ" }), "Choose the country from the list: that country is not on this platform");
  assert.equal(issueText(t, { field: "owner.personId", rule: "invalid_value", message: "…" }, { label: "Owner", type: "choice", value: "" }), "Choose the owner");
  // Acronyms keep their capitals inside a sentence.
  assert.equal(issueText(t, { field: "x", rule: "too_big", message: "…" }, { label: "IC table", value: "x" }), "The IC table is too long");
  // The API's "custom" rules, by field.
  assert.equal(issueText(t, { field: "dateEnd", rule: "custom", message: "must not end before it starts" }, { label: "Last day", type: "date", value: "2026-03-01" }), en.form.custom.dateEnd);
  assert.equal(issueText(t, { field: "partners", rule: "custom", message: "work shares must add up to 100" }, undefined), en.form.custom.partners);

  for (const [lng, s] of [["hi", hi], ["he", he]] as const) {
    const tl = await tFor(lng);
    const text = issueText(tl, { field: "dateEnd", rule: "custom", message: "must not end before it starts" }, { label: s.meetings.dateEnd, type: "date", value: "2026-03-01" });
    assert.equal(text, s.form.custom.dateEnd);
    assert.doesNotMatch(text, /[A-Za-z]/, `${lng}: no English`);
    const empty = issueText(tl, { field: "title", rule: "too_small", message: "…" }, { label: s.actions.title, value: "" });
    assert.ok(empty.includes(s.actions.title) && empty !== s.actions.title, `${lng}: ${empty}`);
  }
});

test("without the form's label, a field the API often names is named from the files, never by its API name", async () => {
  const t = await tFor("en");
  const text = issueText(t, { field: "dateEnd", rule: "too_small", message: "…" }, undefined);
  assert.doesNotMatch(text, /dateEnd/);
  assert.match(text, /last day/);
  assert.equal(issueText(t, { field: "0.personId", rule: "known_record", message: "no such person" }, undefined), "Choose the person from the list: that record cannot be found");
  // A rule the files do not know: the field's name, then the server's own words, isolated.
  assert.equal(issueText(t, { field: "weirdField", rule: "brand_new_rule", message: "is odd" }, undefined), `This field: ${isolate("is odd")}`);
  const th = await tFor("he");
  assert.equal(issueText(th, { field: "reason", rule: "brand_new_rule", message: "is odd" }, undefined), `${he.form.fields.reason}: ${isolate("is odd")}`);
});

test("an error without issues is worded by its code", async () => {
  const t = await tFor("he");
  assert.equal(codeText(t, new ApiError(403, "marking_not_permitted", "You may not set this marking.")), he.errors.marking_not_permitted);
  assert.equal(codeText(t, new ApiError(500, "something_new", "Boom")), he.errors.generic);
});

test("an issue's path finds the form's field: itself, or the nearest field holding it", () => {
  const names = ["title", "owner.country", "coChairs.0", "marking"];
  assert.equal(fieldOf("title", names), "title");
  assert.equal(fieldOf("owner.country", names), "owner.country");
  assert.equal(fieldOf("coChairs.0.personId", names), "coChairs.0");
  assert.equal(fieldOf("marking.compartments", names), "marking");
  assert.equal(fieldOf("owner.personId", names), undefined);
  assert.equal(fieldOf("(body)", names), undefined);
});
