// Indigenous content per programme: the achieved share as a bar, the required minimum as a mark
// across it (a bullet chart), and whether it complies.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../components/format.ts";
import { Badge } from "../components/ui.tsx";

export interface IcRow { id: string; title: string; targetPercent: number | null; achievedPercent: number | null; compliant: boolean | null; category?: string | null }

export function IcBullet({ target, achieved }: { target: number | null; achieved: number | null }) {
  return (
    <svg className="ic-svg chart-mirror" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect x="0" y="2" width="100" height="8" className="bar-track" />
      {achieved !== null && <rect x="0" y="2" width={Math.min(100, achieved)} height="8" className={target !== null && achieved < target ? "bar-fill short" : "bar-fill"} />}
      {target !== null && <rect x={Math.min(99, target) - 0.6} y="0" width="1.2" height="12" className="ic-target" />}
    </svg>
  );
}

export function Compliance({ compliant }: { compliant: boolean | null }) {
  const { t } = useTranslation();
  if (compliant === null) return <Badge>{t("ic.unknown")}</Badge>;
  return compliant ? <Badge tone="ok">{t("ic.compliant")}</Badge> : <Badge tone="bad">{t("ic.short")}</Badge>;
}

export function IcChart({ rows }: { rows: IcRow[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <ul className="ic-chart" aria-label={t("overview.ic")} data-testid="ic-chart">
      {rows.map((r) => (
        <li key={r.id}>
          <Link to={`/programmes/${r.id}`} className="ic-row">
            <span className="bar-label" dir="auto">{r.title}</span>
            <IcBullet target={r.targetPercent} achieved={r.achievedPercent} />
            <span className="ic-figures">{t("ic.achievedOfTarget", { achieved: f.percent(r.achievedPercent), target: f.percent(r.targetPercent) })}</span>
            <Compliance compliant={r.compliant} />
          </Link>
        </li>
      ))}
    </ul>
  );
}
