// A reference to another record: a link when the reader may read it, "withheld" otherwise
// (no title, no identifier: SPEC 3.2).
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Reference } from "../api/types.ts";
import { pathOf } from "./paths.ts";

export function RefLink({ r }: { r: Reference | null | undefined }) {
  const { t } = useTranslation();
  if (!r) return <span className="muted">—</span>;
  if (r.withheld) return <span className="withheld" title={t("common.withheldHint")}>{t("common.withheld")}</span>;
  const to = pathOf(r.kind, r.id);
  return to ? <Link to={to}>{r.title}</Link> : <span>{r.title}</span>;
}

export function RefList({ refs }: { refs: Reference[] }) {
  if (!refs.length) return <span className="muted">—</span>;
  return (
    <ul className="plain">
      {refs.map((r, i) => <li key={r.withheld ? `w${i}` : r.id}><RefLink r={r} /></li>)}
    </ul>
  );
}
