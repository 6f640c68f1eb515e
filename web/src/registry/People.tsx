// People and their titles over time.
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { query } from "../api/client.ts";
import { useApi } from "../api/hooks.ts";
import type { Person } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { CountrySelect } from "../components/pickers.tsx";
import { RecordList } from "../components/RecordList.tsx";
import { RefLink } from "../components/RefLink.tsx";
import { Loaded } from "../components/Status.tsx";
import { Facts, PageHead, Section, useNames } from "../components/ui.tsx";
import { RecordExtras } from "./RecordExtras.tsx";
import { EditLink, NewLink } from "../edit/EditLinks.tsx";

export function PeoplePage() {
  const { t } = useTranslation();
  const names = useNames();
  const [params, setParams] = useSearchParams();
  const country = params.get("country") ?? "";
  return (
    <>
      <PageHead title={t("people.title")}>
        <NewLink kind="person" collection="people" />
        <a className="button secondary" href="/api/people/export" download>{t("common.exportCsv")}</a>
      </PageHead>
      <form className="filters" role="search" aria-label={t("common.filters")} onSubmit={(e) => e.preventDefault()}>
        <CountrySelect label={t("people.country")} value={country} onChange={(v) => setParams(v ? { country: v } : {}, { replace: true })} emptyLabel={t("common.all")} />
      </form>
      <RecordList<Person> path={`/people${query({ country, limit: 50 })}`} columns={[
        [t("people.name"), (p) => <Link to={`/people/${p.id}`} dir="auto">{p.name}</Link>],
        [t("people.currentTitle"), (p) => p.currentTitle],
        [t("people.country"), (p) => names.country(p.country)],
      ]} />
    </>
  );
}

export function PersonPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const state = useApi<Person>(`/people/${id}`);
  return (
    <Loaded state={state}>
      {(p) => (
        <>
          <PageHead title={p.name} marking={p.marking} kind="person"><EditLink r={p} /></PageHead>
          <Facts items={[[t("people.country"), names.country(p.country)], [t("people.currentTitle"), p.currentTitle]]} />
          <Section title={t("people.titles")}>
            <div className="table-wrap">
              <table className="table stack">
                <thead><tr><th>{t("people.titleCol")}</th><th>{t("people.organisation")}</th><th>{t("people.from")}</th><th>{t("people.to")}</th></tr></thead>
                <tbody>{p.titles.map((x, i) => <tr key={i}><td data-label={t("people.titleCol")}><span dir="auto">{x.title}</span></td><td data-label={t("people.organisation")}><RefLink r={x.organisation} /></td><td data-label={t("people.from")}>{f.date(x.from)}</td><td data-label={t("people.to")}>{f.date(x.to)}</td></tr>)}</tbody>
              </table>
            </div>
          </Section>
          <RecordExtras id={p.id} policies={p.policies} />
        </>
      )}
    </Loaded>
  );
}
