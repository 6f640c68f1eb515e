// Work share as one stacked bar: each partner's segment, in order, labelled beneath.
import { useTranslation } from "react-i18next";
import type { Programme } from "../api/types.ts";
import { useFormat } from "../components/format.ts";

export function WorkShare({ partners }: { partners: Programme["partners"] }) {
  const { t } = useTranslation();
  const f = useFormat();
  let x = 0;
  return (
    <figure className="workshare">
      <svg viewBox="0 0 100 8" preserveAspectRatio="none" className="chart-mirror" role="img" aria-label={t("programmes.workShare")}>
        {partners.map((p, i) => {
          const seg = <rect key={i} x={x} y={0} width={p.workShare} height={8} className={`seg seg-${i % 6}`} />;
          x += p.workShare;
          return seg;
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          {partners.map((p, i) => (
            <li key={i}><span className={`swatch seg-${i % 6}`} aria-hidden="true" />{p.organisation.withheld ? t("common.withheld") : p.organisation.title} {f.percent(p.workShare)}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
