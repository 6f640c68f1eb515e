// The printable brief (SPEC 1: a senior official's picture before a visit), in the reader's
// language: names, not codes; dates in words; counts and lists from the same query; the timeline
// and indigenous content drawn. Every page carries the derived marking top and bottom (SPEC 3.4),
// with the level in the reader's national terms; producing it is an audited export. This module
// reads and words the content; brief-render.ts draws it.
import { banner } from "../../domain/markings.ts";
import type { Reader } from "../../store/reader.ts";
import type { WorkerPool } from "../../workers/pool.ts";
import type { BriefBlock, BriefData } from "./brief-render.ts";
import { briefLanguage, briefWords, INTL_LOCALE, term, type BriefLanguage } from "./brief-strings.ts";
import { overviewFor, type Overview } from "./compute.ts";

const RECENT_AGREEMENTS = 6;
const RECENT_EVENTS = 8;

/** The brief for this reader: gathered and worded here through the Reader, drawn in the worker pool (pdfkit is CPU work). */
export async function briefPdf(reader: Reader, pool: WorkerPool, country: string): Promise<{ pdf: Buffer; banner: string }> {
  const viewer = reader.viewer;
  const lang = briefLanguage(viewer.locale);
  const o = await overviewFor(reader, country);
  const line = banner(o.derived);
  const national = await reader.nationalTerm(o.derived, viewer.nationality);
  const [countries, areas] = await Promise.all([
    reader.reference("countries").select(["code", "name_en"]).execute(),
    reader.reference("cooperation_areas").select(["code", "name_en", "name_hi", "name_he"]).execute(),
  ]);
  const countryName = (code: string) => {
    const named = term(lang, "country", code);
    return named !== code ? named : (countries.find((c) => c.code === code)?.name_en ?? code);
  };
  const areaName = (code: string) => {
    const a = areas.find((x) => x.code === code);
    return a ? { en: a.name_en, hi: a.name_hi, he: a.name_he }[lang] : code;
  };
  const data = briefData(o, {
    lang, marking: `${line}  (${viewer.nationality}: ${national})`, partner: countryName(country), preparedFor: viewer.displayName, areaName, today: new Date().toISOString().slice(0, 10),
  });
  const pdf = await pool.brief(data);
  await reader.audit({
    action: "overview.brief", target: null, marking: line, outcome: "success",
    details: { country, language: lang, agreements: o.agreements.total, actions: o.actions.open, programmes: o.programmes.total },
  });
  return { pdf, banner: line };
}

interface Wording { lang: BriefLanguage; marking: string; partner: string; preparedFor: string; areaName: (code: string) => string; today: string }

/** The brief's content in the reader's words. */
export function briefData(o: Overview, w: Wording): BriefData {
  const words = briefWords(w.lang);
  const dates = new Intl.DateTimeFormat(INTL_LOCALE[w.lang], { dateStyle: "long", timeZone: "UTC" });
  const numbers = new Intl.NumberFormat(INTL_LOCALE[w.lang]);
  const date = (d: string) => dates.format(new Date(`${d.slice(0, 10)}T00:00:00Z`));
  const n = (x: number) => numbers.format(x);
  const percent = (x: number | null) => (x === null ? words.notComputed : `${n(Math.round(x * 10) / 10)}%`);
  const blocks: BriefBlock[] = [];
  const push = (...b: BriefBlock[]) => blocks.push(...b);
  const shown = (count: number, total: number) => { if (count < total) push({ type: "note", text: words.shown(n(count), n(total)) }); };

  push({ type: "note", text: words.preparedFor(w.preparedFor, date(w.today)) });
  push({ type: "figures", figures: [
    { value: n(o.agreements.total), label: words.agreements },
    { value: n(o.actions.open), label: words.openActions },
    { value: n(o.actions.overdue), label: words.overdueActions },
    { value: n(o.programmes.total), label: words.programmes },
  ] });
  push({ type: "note", text: words.scope });

  push({ type: "heading", text: words.timeline });
  const dated = o.timeline.filter((t): t is typeof t & { date: string } => Boolean(t.date));
  if (dated.length) {
    push({ type: "timeline", today: w.today, todayLabel: words.today, meetingLabel: words.meeting, engagementLabel: words.engagement,
      events: dated.map((t) => ({ date: t.date, kind: t.kind === "meeting" ? "meeting" : "engagement" })) });
  }
  for (const t of o.timeline.slice(0, RECENT_EVENTS)) {
    const detail = t.kind === "meeting" ? term(w.lang, "meetingStatus", t.detail) : term(w.lang, "engagementKind", t.detail);
    push({ type: "item", text: `${t.date ? date(t.date) : words.undated}: ${t.title} (${detail})` });
  }
  if (!o.timeline.length) push({ type: "note", text: words.noneVisible });
  shown(Math.min(RECENT_EVENTS, o.timeline.length), o.timeline.length);

  push({ type: "heading", text: `${words.agreements} (${n(o.agreements.total)})` });
  if (o.agreements.byStatus.length) push({ type: "item", text: `${words.byStatus}: ${o.agreements.byStatus.map((s) => `${term(w.lang, "agreementStatus", s.value)} ${n(s.count)}`).join(", ")}` });
  if (o.agreements.byArea.length) push({ type: "item", text: `${words.byArea}: ${o.agreements.byArea.map((a) => `${w.areaName(a.value)} (${n(a.count)})`).join(", ")}` });
  const recent = o.agreements.recent.slice(0, RECENT_AGREEMENTS);
  for (const a of recent) push({ type: "item", text: `${a.title}${a.signedOn ? `, ${words.signedOn(date(a.signedOn))}` : ""} (${term(w.lang, "agreementStatus", a.status)})` });
  if (!o.agreements.total) push({ type: "note", text: words.noneVisible });
  shown(recent.length, o.agreements.total);

  push({ type: "heading", text: words.lastMeeting });
  if (o.lastMeeting) {
    push({ type: "item", text: `${o.lastMeeting.title}${o.lastMeeting.date ? `, ${date(o.lastMeeting.date)}` : ""}` });
    for (const t of o.lastMeeting.outcomes) push({ type: "item", text: t });
  } else push({ type: "note", text: words.noneVisible });

  push({ type: "heading", text: words.actionsHeading(n(o.actions.open), n(o.actions.overdue)) });
  for (const a of o.actions.list) {
    const due = a.dueDate ? words.due(date(a.dueDate)) : words.noDueDate;
    push({ type: "item", text: `${a.title} (${due}, ${a.overdue ? words.overdue : term(w.lang, "actionStatus", a.status)})` });
  }
  if (!o.actions.open) push({ type: "note", text: words.noneVisible });
  shown(o.actions.list.length, o.actions.open);

  push({ type: "heading", text: `${words.programmes} (${n(o.programmes.total)})` });
  if (o.programmes.byStage.length) push({ type: "item", text: o.programmes.byStage.map((s) => `${term(w.lang, "stage", s.value)} ${n(s.count)}`).join(", ") });
  if (!o.programmes.total) push({ type: "note", text: words.noneVisible });
  if (o.indigenousContent.length) {
    push({ type: "heading", text: words.ic });
    push({ type: "ic", achievedLabel: words.icAchieved, belowLabel: words.belowMinimum, minimumLabel: words.icMinimum, bars: o.indigenousContent.map((p) => ({
      label: p.title, achieved: p.achievedPercent, minimum: p.targetPercent,
      caption: `${words.icLine(percent(p.achievedPercent), percent(p.targetPercent))}${p.compliant === null ? "" : `, ${p.compliant ? words.compliant : words.belowMinimum}`}`,
    })) });
  }
  return { title: words.title(w.partner), marking: w.marking, rtl: w.lang === "he", pageLabel: words.page, blocks };
}
