// The home page: the relationship between the reader's country and one partner at a glance, over
// what the reader may read, carrying the derived marking of everything it draws on. It opens on
// the reader's partner; with several partners (nothing assumes there are only two countries) a
// tab per partner. The reader's own country is no partner of itself, so it has no tab.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useParams } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { Overview } from "../api/types.ts";
import { useMe } from "../auth/session.tsx";
import { useFormat } from "../components/format.ts";
import { Empty, ErrorText, Loading } from "../components/Status.tsx";
import { PageHead, Section, useNames } from "../components/ui.tsx";
import { BarList } from "./BarList.tsx";
import { IcChart } from "./IcChart.tsx";
import { StagePipeline } from "./StagePipeline.tsx";
import { Timeline } from "./Timeline.tsx";

type OverviewBody = Omit<Overview, "derived">;

const LAST_PARTNER = "accord.overview.partner";

/** The partner the overview opens on: the one last looked at on this device, else the first. */
function defaultPartner(partners: string[]): string | null {
  const last = globalThis.localStorage?.getItem(LAST_PARTNER);
  return last && partners.includes(last) ? last : (partners[0] ?? null);
}

export function OverviewPage() {
  const { t } = useTranslation();
  const me = useMe();
  const names = useNames();
  const params = useParams();
  const partners = names.countries.map((c) => c.code).filter((c) => c !== me.nationality);
  const country = params.country ?? defaultPartner(partners);
  const isPartner = country !== null && partners.includes(country);
  const state = useApi<OverviewBody>(isPartner ? `/overview/${country}` : null);
  useEffect(() => { if (isPartner) globalThis.localStorage?.setItem(LAST_PARTNER, country); }, [isPartner, country]);

  // The reader's own country, or one not on the platform, is no relationship: open the default.
  if (params.country && !isPartner && names.countries.length) return <Navigate to="/overview" replace />;
  if (!country) return <><PageHead title={t("nav.overview")} /><Empty>{t("overview.noPartner")}</Empty></>;
  return (
    <>
      <PageHead title={t("overview.title", { own: names.country(me.nationality), partner: names.country(country) })} marking={state.data?.marking}>
        <a className="button secondary" href={`/api/overview/${country}/brief.pdf`} download>{t("overview.brief")}</a>
      </PageHead>
      {partners.length > 1 && (
        <nav className="tabs" aria-label={t("overview.partners")}>
          {partners.map((c) => (
            <Link key={c} to={`/overview/${c}`} aria-current={c === country ? "page" : undefined}>{names.country(c)}</Link>
          ))}
        </nav>
      )}
      <p className="hint" data-testid="overview-scope">{t("overview.scope")}</p>
      {state.error && (state.error.status === 404 ? <Empty>{t("overview.unavailable")}</Empty> : <ErrorText error={state.error} />)}
      {!state.data && !state.error && <Loading />}
      {state.data && <OverviewBodyView o={state.data} />}
    </>
  );
}

/** What an empty part of the overview says: there may be records the reader may not see. */
function NoneVisible() {
  const { t } = useTranslation();
  return <Empty>{t("common.noneVisible")}</Empty>;
}

function OverviewBodyView({ o }: { o: OverviewBody }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="overview-grid">
      <Section title={t("overview.timeline")} id="timeline">
        {o.timeline.length ? <Timeline items={o.timeline} /> : <NoneVisible />}
      </Section>

      <Section title={t("overview.actions")} id="actions">
        {o.actions.open === 0 ? <NoneVisible /> : <ActionsSummary actions={o.actions} />}
      </Section>

      <Section title={t("overview.agreements")} id="agreements">
        {o.agreements.total === 0 ? <NoneVisible /> : <AgreementsSummary agreements={o.agreements} />}
      </Section>

      <Section title={t("overview.pipeline")} id="pipeline">
        {o.programmes.total === 0 ? <NoneVisible /> : <>
          <p><Link to="/programmes">{t("overview.programmesTotal", { count: o.programmes.total })}</Link></p>
          <StagePipeline byStage={o.programmes.byStage} />
        </>}
      </Section>

      <Section title={t("overview.ic")} id="ic">
        {o.indigenousContent.length ? <><IcChart rows={o.indigenousContent} /><p className="hint">{t("ic.legend")}</p></> : <NoneVisible />}
      </Section>

      <Section title={t("overview.lastMeeting")} id="last-meeting">
        {o.lastMeeting ? (
          <>
            <p><Link to={`/meetings/${o.lastMeeting.id}`} dir="auto">{o.lastMeeting.title}</Link> <span className="muted">· {f.date(o.lastMeeting.date)}</span></p>
            <ol>{o.lastMeeting.outcomes.map((text, i) => <li key={i}><span dir="auto">{text}</span></li>)}</ol>
          </>
        ) : <NoneVisible />}
      </Section>
    </div>
  );
}

function ActionsSummary({ actions }: { actions: OverviewBody["actions"] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <div className="stats">
        <Link to="/actions?status=open" className="stat"><span className="stat-value">{f.number(actions.open)}</span>{t("overview.openActions")}</Link>
        <Link to="/actions?overdue=true" className={`stat ${actions.overdue ? "bad" : ""}`}><span className="stat-value">{f.number(actions.overdue)}</span>{t("overview.overdueActions")}</Link>
      </div>
      {actions.mostOverdue.length > 0 && (
        <ul className="plain overdue-list">
          {actions.mostOverdue.map((a) => (
            <li key={a.id}><Link to={`/actions/${a.id}`} dir="auto">{a.title}</Link> <span className="overdue-text">{t("actions.dueOn", { date: f.date(a.dueDate) })}</span></li>
          ))}
        </ul>
      )}
    </>
  );
}

function AgreementsSummary({ agreements }: { agreements: OverviewBody["agreements"] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  return (
    <>
      <p><Link to="/agreements">{t("overview.agreementsTotal", { count: agreements.total })}</Link></p>
      <h3>{t("overview.byStatus")}</h3>
      <BarList label={t("overview.byStatus")} testId="agreements-by-status"
        bars={agreements.byStatus.map((s) => ({ key: s.value, label: t(`agreementStatus.${s.value}`), value: s.count, to: `/agreements?status=${s.value}` }))} />
      <h3>{t("overview.byArea")}</h3>
      <BarList label={t("overview.byArea")} testId="agreements-by-area"
        bars={agreements.byArea.map((a) => ({ key: a.value, label: names.area(a.value), value: a.count, to: `/agreements?area=${a.value}` }))} />
      {agreements.recent.length > 0 && (
        <>
          <h3>{t("overview.recentAgreements")}</h3>
          <ul className="plain">
            {agreements.recent.map((a) => (
              <li key={a.id}><Link to={`/agreements/${a.id}`} dir="auto">{a.title}</Link> <span className="muted">· {t(`agreementStatus.${a.status}`)} · {f.date(a.signedOn)}</span></li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
