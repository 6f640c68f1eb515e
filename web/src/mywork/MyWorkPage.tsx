// My work: the signed-in home page. What awaits this reader, over what they may read: minutes to
// approve (approved from here, after a confirmation), releases to decide (decided from here), the
// outcomes of their own requests, their actions (overdue first), drafts, meetings coming up,
// minutes still to be agreed, milestones due. The relationship overview is one click away.
// First screen: it uses only the frame's components and its own strings (i18n/sections.ts).
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { MyWork, RecordRef } from "../api/types.ts";
import { ConfirmButton } from "../components/ConfirmButton.tsx";
import { useFormat } from "../components/format.ts";
import { pathOf } from "../components/paths.ts";
import { ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, useNames } from "../components/ui.tsx";
import { MarkingChip } from "../markings/MarkingChip.tsx";
import { notifyWorkChanged } from "./badge.ts";

export function MyWorkPage() {
  const { t } = useTranslation();
  const state = useApi<MyWork>("/my-work");
  const reload = () => { state.reload(); notifyWorkChanged(); };
  return (
    <>
      <div className="page-head">
        <h1>{t("mywork.title")}</h1>
        <Link to="/overview" className="button secondary" data-testid="to-overview">{t("mywork.toOverview")}</Link>
      </div>
      <Loaded state={state}>{(w) => <Work w={w} reload={reload} />}</Loaded>
    </>
  );
}

function RecordLink({ r }: { r: RecordRef }) {
  const to = pathOf(r.kind, r.id);
  return <>{to ? <Link to={to} dir="auto">{r.title}</Link> : <span dir="auto">{r.title}</span>} <MarkingChip marking={r.marking} /></>;
}

function Part({ title, id, count, children }: { title: string; id: string; count: number; children: ReactNode }) {
  return (
    <section className="section work-part" aria-labelledby={`${id}-h`} data-testid={id}>
      <div className="section-head"><h2 id={`${id}-h`}>{title} <span className="count">({count})</span></h2></div>
      <ul className="work-list">{children}</ul>
    </section>
  );
}

function Work({ w, reload }: { w: MyWork; reload(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const act = useAction();
  const approve = async (meetingId: string, version: number) => {
    if (await act.run(() => api(`/meetings/${meetingId}/minutes/${version}/approve`, { method: "POST" }))) reload();
  };
  const decide = async (id: string, decision: "approve" | "refuse") => {
    if (await act.run(() => api(`/releases/${id}/decision`, { body: { decision } }))) reload();
  };
  const nothing = w.minutesToApprove.length + w.receivedMinutesToApprove.length + w.releasesToDecide.length + w.myReleases.length + w.actions.length + w.drafts.length + w.meetings.length + w.minutesToAgree.length + w.milestones.length === 0;
  return (
    <>
      <p className="lead" data-testid="work-count">{t("mywork.count", { count: w.count })}</p>
      <ErrorText error={act.error} />
      {nothing && <p className="muted empty">{t("mywork.allClear")}</p>}
      {w.minutesToApprove.length > 0 && (
        <Part title={t("mywork.minutesToApprove")} id="minutes-to-approve" count={w.minutesToApprove.length}>
          {w.minutesToApprove.map((m) => (
            <li key={m.meeting.id}>
              <RecordLink r={m.meeting} /> <span className="muted">{t("mywork.version", { version: m.version })}</span>
              <div className="actions">
                <ConfirmButton label={t("mywork.approve", { version: m.version })} question={t("mywork.confirmApprove", { version: m.version, title: m.meeting.title })}
                  yes={t("mywork.yesApprove")} onConfirm={() => approve(m.meeting.id, m.version)} disabled={act.busy} testId={`approve-${m.meeting.id}`} />
              </div>
            </li>
          ))}
        </Part>
      )}
      {w.receivedMinutesToApprove.length > 0 && (
        <Part title={t("mywork.receivedToApprove")} id="received-to-approve" count={w.receivedMinutesToApprove.length}>
          {w.receivedMinutesToApprove.map((m) => (
            <li key={m.meeting.id}>
              <Link to={`/received/${m.meeting.id}`} dir="auto">{m.meeting.title}</Link> <MarkingChip marking={m.meeting.marking} />{" "}
              <span className="muted">{t("mywork.receivedFrom", { version: m.version, country: names.country(m.from) })}</span>
              <div className="actions"><Link to={`/received/${m.meeting.id}#minutes`} data-testid={`review-${m.meeting.id}`}>{t("mywork.reviewAndApprove")}</Link></div>
            </li>
          ))}
        </Part>
      )}
      {w.releasesToDecide.length > 0 && (
        <Part title={t("mywork.releasesToDecide")} id="releases-to-decide" count={w.releasesToDecide.length}>
          {w.releasesToDecide.map((r) => (
            <li key={r.id}>
              <RecordLink r={r.record} /> <span className="muted">{t("mywork.askedOn", { date: f.dateTime(r.askedAt) })}</span>
              <div className="actions">
                <ConfirmButton label={t("mywork.release")} question={t("mywork.confirmRelease", { title: r.record.title })} yes={t("mywork.yesRelease")}
                  onConfirm={() => decide(r.id, "approve")} disabled={act.busy} testId={`release-approve-${r.id}`} />
                <ConfirmButton label={t("mywork.refuse")} question={t("mywork.confirmRefuse", { title: r.record.title })} yes={t("mywork.yesRefuse")} danger
                  onConfirm={() => decide(r.id, "refuse")} disabled={act.busy} testId={`release-refuse-${r.id}`} />
                <Link to="/security/releases">{t("mywork.releaseDetails")}</Link>
              </div>
            </li>
          ))}
        </Part>
      )}
      {w.actions.length > 0 && (
        <Part title={t("mywork.actions")} id="my-actions" count={w.actions.length}>
          {w.actions.map((a) => (
            <li key={a.action.id}>
              <RecordLink r={a.action} />{" "}
              {a.overdue
                ? <Badge tone="bad">{t("mywork.overdue", { date: f.date(a.dueDate) })}</Badge>
                : a.dueDate && <span className="muted">{t("mywork.due", { date: f.date(a.dueDate) })}</span>}
            </li>
          ))}
        </Part>
      )}
      {w.drafts.length > 0 && (
        <Part title={t("mywork.drafts")} id="my-drafts" count={w.drafts.length}>
          {w.drafts.map((d) => <li key={d.draft.id}><RecordLink r={d.draft} /> <span className="muted">{f.dateTime(d.createdAt)}</span></li>)}
        </Part>
      )}
      {w.meetings.length > 0 && (
        <Part title={t("mywork.meetings")} id="my-meetings" count={w.meetings.length}>
          {w.meetings.map((m) => (
            <li key={m.meeting.id}>
              <RecordLink r={m.meeting} /> <span className="muted">{f.date(m.dateStart)}{m.venueCity ? `, ${m.venueCity}` : ""} · {t(`mywork.role.${m.role}`)}</span>
            </li>
          ))}
        </Part>
      )}
      {w.minutesToAgree.length > 0 && (
        <Part title={t("mywork.minutesToAgree")} id="minutes-to-agree" count={w.minutesToAgree.length}>
          {w.minutesToAgree.map((m) => (
            <li key={m.meeting.id}><RecordLink r={m.meeting} /> <span className="muted">{m.version ? t("mywork.version", { version: m.version }) : t("mywork.noMinutes")}</span></li>
          ))}
        </Part>
      )}
      {w.milestones.length > 0 && (
        <Part title={t("mywork.milestones")} id="my-milestones" count={w.milestones.length}>
          {w.milestones.map((m, i) => (
            <li key={`${m.programme.id}-${i}`}>
              <span dir="auto">{m.title}</span> · <RecordLink r={m.programme} /> {m.overdue ? <Badge tone="bad">{t("mywork.overdue", { date: f.date(m.plannedOn) })}</Badge> : <span className="muted">{t("mywork.due", { date: f.date(m.plannedOn) })}</span>}
            </li>
          ))}
        </Part>
      )}
      {w.myReleases.length > 0 && (
        <Part title={t("mywork.myReleases")} id="my-releases" count={w.myReleases.length}>
          {w.myReleases.map((r) => (
            <li key={r.id}>
              <RecordLink r={r.record} /> <Badge tone={r.status === "approved" ? "ok" : r.status === "refused" ? "bad" : "warn"}>{t(`mywork.releaseStatus.${r.status}`)}</Badge>
            </li>
          ))}
        </Part>
      )}
    </>
  );
}
