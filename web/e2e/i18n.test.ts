// The translation files: every key in every language (with the plural forms each language needs),
// the same placeholders, Hindi and Hebrew actually translated, and no text written into the
// components instead of the files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { en, he, hi } from "./browser.ts";

type Tree = { [k: string]: string | Tree };
const flat = (o: Tree, p = ""): [string, string][] => Object.entries(o).flatMap(([k, v]) => (typeof v === "string" ? [[p + k, v] as [string, string]] : flat(v, `${p}${k}.`)));
const PLURAL = /_(zero|one|two|few|many|other)$/;
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const LANGS = { en, hi, he } as Record<string, Tree>;

test("every language has every key, with the plural forms its grammar needs", () => {
  const base = (lang: string) => new Set(flat(LANGS[lang]!).map(([k]) => k.replace(PLURAL, "")));
  const english = base("en");
  for (const lang of ["hi", "he"]) {
    const mine = base(lang);
    assert.deepEqual([...english].filter((k) => !mine.has(k)), [], `${lang} lacks keys`);
    assert.deepEqual([...mine].filter((k) => !english.has(k)), [], `${lang} has keys English lacks`);
  }
  for (const [lang, tree] of Object.entries(LANGS)) {
    const keys = new Set(flat(tree).map(([k]) => k));
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const k of keys) {
      if (!PLURAL.test(k)) continue;
      const stem = k.replace(PLURAL, "");
      for (const c of categories) assert.ok(keys.has(`${stem}_${c}`), `${lang}: ${stem}_${c}`);
    }
  }
});

test("translations keep the placeholders of the English text", () => {
  const english = new Map(flat(en as Tree));
  for (const lang of ["hi", "he"]) {
    for (const [k, v] of flat(LANGS[lang]!)) {
      const source = english.get(k) ?? english.get(k.replace(PLURAL, "_other"))!;
      // "one" and "two" forms may say the number in words.
      if (/_(one|two)$/.test(k)) assert.ok(placeholders(v).every((p) => placeholders(source).includes(p)), `${lang} ${k}`);
      else assert.deepEqual(placeholders(v), placeholders(source), `${lang} ${k}`);
    }
  }
});

test("Hindi and Hebrew are translated, not copies of the English", () => {
  // Names that stay as they are: the product, each language's own name, the DAP 2020 category names.
  const kept = /^(app\.name|language\.\w+|icCategory\.\w+)$/;
  const english = new Map(flat(en as Tree));
  for (const lang of ["hi", "he"]) {
    const same = flat(LANGS[lang]!).filter(([k, v]) => !kept.test(k) && english.get(k) === v && /[A-Za-z]{3}/.test(v.replace(/\{\{\w+\}\}/g, ""))).map(([k]) => k);
    assert.deepEqual(same, [], `${lang}: untranslated`);
  }
});

test("no user-visible text is written into the components", () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".tsx")) files.push(path);
    }
  };
  walk(join(import.meta.dirname, "../src"));
  const found: string[] = [];
  for (const file of files) {
    readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line) || !/<\/|\/>/.test(line)) return;
      // Text between tags, and text in the attributes people read or hear.
      if (/>[^<>{}]*\p{L}{2,}[^<>{}]*</u.test(line.replace(/=>/g, "")) || /\b(aria-label|title|placeholder|alt)="[^"]*\p{L}/u.test(line)) {
        found.push(`${file.split("/web/")[1]}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  assert.deepEqual(found, []);
});
