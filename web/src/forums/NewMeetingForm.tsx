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
import { ErrorText } from "../components/Status.tsx";
import { useNames } from "../components/ui.tsx";
import { MarkingPicker, parentMarking } from "../markings/MarkingPicker.tsx";

export function NewMeetingForm({ forum }: { forum: Forum }) {
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
  const [marking, setMarking] = useState(() => parentMarking(forum.marking, me.nationality));
  const save = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await save.run(() => api<Meeting>("/meetings", {
      body: {
        forumId: forum.id, marking, dateStart: dateStart || null, dateEnd: dateEnd || null, venueCity: venueCity || null, venueCountry: venueCountry || null,
        coChairs: Object.entries(chairs).filter(([, p]) => p).map(([country, personId]) => ({ country, personId })),
      },
    }));
    if (created) void navigate(`/meetings/${created.id}`);
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="form" data-testid="new-meeting">
      <p className="hint">{t("meetings.prepareHint")}</p>
      <div className="grid-2">
        <TextField label={t("meetings.dateStart")} type="date" value={dateStart} onChange={setDateStart} testId="meeting-start" />
        <TextField label={t("meetings.dateEnd")} type="date" value={dateEnd} onChange={setDateEnd} />
        <TextField label={t("meetings.venueCity")} value={venueCity} onChange={setVenueCity} testId="meeting-city" />
        <CountrySelect label={t("meetings.venueCountry")} value={venueCountry} onChange={setVenueCountry} />
        {forum.members.map((m) => (
          <PersonSelect key={m.country} country={m.country} testId={`cochair-${m.country}`}
            label={t("meetings.coChairFor", { country: names.country(m.country), role: m.coChairRole ?? t("meetings.coChair") })}
            value={chairs[m.country] ?? ""} onChange={(v) => setChairs((c) => ({ ...c, [m.country]: v }))} />
        ))}
      </div>
      <MarkingPicker value={marking} onChange={setMarking} />
      <ErrorText error={save.error} />
      <div className="actions"><button type="submit" disabled={save.busy}>{t("meetings.create")}</button></div>
    </form>
  );
}
