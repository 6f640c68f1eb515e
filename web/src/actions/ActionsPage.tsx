// The action tracker: by due date, filtered by forum, owner, status and due date (kept in the
// address so a filtered view can be shared or linked from the overview), overdue highlighted.
import { ENUMS } from "../generated/kinds.ts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, query } from "../api/client.ts";
import { useApi } from "../api/hooks.ts";
import type { Action, Forum, Page } from "../api/types.ts";
import { CountrySelect, OrganisationSelect, Select, TextField } from "../components/pickers.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { PageHead } from "../components/ui.tsx";
import { ActionTable } from "./ActionTable.tsx";

const STATUSES = ENUMS.action.status;
const FILTERS = ["forumId", "ownerCountry", "ownerOrganisationId", "status", "dueBefore", "overdue"] as const;

export function ActionsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [extra, setExtra] = useState<Action[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ""])) as Record<(typeof FILTERS)[number], string>;
  const state = useApi<Page<Action>>(`/actions${query({ ...filters, overdue: filters.overdue === "true" ? "true" : undefined, limit: 100 })}`);
  const forums = useApi<Page<Forum>>("/forums?limit=200");
  const set = (k: (typeof FILTERS)[number], v: string) => {
    const n = new URLSearchParams(params);
    if (v) n.set(k, v);
    else n.delete(k);
    setExtra([]);
    setCursor(null);
    setParams(n, { replace: true });
  };
  const more = async (next: string) => {
    const page = await api<Page<Action>>(`/actions${query({ ...filters, overdue: filters.overdue === "true" ? "true" : undefined, limit: 100, cursor: next })}`);
    setExtra((e) => [...e, ...page.items]);
    setCursor(page.nextCursor ?? "");
  };
  const nextCursor = cursor === null ? state.data?.nextCursor : cursor || null;
  return (
    <>
      <PageHead title={t("actions.tracker")}>
        <a className="button secondary" href="/api/actions/export" download data-testid="actions-export">{t("actions.exportCsv")}</a>
      </PageHead>
      <form className="filters" role="search" aria-label={t("actions.filters")} onSubmit={(e) => e.preventDefault()}>
        <Select label={t("actions.forum")} value={filters.forumId} onChange={(v) => set("forumId", v)} emptyLabel={t("common.all")}
          options={(forums.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))} testId="filter-forum" />
        <CountrySelect label={t("actions.ownerCountry")} value={filters.ownerCountry} onChange={(v) => set("ownerCountry", v)} emptyLabel={t("common.all")} />
        <OrganisationSelect label={t("actions.ownerOrganisation")} country={filters.ownerCountry || null} value={filters.ownerOrganisationId} onChange={(v) => set("ownerOrganisationId", v)} emptyLabel={t("common.all")} />
        <Select label={t("actions.status")} value={filters.status} onChange={(v) => set("status", v)} emptyLabel={t("common.all")}
          options={STATUSES.map((s) => ({ value: s, label: t(`actionStatus.${s}`) }))} testId="filter-status" />
        <TextField label={t("actions.dueBefore")} type="date" value={filters.dueBefore} onChange={(v) => set("dueBefore", v)} />
        <div className="field checkbox">
          <label><input type="checkbox" checked={filters.overdue === "true"} onChange={(e) => set("overdue", e.target.checked ? "true" : "")} data-testid="filter-overdue" /> {t("actions.overdueOnly")}</label>
        </div>
      </form>
      <Loaded state={state}>
        {(page) => {
          const items = [...page.items, ...extra];
          return items.length === 0 ? <Empty>{t("common.noneVisible")}</Empty> : (
            <>
              <p className="muted" role="status">{t("actions.shown", { count: items.length })}</p>
              <ActionTable items={items} />
              {nextCursor && <button type="button" className="secondary" onClick={() => void more(nextCursor)}>{t("common.more")}</button>}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
