// The meeting workspace: before it, the agenda (carried-over actions already on it); during it,
// attendance, outcomes and actions; after it, the minutes in versions, agreed by each co-chair.
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { Meeting } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { RefLink } from "../components/RefLink.tsx";
import { ConfirmButton } from "../components/ConfirmButton.tsx";
import { ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, Facts, PageHead, useNames } from "../components/ui.tsx";
import { AgendaPanel } from "./AgendaPanel.tsx";
import { AttendancePanel } from "./AttendancePanel.tsx";
import { OutcomesPanel } from "./OutcomesPanel.tsx";
import { MeetingActionsPanel } from "./MeetingActionsPanel.tsx";
import { MinutesPanel } from "./MinutesPanel.tsx";
import { EditLink } from "../edit/EditLinks.tsx";
import { RecordExtras } from "../registry/RecordExtras.tsx";

export function MeetingPage() {
  const { id } = useParams();
  const state = useApi<Meeting>(`/meetings/${id}`);
  return <Loaded state={state}>{(m) => <Workspace m={m} onChange={state.set} reload={state.reload} />}</Loaded>;
}

function Workspace({ m, onChange, reload }: { m: Meeting; onChange(m: Meeting): void; reload(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const hold = useAction();
  const setStatus = async (status: "held" | "planned") => {
    const updated = await hold.run(() => api<Meeting>(`/meetings/${m.id}`, { method: "PATCH", body: { status }, ifMatch: m }));
    if (updated) onChange(updated);
  };
  // "Mark as held" is offered from the meeting's first day only (the server's policy says so).
  const notYet = m.policies.edit && m.status === "planned" && !m.policies.markHeld;
  const tone = m.status === "minutes_agreed" ? "ok" : m.status === "held" ? "info" : undefined;
  return (
    <>
      <PageHead title={m.title} marking={m.marking} kind="meeting">
        <EditLink r={m} />
        <a className="button secondary" href={`/api/meetings/${m.id}/calendar.ics`} download data-testid="calendar-export">{t("meetings.exportCalendar")}</a>
        {m.policies.markHeld && (
          <ConfirmButton label={t("meetings.markHeld")} question={t("meetings.confirmHeld", { title: m.title })} yes={t("meetings.yesHeld")}
            onConfirm={() => setStatus("held")} disabled={hold.busy} testId="mark-held" />
        )}
        {m.policies.undoHeld && (
          <ConfirmButton label={t("meetings.undoHeld")} question={t("meetings.confirmUndoHeld")} yes={t("meetings.yesUndoHeld")}
            onConfirm={() => setStatus("planned")} disabled={hold.busy} testId="undo-held" />
        )}
      </PageHead>
      {notYet && <p className="hint" data-testid="held-not-yet">{m.dateStart ? t("meetings.heldFrom", { date: f.date(m.dateStart) }) : t("meetings.heldNeedsDate")}</p>}
      <ErrorText error={hold.error} />
      <Facts items={[
        [t("meetings.status"), <span data-testid="meeting-status"><Badge tone={tone}>{t(`meetingStatus.${m.status}`)}</Badge></span>],
        [t("meetings.forum"), <RefLink r={m.forum} />],
        [t("meetings.dates"), m.dateEnd && m.dateEnd !== m.dateStart ? `${f.date(m.dateStart)} – ${f.date(m.dateEnd)}` : f.date(m.dateStart)],
        [t("meetings.venue"), [m.venueCity, m.venueCountry ? names.country(m.venueCountry) : null].filter(Boolean).join(", ")],
        [t("meetings.coChairs"), m.coChairs.length ? (
          <ul className="plain">{m.coChairs.map((c) => <li key={c.country}>{names.country(c.country)}: <RefLink r={c.person} /></li>)}</ul>
        ) : null],
      ]} />
      <nav className="tabs in-page" aria-label={t("meetings.sections")}>
        <a href="#agenda">{t("meetings.agenda")}</a>
        <a href="#attendance">{t("meetings.attendance")}</a>
        <a href="#outcomes">{t("meetings.outcomes")}</a>
        <a href="#actions">{t("meetings.actions")}</a>
        <a href="#minutes">{t("meetings.minutes")}</a>
      </nav>
      <AgendaPanel m={m} onChange={onChange} editable={m.policies.edit} />
      <AttendancePanel m={m} onChange={onChange} editable={m.policies.edit} />
      <OutcomesPanel m={m} onChange={onChange} editable={m.policies.edit} />
      <MeetingActionsPanel m={m} onCreated={reload} editable={m.policies.addAction} />
      <MinutesPanel m={m} onChange={onChange} />
      <RecordExtras id={m.id} policies={m.policies} references={false} />
    </>
  );
}
