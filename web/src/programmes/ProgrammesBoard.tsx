// Programmes as a board: one column per stage, a card per programme with its partners and
// whether its indigenous content meets the minimum.
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { Page, Programme } from "../api/types.ts";
import { Empty, ErrorText, Loading } from "../components/Status.tsx";
import { PageHead } from "../components/ui.tsx";
import { MarkingChip } from "../markings/MarkingChip.tsx";
import { STAGES } from "../overview/StagePipeline.tsx";
import { Compliance } from "../overview/IcChart.tsx";
import { NewLink } from "../edit/EditLinks.tsx";

export function ProgrammesBoard() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const focus = params.get("stage");
  const state = useApi<Page<Programme>>("/programmes?limit=200");
  return (
    <>
      <PageHead title={t("programmes.board")}>
        <NewLink kind="programme" collection="programmes" />
        <a className="button secondary" href="/api/programmes/export" download>{t("common.exportCsv")}</a>
      </PageHead>
      {state.error && (state.error.status === 404 ? <Empty>{t("programmes.unavailable")}</Empty> : <ErrorText error={state.error} />)}
      {!state.data && !state.error && <Loading />}
      {state.data?.items.length === 0 && <Empty>{t("common.noneVisible")}</Empty>}
      {state.data && state.data.items.length > 0 && (
        <div className="board" data-testid="programme-board">
          {STAGES.map((stage) => {
            const items = state.data!.items.filter((p) => p.stage === stage);
            return (
              <section key={stage} className={`board-col ${focus === stage ? "focus" : ""}`} aria-labelledby={`stage-${stage}`}>
                <h2 id={`stage-${stage}`}>{t(`stage.${stage}`)} <span className="count">{items.length}</span></h2>
                {items.length === 0 ? <p className="muted">—</p> : items.map((p) => (
                  <article key={p.id} className="card">
                    <h3><Link to={`/programmes/${p.id}`} dir="auto">{p.title}</Link></h3>
                    <p className="muted">{t(`programmeKind.${p.programmeKind}`)}</p>
                    <p className="partners">{p.partners.map((x) => (x.organisation.withheld ? t("common.withheld") : x.organisation.title)).join(" · ")}</p>
                    {p.indigenousContent.compliant !== null && <Compliance compliant={p.indigenousContent.compliant} />}
                    <MarkingChip marking={p.marking} />
                  </article>
                ))}
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}
