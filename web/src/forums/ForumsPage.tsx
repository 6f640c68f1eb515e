import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { Forum, Page } from "../api/types.ts";
import { MarkingChip } from "../markings/MarkingChip.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { PageHead, useNames } from "../components/ui.tsx";
import { RefLink } from "../components/RefLink.tsx";
import { NewLink } from "../edit/EditLinks.tsx";

export function ForumsPage() {
  const { t } = useTranslation();
  const names = useNames();
  const state = useApi<Page<Forum>>("/forums?limit=200");
  return (
    <>
      <PageHead title={t("forums.title")}><NewLink kind="forum" collection="forums" /></PageHead>
      <Loaded state={state}>
        {(page) => page.items.length === 0 ? <Empty>{t("common.noneVisible")}</Empty> : (
          <div className="table-wrap">
            <table className="table stack">
              <thead><tr><th>{t("forums.name")}</th><th>{t("forums.kind")}</th><th>{t("forums.members")}</th><th>{t("forums.parent")}</th><th>{t("marking.label")}</th></tr></thead>
              <tbody>
                {page.items.map((f) => (
                  <tr key={f.id}>
                    <td data-label={t("forums.name")}><Link to={`/forums/${f.id}`} dir="auto">{f.name}</Link></td>
                    <td data-label={t("forums.kind")}>{t(`forumKind.${f.forumKind}`)}</td>
                    <td data-label={t("forums.members")}>{f.members.map((m) => names.country(m.country)).join(", ")}</td>
                    <td data-label={t("forums.parent")}><RefLink r={f.parent} /></td>
                    <td data-label={t("marking.label")}><MarkingChip marking={f.marking} /></td>
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
