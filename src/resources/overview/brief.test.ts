// The printable brief read back from the PDF in each language: the marking on every page, the
// partner's full name, names instead of codes, dates in words, and counts that match their lists.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { PDFParse } from "pdf-parse";
import { client, testEnv, type TestEnv } from "../../testing/harness.ts";
import { seedDemo, DEMO_USERS } from "../../seed/demo.ts";
import { renderBrief, type BriefData } from "./brief-render.ts";
import { actualTexts, comparable, phrase } from "../../testing/pdf-text.ts";


const WORDS = {
  en: { title: "Relationship brief: Israel", actions: /Actions (\d+) open (\d+) overdue/, area: "Cyber security", status: "Held", month: /\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/ },
  hi: { title: "संबंध सारांश: इज़राइल", actions: new RegExp(`${phrase("कार्रवाइयाँ")} (\\d+) ${phrase("खुली")} (\\d+) ${phrase("अतिदेय")}`), area: "साइबर सुरक्षा", status: "संपन्न", month: new RegExp(`\\d{1,2} (${["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"].map(phrase).join("|")}) \\d{4}`) },
  he: { title: "סקירת יחסים: ישראל", actions: /משימות (\d+) פתוחות (\d+) באיחור/, area: "סייבר", status: "התקיימה", month: /\d{1,2} ב(ינואר|פברואר|מרץ|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר) \d{4}/ },
} as const;

async function signIn(env: TestEnv, username: string) {
  const u = DEMO_USERS.find((x) => x.username === username)!;
  const res = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username, password: u.password } });
  return client(env.app, { userId: res.json().user?.id ?? "", cookie: res.cookies.find((c) => c.name === "accord_session")!.value, csrf: res.json().csrfToken });
}

async function textOf(pdf: Buffer) {
  return new PDFParse({ data: new Uint8Array(pdf) }).getText();
}

describe("the printable brief in the reader's language", () => {
  let env: TestEnv;
  before(async () => { env = await testEnv("sqlite"); await seedDemo(env.store); });
  after(async () => { await env.close(); });

  for (const lang of ["en", "hi", "he"] as const) {
    test(`in ${lang}: marked on every page, the partner's name, names and dates in words, counts matching their lists`, async () => {
      const api = await signIn(env, "priya.secretariat");
      assert.equal((await api.raw({ method: "PUT", url: "/api/auth/locale", payload: { locale: lang } })).statusCode, 200);
      const overview = (await api.get("/api/overview/ISR")).body;
      const res = await api.get("/api/overview/ISR/brief.pdf");
      assert.equal(res.status, 200);
      const pdf = res.raw.rawPayload;
      if (process.env.ACCORD_BRIEF_OUT) writeFileSync(`${process.env.ACCORD_BRIEF_OUT}/brief-${lang}.pdf`, pdf);
      const banner = String(res.raw.headers["x-accord-marking"]);
      const parsed = await textOf(pdf);
      for (const page of parsed.pages) assert.equal(page.text.split(banner).length - 1, 2, `page ${page.num} carries the banner top and bottom`);
      const raw = parsed.text;
      const text = comparable(raw);
      const w = WORDS[lang];
      assert.ok(text.includes(phrase(w.title)), `the title names the partner in full: ${w.title}`);
      assert.ok(text.includes(phrase(w.area)), "areas by name");
      assert.ok(text.includes(phrase(w.status)), "statuses by name");
      for (const code of ["rd-innovation", "cyber-security", "in_progress", "in_force", "minutes_agreed", "call_on"]) assert.ok(!raw.includes(code), `no internal code ${code}`);
      assert.ok(!/\b\d{4}-\d{2}-\d{2}\b/.test(raw), "no ISO dates");
      assert.match(text, w.month, "dates in words");
      const m = w.actions.exec(text);
      assert.ok(m, "the actions heading");
      assert.equal(Number(m[1]), overview.actions.open, "the open count is the overview's");
      assert.equal(Number(m[2]), overview.actions.overdue);
      const listed = overview.actions.list.filter((a: { title: string }) => raw.includes(a.title.slice(0, 25)));
      assert.equal(listed.length, Math.min(overview.actions.open, overview.actions.list.length), "every open action counted is listed (or the brief says how many are shown)");
      assert.ok(raw.includes("17th meeting of the India–Israel Joint Working Group"), "titles stay as written");
    });
  }

  test("a reader with programmes gets the indigenous content chart, each programme named with its figures", async () => {
    const api = await signIn(env, "vikram.programme");
    await api.raw({ method: "PUT", url: "/api/auth/locale", payload: { locale: "he" } });
    const overview = (await api.get("/api/overview/ISR")).body;
    assert.ok(overview.indigenousContent.length >= 1, "the demo has programmes with indigenous content");
    const res = await api.get("/api/overview/ISR/brief.pdf");
    const pdf = res.raw.rawPayload;
    if (process.env.ACCORD_BRIEF_OUT) writeFileSync(`${process.env.ACCORD_BRIEF_OUT}/brief-he-ic.pdf`, pdf);
    const parsed = await textOf(pdf);
    const text = comparable(parsed.text);
    assert.ok(text.includes(phrase("סקירת יחסים: ישראל")), "Israel by its Hebrew name");
    assert.ok(text.includes(phrase("תוכן מקומי")), "the chart's heading");
    assert.ok(text.includes(`${phrase("תוכניות")} ${overview.programmes.total}`), "the programmes counted as the overview counts them");
    for (const p of overview.indigenousContent) assert.ok(parsed.text.includes(p.title.slice(0, 20)), `${p.title} is in the chart`);
    for (const page of parsed.pages) assert.equal(page.text.split(String(res.raw.headers["x-accord-marking"])).length - 1, 2, `page ${page.num} marked`);
  });

  test("the renderer is a pure function of its data: a long brief breaks pages, each marked, in Hebrew and Hindi script", async () => {
    const data: BriefData = {
      title: "סקירת יחסים: ישראל", marking: "SECRET // REL TO IND, ISR  (ISR: Secret (סודי, Sodi))", rtl: true, pageLabel: "עמוד {n} מתוך {of}",
      blocks: Array.from({ length: 90 }, (_, i) => ({ type: "item" as const, text: i % 2 ? `פריט ${i + 1}` : `दिल्ली में बैठक ${i + 1}` })),
    };
    const pdf = await renderBrief(data);
    const parsed = await textOf(pdf);
    assert.ok(parsed.pages.length >= 2, "the items overflow onto a second page");
    // Each Hindi line carries its characters as written (ActualText), so copying it gives the text back.
    const hindi = actualTexts(pdf).filter((t) => t.includes("बैठक"));
    assert.deepEqual(hindi, Array.from({ length: 45 }, (_, i) => `•  दिल्ली में बैठक ${2 * i + 1}`.replace(/\s+/g, " ")));
    for (const page of parsed.pages) assert.equal(page.text.split("SECRET // REL TO IND, ISR").length - 1, 2, `page ${page.num} marked top and bottom`);
    assert.ok(comparable(parsed.text).includes(phrase("दिल्ली में बैठक")), "Devanagari comes back");
    assert.ok(comparable(parsed.text).includes(phrase(`עמוד 1 מתוך ${parsed.pages.length}`)), "pages numbered");
  });
});
