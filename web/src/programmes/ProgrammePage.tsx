// A programme: partners and their work share, milestones, technology-transfer phases, and
// indigenous content against the minimum for its acquisition category.
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { Programme } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { RefLink, RefList } from "../components/RefLink.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { Badge, Facts, PageHead, Section, useNames } from "../components/ui.tsx";
import { RecordExtras } from "../registry/RecordExtras.tsx";
import { STAGES } from "../overview/StagePipeline.tsx";
import { WorkShare } from "./WorkShare.tsx";
import { IndigenousContentPanel } from "./IndigenousContentPanel.tsx";
import { EditLink } from "../edit/EditLinks.tsx";

export function ProgrammePage() {
  const { id } = useParams();
  const state = useApi<Programme>(`/programmes/${id}`);
  return <Loaded state={state}>{(p) => <ProgrammeView p={p} />}</Loaded>;
}

const stepTone = (s: string) => (s === "achieved" ? "ok" : s === "delayed" ? "bad" : s === "cancelled" ? undefined : "info");

function ProgrammeView({ p }: { p: Programme }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const stageIndex = STAGES.indexOf(p.stage);
  return (
    <>
      <PageHead title={p.title} marking={p.marking} kind="programme"><EditLink r={p} /></PageHead>
      <ol className="stepper" aria-label={t("programmes.stage")}>
        {STAGES.map((s, i) => (
          <li key={s} className={i < stageIndex ? "done" : i === stageIndex ? "current" : undefined} aria-current={i === stageIndex ? "step" : undefined}>{t(`stage.${s}`)}</li>
        ))}
      </ol>
      <Facts items={[
        [t("programmes.kind"), t(`programmeKind.${p.programmeKind}`)],
        [t("programmes.value"), f.money(p.value, p.currency)],
        [t("programmes.buyer"), p.buyerCountry ? names.country(p.buyerCountry) : null],
        [t("programmes.areas"), p.areas.map(names.area).join(", ")],
        [t("programmes.compartment"), p.compartment],
        [t("programmes.agreements"), <RefList refs={p.agreements} />],
        [t("programmes.description"), p.description ? <span dir="auto">{p.description}</span> : null],
      ]} />
      <Section title={t("programmes.partners")} id="partners">
        {p.partners.length === 0 ? <Empty /> : (
          <>
            <WorkShare partners={p.partners} />
            <div className="table-wrap">
              <table className="table stack">
                <thead><tr><th>{t("programmes.organisation")}</th><th>{t("programmes.role")}</th><th>{t("programmes.workShare")}</th></tr></thead>
                <tbody>{p.partners.map((x, i) => <tr key={i}><td data-label={t("programmes.organisation")}><RefLink r={x.organisation} /></td><td data-label={t("programmes.role")}>{t(`partnerRole.${x.role}`)}</td><td data-label={t("programmes.workShare")}>{f.percent(x.workShare)}</td></tr>)}</tbody>
              </table>
            </div>
          </>
        )}
      </Section>
      <Section title={t("programmes.milestones")} id="milestones">
        {p.milestones.length === 0 ? <Empty /> : (
          <div className="table-wrap">
            <table className="table stack">
              <thead><tr><th>{t("programmes.milestone")}</th><th>{t("programmes.planned")}</th><th>{t("programmes.actual")}</th><th>{t("programmes.stepStatus")}</th></tr></thead>
              <tbody>{p.milestones.map((m, i) => <tr key={i}><td data-label={t("programmes.milestone")}><span dir="auto">{m.title}</span></td><td data-label={t("programmes.planned")}>{f.date(m.plannedOn)}</td><td data-label={t("programmes.actual")}>{f.date(m.actualOn)}</td><td data-label={t("programmes.stepStatus")}><Badge tone={stepTone(m.status)}>{t(`stepStatus.${m.status}`)}</Badge></td></tr>)}</tbody>
            </table>
          </div>
        )}
      </Section>
      <Section title={t("programmes.tot")} id="tot">
        {p.totPhases.length === 0 ? <Empty /> : (
          <ol className="phases">
            {p.totPhases.map((x, i) => (
              <li key={i} className={x.status}>
                <strong>{t(`totPhase.${x.phase}`)}</strong>
                <span className="muted">{t("programmes.plannedOn", { date: f.date(x.plannedOn) })}{x.actualOn ? ` · ${t("programmes.actualOn", { date: f.date(x.actualOn) })}` : ""}</span>
                <Badge tone={stepTone(x.status)}>{t(`stepStatus.${x.status}`)}</Badge>
              </li>
            ))}
          </ol>
        )}
      </Section>
      <IndigenousContentPanel p={p} />
      <RecordExtras id={p.id} policies={p.policies} references={false} />
    </>
  );
}
