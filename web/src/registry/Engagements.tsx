// Engagements: visits, calls, delegations, exercises, conferences and industry events.
import { ENUMS } from "../generated/kinds.ts";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { query } from "../api/client.ts";
import { useApi } from "../api/hooks.ts";
import type { Engagement } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { CountrySelect, Select } from "../components/pickers.tsx";
import { RecordList } from "../components/RecordList.tsx";
import { RefLink, RefList } from "../components/RefLink.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { Facts, PageHead, useNames } from "../components/ui.tsx";
import { RecordExtras } from "./RecordExtras.tsx";
import { EditLink, NewLink } from "../edit/EditLinks.tsx";

const KINDS = ENUMS.engagement.kind;

export function EngagementsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const [params, setParams] = useSearchParams();
  const filters = { kind: params.get("kind") ?? "", country: params.get("country") ?? "" };
  const set = (k: keyof typeof filters, v: string) => {
    const n = new URLSearchParams(params);
    if (v) n.set(k, v);
    else n.delete(k);
    setParams(n, { replace: true });
  };
  const probe = useApi<unknown>("/engagements?limit=1");
  if (probe.error?.status === 404) return <><PageHead title={t("engagements.title")} /><Empty>{t("engagements.unavailable")}</Empty></>;
  return (
    <>
      <PageHead title={t("engagements.title")}>
        <NewLink kind="engagement" collection="engagements" />
        <a className="button secondary" href="/api/engagements/export" download>{t("common.exportCsv")}</a>
      </PageHead>
      <form className="filters" role="search" aria-label={t("common.filters")} onSubmit={(e) => e.preventDefault()}>
        <Select label={t("engagements.kind")} value={filters.kind} onChange={(v) => set("kind", v)} emptyLabel={t("common.all")} options={KINDS.map((k) => ({ value: k, label: t(`engagementKind.${k}`) }))} />
        <CountrySelect label={t("engagements.country")} value={filters.country} onChange={(v) => set("country", v)} emptyLabel={t("common.all")} />
      </form>
      <RecordList<Engagement> path={`/engagements${query({ ...filters, limit: 50 })}`} columns={[
        [t("engagements.titleCol"), (e) => <Link to={`/engagements/${e.id}`} dir="auto">{e.title}</Link>],
        [t("engagements.kind"), (e) => t(`engagementKind.${e.engagementKind}`)],
        [t("engagements.dates"), (e) => f.date(e.dateStart)],
        [t("engagements.place"), (e) => e.place],
        [t("engagements.delegation"), (e) => `${names.country(e.delegationCountry)} → ${names.country(e.hostCountry)}`],
      ]} />
    </>
  );
}

export function EngagementPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const state = useApi<Engagement>(`/engagements/${id}`);
  return (
    <Loaded state={state}>
      {(e) => (
        <>
          <PageHead title={e.title} marking={e.marking} kind="engagement"><EditLink r={e} /></PageHead>
          <Facts items={[
            [t("engagements.kind"), t(`engagementKind.${e.engagementKind}`)],
            [t("engagements.dates"), e.dateEnd && e.dateEnd !== e.dateStart ? `${f.date(e.dateStart)} – ${f.date(e.dateEnd)}` : f.date(e.dateStart)],
            [t("engagements.place"), e.place],
            [t("engagements.leader"), <RefLink r={e.leader} />],
            [t("engagements.delegation"), names.country(e.delegationCountry)],
            [t("engagements.host"), names.country(e.hostCountry)],
            [t("engagements.hosts"), <RefList refs={e.hosts} />],
            [t("engagements.purpose"), e.purpose ? <span dir="auto">{e.purpose}</span> : null],
            [t("engagements.areas"), e.areas.map(names.area).join(", ")],
            [t("engagements.outcomes"), e.outcomes ? <span dir="auto">{e.outcomes}</span> : null],
            [t("engagements.meeting"), <RefLink r={e.meeting} />],
          ]} />
          <RecordExtras id={e.id} policies={e.policies} references={false} />
        </>
      )}
    </Loaded>
  );
}
