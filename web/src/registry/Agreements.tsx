// Agreements: a list filtered by status, area and party country, and one agreement's page.
import { ENUMS } from "../generated/kinds.ts";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { query } from "../api/client.ts";
import { useApi } from "../api/hooks.ts";
import type { Agreement } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { CountrySelect, Select } from "../components/pickers.tsx";
import { RecordList } from "../components/RecordList.tsx";
import { RefLink, RefList } from "../components/RefLink.tsx";
import { Loaded } from "../components/Status.tsx";
import { Facts, PageHead, useNames } from "../components/ui.tsx";
import { RecordExtras } from "./RecordExtras.tsx";
import { EditLink, NewLink } from "../edit/EditLinks.tsx";

const STATUSES = ENUMS.agreement.status;

export function AgreementsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const [params, setParams] = useSearchParams();
  const filters = { status: params.get("status") ?? "", area: params.get("area") ?? "", country: params.get("country") ?? "" };
  const set = (k: keyof typeof filters, v: string) => {
    const n = new URLSearchParams(params);
    if (v) n.set(k, v);
    else n.delete(k);
    setParams(n, { replace: true });
  };
  return (
    <>
      <PageHead title={t("agreements.title")}>
        <NewLink kind="agreement" collection="agreements" />
        <a className="button secondary" href="/api/agreements/export" download>{t("common.exportCsv")}</a>
      </PageHead>
      <form className="filters" role="search" aria-label={t("common.filters")} onSubmit={(e) => e.preventDefault()}>
        <Select label={t("agreements.status")} value={filters.status} onChange={(v) => set("status", v)} emptyLabel={t("common.all")} options={STATUSES.map((s) => ({ value: s, label: t(`agreementStatus.${s}`) }))} />
        <Select label={t("agreements.area")} value={filters.area} onChange={(v) => set("area", v)} emptyLabel={t("common.all")} options={names.areas.map((a) => ({ value: a.code, label: names.area(a.code) }))} />
        <CountrySelect label={t("agreements.party")} value={filters.country} onChange={(v) => set("country", v)} emptyLabel={t("common.all")} />
      </form>
      <RecordList<Agreement> path={`/agreements${query({ ...filters, limit: 50 })}`} testId="agreements-table" columns={[
        [t("agreements.titleCol"), (a) => <Link to={`/agreements/${a.id}`} dir="auto">{a.title}</Link>],
        [t("agreements.kind"), (a) => t(`agreementKind.${a.agreementKind}`)],
        [t("agreements.status"), (a) => t(`agreementStatus.${a.status}`)],
        [t("agreements.signedOn"), (a) => f.date(a.signedOn)],
        [t("agreements.areas"), (a) => a.areas.map(names.area).join(", ")],
      ]} />
    </>
  );
}

export function AgreementPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const state = useApi<Agreement>(`/agreements/${id}`);
  return (
    <Loaded state={state}>
      {(a) => (
        <>
          <PageHead title={a.title} marking={a.marking} kind="agreement"><EditLink r={a} /></PageHead>
          <Facts items={[
            [t("agreements.kind"), t(`agreementKind.${a.agreementKind}`)],
            [t("agreements.status"), t(`agreementStatus.${a.status}`)],
            [t("agreements.parties"), <ul className="plain">{a.parties.map((p, i) => <li key={i}>{names.country(p.country)}{p.organisation && <> · <RefLink r={p.organisation} /></>}</li>)}</ul>],
            [t("agreements.signatories"), <RefList refs={a.signatories} />],
            [t("agreements.signedOn"), f.date(a.signedOn)],
            [t("agreements.signedAt"), a.signedAt],
            [t("agreements.signedDuring"), a.signedDuring ? <RefLink r={a.signedDuring} /> : null],
            [t("agreements.areas"), a.areas.length ? <ul className="tags">{a.areas.map((x) => <li key={x}><Link to={`/agreements?area=${x}`}>{names.area(x)}</Link></li>)}</ul> : null],
            [t("agreements.validity"), a.validFrom || a.expiresOn ? `${f.date(a.validFrom)} – ${f.date(a.expiresOn)}` : null],
            [t("agreements.renewal"), a.renewalTerms],
            [t("agreements.documents"), <RefList refs={a.documents} />],
          ]} />
          <RecordExtras id={a.id} policies={a.policies} />
        </>
      )}
    </Loaded>
  );
}
