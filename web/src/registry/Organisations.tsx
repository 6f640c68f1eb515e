// Organisations: ministries, forces, agencies, companies, DPSUs and laboratories of each country.
import { ENUMS } from "../generated/kinds.ts";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { query } from "../api/client.ts";
import { useApi } from "../api/hooks.ts";
import type { Organisation } from "../api/types.ts";
import { CountrySelect, Select } from "../components/pickers.tsx";
import { RecordList } from "../components/RecordList.tsx";
import { RefLink } from "../components/RefLink.tsx";
import { Loaded } from "../components/Status.tsx";
import { Facts, PageHead, useNames } from "../components/ui.tsx";
import { RecordExtras } from "./RecordExtras.tsx";
import { EditLink, NewLink } from "../edit/EditLinks.tsx";

const KINDS = ENUMS.organisation.kind;

export function OrganisationsPage() {
  const { t } = useTranslation();
  const names = useNames();
  const [params, setParams] = useSearchParams();
  const filters = { kind: params.get("kind") ?? "", country: params.get("country") ?? "" };
  const set = (k: keyof typeof filters, v: string) => {
    const n = new URLSearchParams(params);
    if (v) n.set(k, v);
    else n.delete(k);
    setParams(n, { replace: true });
  };
  return (
    <>
      <PageHead title={t("organisations.title")}>
        <NewLink kind="organisation" collection="organisations" />
        <a className="button secondary" href="/api/organisations/export" download>{t("common.exportCsv")}</a>
      </PageHead>
      <form className="filters" role="search" aria-label={t("common.filters")} onSubmit={(e) => e.preventDefault()}>
        <Select label={t("organisations.kind")} value={filters.kind} onChange={(v) => set("kind", v)} emptyLabel={t("common.all")} options={KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))} />
        <CountrySelect label={t("organisations.country")} value={filters.country} onChange={(v) => set("country", v)} emptyLabel={t("common.all")} />
      </form>
      <RecordList<Organisation> path={`/organisations${query({ ...filters, limit: 50 })}`} columns={[
        [t("organisations.name"), (o) => <Link to={`/organisations/${o.id}`} dir="auto">{o.name}</Link>],
        [t("organisations.aliases"), (o) => o.aliases.join(", ")],
        [t("organisations.kind"), (o) => t(`orgKind.${o.orgKind}`)],
        [t("organisations.country"), (o) => names.country(o.country)],
        [t("organisations.parent"), (o) => (o.parent ? <RefLink r={o.parent} /> : "—")],
      ]} />
    </>
  );
}

export function OrganisationPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const names = useNames();
  const state = useApi<Organisation>(`/organisations/${id}`);
  return (
    <Loaded state={state}>
      {(o) => (
        <>
          <PageHead title={o.name} marking={o.marking} kind="organisation"><EditLink r={o} /></PageHead>
          <Facts items={[
            [t("organisations.kind"), t(`orgKind.${o.orgKind}`)],
            [t("organisations.country"), names.country(o.country)],
            [t("organisations.aliases"), o.aliases.join(", ")],
            [t("organisations.parent"), o.parent ? <RefLink r={o.parent} /> : null],
          ]} />
          <RecordExtras id={o.id} policies={o.policies} />
        </>
      )}
    </Loaded>
  );
}
