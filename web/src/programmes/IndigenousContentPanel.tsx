// Indigenous content (SPEC 5): achieved against the category's minimum, and how it is made up.
import { useTranslation } from "react-i18next";
import type { Programme } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { Empty } from "../components/Status.tsx";
import { Facts, Section } from "../components/ui.tsx";
import { Compliance, IcBullet } from "../overview/IcChart.tsx";

export function IndigenousContentPanel({ p }: { p: Programme }) {
  const { t } = useTranslation();
  const f = useFormat();
  const ic = p.indigenousContent;
  return (
    <Section title={t("overview.ic")} id="ic">
      {ic.category === null && ic.icPercent === null ? <Empty /> : (
        <>
          <div className="ic-row static">
            <span className="bar-label">{t("ic.achievedOfTarget", { achieved: f.percent(ic.icPercent), target: f.percent(ic.minimumPercent) })}</span>
            <IcBullet target={ic.minimumPercent} achieved={ic.icPercent} />
            <Compliance compliant={ic.compliant} />
          </div>
          <Facts items={[
            [t("ic.category"), ic.category ? t(`icCategory.${ic.category}`, { defaultValue: ic.category }) : null],
            [t("ic.table"), ic.tableVersion],
            [t("ic.basePrice"), f.money(ic.basePrice, p.currency)],
            [t("ic.deductions"), f.money(ic.deductions, p.currency)],
            [t("ic.basis"), ic.basis],
          ]} />
          {ic.breakdown.length > 0 && (
            <div className="table-wrap">
              <table className="table stack">
                <thead><tr><th>{t("ic.costKind")}</th><th>{t("ic.indigenous")}</th><th>{t("ic.imported")}</th><th>{t("ic.excluded")}</th></tr></thead>
                <tbody>
                  {ic.breakdown.map((b) => (
                    <tr key={b.kind}><td data-label={t("ic.costKind")}>{t(`costKind.${b.kind}`)}</td><td data-label={t("ic.indigenous")}>{f.money(b.indigenous, p.currency)}</td><td data-label={t("ic.imported")}>{f.money(b.imported, p.currency)}</td><td data-label={t("ic.excluded")}>{f.money(b.excluded, p.currency)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Section>
  );
}
