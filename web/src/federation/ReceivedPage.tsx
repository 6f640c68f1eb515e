// Records received from peer instances that the reader may read (SPEC 8.4): which instance each
// came from and when, its kind, title and own marking. Each opens as a read-only replica; received
// meetings whose minutes wait for this country's approval say so.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { Items } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { Empty, Loaded } from "../components/Status.tsx";
import { PageHead, useNames } from "../components/ui.tsx";
import { MarkingChip } from "../markings/MarkingChip.tsx";
import type { ReplicaSummary } from "./types.ts";

export function ReceivedPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const state = useApi<Items<ReplicaSummary>>("/federation/replicas");
  return (
    <>
      <PageHead title={t("received.title")} />
      <p className="hint">{t("received.intro")}</p>
      <Loaded state={state}>
        {(r) => r.items.length === 0 ? <Empty>{t("received.none")}</Empty> : (
          <div className="table-wrap">
            <table className="table stack" data-testid="received">
              <thead>
                <tr><th>{t("received.titleCol")}</th><th>{t("kind.label")}</th><th>{t("received.from")}</th><th>{t("received.receivedAt")}</th><th>{t("marking.label")}</th></tr>
              </thead>
              <tbody>
                {r.items.map((x) => (
                  <tr key={x.id} data-testid="received-row">
                    <td data-label={t("received.titleCol")}><Link to={`/received/${x.id}`} dir="auto">{x.title}</Link></td>
                    <td data-label={t("kind.label")}>{t(`kind.${x.kind}`, { defaultValue: x.kind })}</td>
                    <td data-label={t("received.from")}>{t("received.instanceOf", { country: names.country(x.from.country) })}</td>
                    <td data-label={t("received.receivedAt")}>{f.dateTime(x.from.receivedAt)}</td>
                    <td data-label={t("marking.label")}><MarkingChip marking={x.marking} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </>
  );
}
