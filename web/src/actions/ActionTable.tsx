// Actions as a table: overdue ones are highlighted and say by how many days.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Action } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { RefLink } from "../components/RefLink.tsx";
import { Badge, useNames } from "../components/ui.tsx";
import { MarkingChip } from "../markings/MarkingChip.tsx";

export function ActionTable({ items, showForum = true }: { items: Action[]; showForum?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  return (
    <div className="table-wrap">
      <table className="table stack" data-testid="actions-table">
        <thead>
          <tr>
            <th>{t("actions.title")}</th>
            {showForum && <th>{t("actions.forum")}</th>}
            <th>{t("actions.owner")}</th>
            <th>{t("actions.due")}</th>
            <th>{t("actions.status")}</th>
            <th>{t("marking.label")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} className={a.overdueDays ? "overdue" : undefined} data-overdue={a.overdueDays ? "true" : undefined}>
              <td data-label={t("actions.title")}><Link to={`/actions/${a.id}`} dir="auto">{a.title}</Link></td>
              {showForum && <td data-label={t("actions.forum")}><RefLink r={a.forum} /></td>}
              <td data-label={t("actions.owner")}>
                {names.country(a.owner.country)}
                {a.owner.organisation && <> · <RefLink r={a.owner.organisation} /></>}
                {a.owner.person && <> · <RefLink r={a.owner.person} /></>}
              </td>
              <td data-label={t("actions.due")}>
                {f.date(a.dueDate)}
                {a.overdueDays ? <> <Badge tone="bad">{t("actions.overdueDays", { count: a.overdueDays, n: f.number(a.overdueDays) })}</Badge></> : null}
              </td>
              <td data-label={t("actions.status")}>{t(`actionStatus.${a.status}`)}</td>
              <td data-label={t("marking.label")}><MarkingChip marking={a.marking} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
