// Preparing the forum's next meeting. The server numbers it and builds its agenda from the forum's
// template plus the open actions of the last meeting (carry-over); the form asks only the rest.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import type { Forum, Meeting } from "../api/types.ts";
import { useMe } from "../auth/session.tsx";
import { CountrySelect, PersonSelect, TextField } from "../components/pickers.tsx";
import { ErrorSummary, useForm } from "../components/form.tsx";
import { isolate } from "../components/issues.ts";
import { useNames } from "../components/ui.tsx";
import { MarkingPicker, parentMarking } from "../markings/MarkingPicker.tsx";

export function NewMeetingForm({ forum, sequence }: { forum: Forum; sequence?: number | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = useNames();
  const navigate = useNavigate();
  const [dateStart, setDateStart] = useState("");
  const [dateEnd, setDateEnd] = useState("");
  const [venueCity, setVenueCity] = useState("");
  const [venueCountry, setVenueCountry] = useState("");
  const [chairs, setChairs] = useState<Record<string, string>>({});
  // A meeting starts with its forum's marking (SPEC 3.3).
  // A forum that keeps its papers in a compartment starts its meetings in it, as the server does.
  const floor = { ...forum.marking, compartments: [...new Set([...forum.marking.compartments, ...(forum.compartment ? [forum.compartment] : [])])].sort() };
  const [marking, setMarking] = useState(() => parentMarking(floor, me.nationality));
  const save = useAction();
  const chairLabel = (m: Forum["members"][number]) => t("meetings.coChairFor", { country: names.country(m.country), role: m.coChairRole ? isolate(m.coChairRole) : t("meetings.coChair") });
  // The co-chairs go to the API in member order, those chosen only: issues name them by that index.
  const chosen = forum.members.filter((m) => chairs[m.country]);
  const form = useForm(save.error, {
    dateStart: { label: t("meetings.dateStart"), type: "date", value: dateStart },
    dateEnd: { label: t("meetings.dateEnd"), type: "date", value: dateEnd },
    venueCity: { label: t("meetings.venueCity"), value: venueCity },
    venueCountry: { label: t("meetings.venueCountry"), type: "choice", value: venueCountry },
    ...Object.fromEntries(chosen.map((m, i) => [`coChairs.${i}`, { label: chairLabel(m), type: "choice" as const, value: chairs[m.country] }])),
    coChairs: { label: t("meetings.coChair"), type: "choice" },
    marking: { label: t("marking.picker"), type: "marking" },
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await save.run(() => api<Meeting>("/meetings", {
      body: {
        forumId: forum.id, ...(sequence ? { sequence } : {}), marking, dateStart: dateStart || null, dateEnd: dateEnd || null, venueCity: venueCity || null, venueCountry: venueCountry || null,
        coChairs: chosen.map((m) => ({ country: m.country, personId: chairs[m.country]! })),
      },
    }));
    if (created) void navigate(`/meetings/${created.id}`);
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="form" data-testid="new-meeting" noValidate>
      <ErrorSummary form={form} />
      <p className="hint">{t("meetings.prepareHint")}</p>
      <div className="grid-2">
        <TextField {...form.field("dateStart")} label={t("meetings.dateStart")} type="date" value={dateStart} onChange={setDateStart} testId="meeting-start" />
        <TextField {...form.field("dateEnd")} label={t("meetings.dateEnd")} type="date" value={dateEnd} onChange={setDateEnd} testId="meeting-end" />
        <TextField {...form.field("venueCity")} label={t("meetings.venueCity")} value={venueCity} onChange={setVenueCity} testId="meeting-city" />
        <CountrySelect {...form.field("venueCountry")} label={t("meetings.venueCountry")} value={venueCountry} onChange={setVenueCountry} />
        {forum.members.map((m) => (
          <PersonSelect key={m.country} {...(chosen.includes(m) ? form.field(`coChairs.${chosen.indexOf(m)}`) : {})} country={m.country} testId={`cochair-${m.country}`}
            label={chairLabel(m)}
            value={chairs[m.country] ?? ""} onChange={(v) => setChairs((c) => ({ ...c, [m.country]: v }))} />
        ))}
      </div>
      <MarkingPicker {...form.field("marking")} value={marking} onChange={setMarking} parent={{ marking: floor, kind: "forum" }} />
      <div className="actions"><button type="submit" disabled={save.busy}>{t("meetings.create")}</button></div>
    </form>
  );
}
