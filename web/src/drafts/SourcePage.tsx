// A source on its own, as search opens it: who published it, when, where, and its text.
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useApi } from "../api/hooks.ts";
import { Loaded } from "../components/Status.tsx";
import { Facts, PageHead } from "../components/ui.tsx";
import { useFormat } from "../components/format.ts";
import type { Source } from "./types.ts";

export function SourcePage() {
  const { id } = useParams();
  const state = useApi<Source>(`/sources/${id}`);
  return <Loaded state={state}>{(s) => <SourceView s={s} />}</Loaded>;
}

function SourceView({ s }: { s: Source }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <PageHead title={s.title} marking={s.marking} kind="source" />
      <Facts items={[
        [t("drafts.publisher"), s.publisher],
        [t("drafts.published"), s.published ? f.date(s.published) : null],
        [t("drafts.url"), s.url ? <a href={s.url} rel="noreferrer noopener" target="_blank" dir="ltr">{s.url}</a> : null],
      ]} />
      <div className="statement" dir="auto" data-testid="source-text">{s.text}</div>
    </>
  );
}
