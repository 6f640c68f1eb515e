// A forum: its members and co-chair roles, its meetings in order, and (for the secretariat) the
// preparation of its next meeting.
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { Forum, Meeting, Page } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { MarkingChip } from "../markings/MarkingChip.tsx";
import { RefLink } from "../components/RefLink.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { Facts, PageHead, Section, useNames } from "../components/ui.tsx";
import { NewMeetingForm } from "./NewMeetingForm.tsx";
import { EditLink } from "../edit/EditLinks.tsx";
import { RecordExtras } from "../registry/RecordExtras.tsx";

/**
 * The number of the meeting this page prepares: after the last one it lists, when it lists them
 * all. Sent with the new meeting, so two people preparing "the next meeting" at once make one
 * meeting, and the second is told it exists (409) rather than making another.
 */
function nextSequence(page: Page<Meeting> | null | undefined): number | undefined {
  if (!page || page.nextCursor) return undefined;
  return Math.max(0, ...page.items.map((m) => m.sequence)) + 1;
}

export function ForumPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const names = useNames();
  const f = useFormat();
  const forum = useApi<Forum>(`/forums/${id}`);
  const meetings = useApi<Page<Meeting>>(`/meetings?forumId=${id}&limit=200`);
  return (
    <Loaded state={forum}>
      {(fo) => (
        <>
          <PageHead title={fo.name} marking={fo.marking} kind="forum"><EditLink r={fo} /></PageHead>
          <Facts items={[
            [t("forums.kind"), t(`forumKind.${fo.forumKind}`)],
            [t("forums.members"), fo.members.map((m) => `${names.country(m.country)}${m.coChairRole ? ` (${m.coChairRole})` : ""}`).join("; ")],
            [t("forums.parent"), <RefLink r={fo.parent} />],
            [t("forums.established"), f.date(fo.establishedOn)],
            [t("forums.termsOfReference"), <RefLink r={fo.termsOfReference} />],
            [t("forums.compartment"), fo.compartment],
          ]} />
          {fo.template && (
            <Section title={t("forums.template")}>
              <ol>{fo.template.agenda.map((a, i) => <li key={i}><span dir="auto">{a}</span></li>)}</ol>
            </Section>
          )}
          <Section title={t("forums.meetings")} id="meetings" actions={<a className="button secondary" href="/api/meetings/calendar.ics" download>{t("meetings.exportAll")}</a>}>
            <Loaded state={meetings}>
              {(page) => page.items.length === 0 ? <Empty /> : (
                <div className="table-wrap">
                  <table className="table stack" data-testid="meetings-table">
                    <thead><tr><th>{t("meetings.sequence")}</th><th>{t("meetings.title")}</th><th>{t("meetings.dates")}</th><th>{t("meetings.status")}</th><th>{t("marking.label")}</th></tr></thead>
                    <tbody>
                      {[...page.items].sort((a, b) => b.sequence - a.sequence).map((m) => (
                        <tr key={m.id}>
                          <td data-label={t("meetings.sequence")}>{f.number(m.sequence)}</td>
                          <td data-label={t("meetings.title")}><Link to={`/meetings/${m.id}`} dir="auto">{m.title}</Link></td>
                          <td data-label={t("meetings.dates")}>{f.date(m.dateStart)}</td>
                          <td data-label={t("meetings.status")}>{t(`meetingStatus.${m.status}`)}</td>
                          <td data-label={t("marking.label")}><MarkingChip marking={m.marking} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Loaded>
          </Section>
          {fo.policies.planMeeting && (
            <Section title={t("meetings.prepare")} id="prepare">
              <NewMeetingForm forum={fo} sequence={nextSequence(meetings.data)} />
            </Section>
          )}
          <RecordExtras id={fo.id} policies={fo.policies} />
        </>
      )}
    </Loaded>
  );
}
