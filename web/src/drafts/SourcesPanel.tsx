// "From: <publisher, date>" on a record made from a statement, with the text behind each of its
// fields (GET /api/records/:id/sources: only sources the reader may read).
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { Items } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { Section } from "../components/ui.tsx";
import { fieldName } from "./names.ts";
import type { SourceSpan } from "./types.ts";

export function SourcesPanel({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useApi<Items<SourceSpan>>(`/records/${id}/sources`);
  const spans = state.data?.items ?? [];
  if (!spans.length) return null;
  const bySource = new Map<string, SourceSpan[]>();
  for (const s of spans) bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
  return (
    <Section title={t("drafts.sources")} id="sources">
      {[...bySource.entries()].map(([sourceId, items]) => {
        const first = items[0]!;
        const by = [first.publisher, first.published ? f.date(first.published) : null].filter(Boolean).join(", ") || t("drafts.statement");
        return (
          <div key={sourceId} className="from-source" data-testid="from-source">
            <p><strong>{t("drafts.from", { source: by })}</strong> <Link to={`/sources/${sourceId}`}>{t("drafts.openSource")}</Link></p>
            <ul className="plain">
              {items.filter((s) => s.quote).map((s) => (
                <li key={s.field}><span className="muted">{fieldName(t, s.field)}:</span> <q dir="auto">{s.quote}</q></li>
              ))}
            </ul>
          </div>
        );
      })}
    </Section>
  );
}
