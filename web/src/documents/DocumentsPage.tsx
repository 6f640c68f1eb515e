// Documents the reader may read. A document above the reader's clearance, outside their
// compartments or not released to their country is simply not in this list.
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { query } from "../api/client.ts";
import type { Document } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { Select } from "../components/pickers.tsx";
import { RecordList } from "../components/RecordList.tsx";
import { RefLink } from "../components/RefLink.tsx";
import { PageHead } from "../components/ui.tsx";
import { ENUMS } from "../generated/kinds.ts";

export function DocumentsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const kind = params.get("kind") ?? "";
  return (
    <>
      <PageHead title={t("documents.title")}>
        <Link className="button" to="/documents/new" data-testid="upload-link">{t("documents.upload")}</Link>
        <a className="button secondary" href="/api/documents/export" download>{t("common.exportCsv")}</a>
      </PageHead>
      <form className="filters" role="search" aria-label={t("common.filters")} onSubmit={(e) => e.preventDefault()}>
        <Select label={t("documents.kind")} value={kind} onChange={(v) => setParams(v ? { kind: v } : {}, { replace: true })} emptyLabel={t("common.all")}
          options={ENUMS.document.kind.map((k) => ({ value: k, label: t(`docKind.${k}`) }))} />
      </form>
      <RecordList<Document> path={`/documents${query({ kind, limit: 50 })}`} testId="documents-table" columns={[
        [t("documents.titleCol"), (d) => <Link to={`/documents/${d.id}`} dir="auto">{d.title}</Link>],
        [t("documents.kind"), (d) => t(`docKind.${d.docKind}`)],
        [t("documents.version"), (d) => f.number(d.currentVersion)],
        [t("documents.attachedTo"), (d) => (d.attachedTo ? <RefLink r={d.attachedTo} /> : "—")],
        [t("documents.updated"), (d) => f.dateTime(d.updatedAt)],
      ]} />
    </>
  );
}
