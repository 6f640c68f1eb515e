// One search box over everything the reader may read; highlights come from the server between
// [[ and ]] and are shown as marked text (never as HTML).
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { query } from "../api/client.ts";
import { useApi } from "../api/hooks.ts";
import type { Items, SearchHit } from "../api/types.ts";
import { pathOf } from "../components/paths.ts";
import { Select } from "../components/pickers.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { PageHead } from "../components/ui.tsx";
import { MarkingChip } from "../markings/MarkingChip.tsx";
import { SEARCHABLE } from "../generated/kinds.ts";

function Snippet({ text }: { text: string }) {
  const parts = text.split(/(\[\[.*?\]\])/g);
  return <>{parts.map((p, i) => (p.startsWith("[[") && p.endsWith("]]") ? <mark key={i}>{p.slice(2, -2)}</mark> : <Fragment key={i}>{p}</Fragment>))}</>;
}

export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get("q")?.trim() ?? "";
  const kind = params.get("kind") ?? "";
  const state = useApi<Items<SearchHit>>(q ? `/search${query({ q, kind, limit: 50 })}` : null);
  return (
    <>
      <PageHead title={q ? t("search.resultsFor", { q }) : t("search.title")} />
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Select label={t("search.kind")} value={kind} emptyLabel={t("common.all")} options={SEARCHABLE.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          onChange={(v) => { const n = new URLSearchParams(params); if (v) n.set("kind", v); else n.delete("kind"); setParams(n, { replace: true }); }} />
      </form>
      {!q ? <p className="muted">{t("search.hint")}</p> : (
        <Loaded state={state}>
          {(r) => r.items.length === 0 ? <Empty>{t("search.none")}</Empty> : (
            <ol className="results" data-testid="search-results">
              {r.items.map((h) => {
                const to = pathOf(h.kind, h.id);
                return (
                  <li key={h.id}>
                    <p className="eyebrow">{t(`kind.${h.kind}`, { defaultValue: h.kind })}</p>
                    <h2>{to ? <Link to={to} dir="auto">{h.title}</Link> : <span dir="auto">{h.title}</span>}</h2>
                    <p className="snippet" dir="auto"><Snippet text={h.snippet} /></p>
                    <MarkingChip marking={h.marking} />
                  </li>
                );
              })}
            </ol>
          )}
        </Loaded>
      )}
    </>
  );
}
