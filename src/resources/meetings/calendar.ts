// iCalendar export of meetings: each event names its marking; the whole file carries the
// derived marking of what it contains (SPEC 3.4).
import { createEvents, type EventAttributes } from "ics";
import { banner, deriveMarking, type Marking } from "../../domain/markings.ts";
import type { Meeting } from "./schema.ts";

const ymd = (d: string): [number, number, number] => d.split("-").map(Number) as [number, number, number];

function dayAfter(d: string): [number, number, number] {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return ymd(t.toISOString().slice(0, 10));
}

export function meetingsToIcs(meetings: (Meeting & { rawMarking: Marking })[], viewerNationality: string): { ics: string; banner: string } {
  const dated = meetings.filter((m) => m.dateStart);
  const derived = banner(deriveMarking(dated.map((m) => m.rawMarking), viewerNationality));
  const events: EventAttributes[] = dated.map((m) => ({
    uid: `${m.id}@accord`,
    title: `${m.title} [${m.marking.banner}]`,
    start: ymd(m.dateStart!),
    end: dayAfter(m.dateEnd ?? m.dateStart!),
    location: [m.venueCity, m.venueCountry].filter(Boolean).join(", ") || undefined,
    description: `${m.marking.banner}\n${m.title}\nStatus: ${m.status}`,
    categories: [m.marking.banner],
    productId: "accord",
    calName: `Accord meetings — ${derived}`,
  }));
  if (!events.length) {
    return { ics: ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:accord", `X-WR-CALNAME:Accord meetings — ${derived}`, "END:VCALENDAR", ""].join("\r\n"), banner: derived };
  }
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error("calendar could not be built");
  return { ics: value, banner: derived };
}
