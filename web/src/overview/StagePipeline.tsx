// The programme pipeline: one column per stage, in the order programmes move through them.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../components/format.ts";
import { ENUMS } from "../generated/kinds.ts";

export const STAGES = ENUMS.programme.stage;

export function StagePipeline({ byStage }: { byStage: { value: string; count: number }[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const max = Math.max(1, ...byStage.map((s) => s.count));
  return (
    <ol className="pipeline" aria-label={t("overview.pipeline")} data-testid="pipeline">
      {STAGES.map((stage) => {
        const n = byStage.find((s) => s.value === stage)?.count ?? 0;
        return (
          <li key={stage}>
            <Link to={`/programmes?stage=${stage}`} className="pipeline-col" aria-label={t("overview.stageCount", { stage: t(`stage.${stage}`), count: n })}>
              <span className="pipeline-value">{f.number(n)}</span>
              <svg viewBox="0 0 20 60" preserveAspectRatio="none" aria-hidden="true" focusable="false" className="pipeline-svg">
                <rect x="0" y="0" width="20" height="60" className="bar-track" />
                <rect x="0" y={60 - (n / max) * 60} width="20" height={(n / max) * 60} className="bar-fill" />
              </svg>
              <span className="pipeline-label">{t(`stage.${stage}`)}</span>
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
