// Choosing an existing record of a kind by typing part of its title: the server's autocomplete
// (GET /api/suggest), over records the reader may read.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { query } from "../api/client.ts";
import { useApi } from "../api/hooks.ts";
import type { Items } from "../api/types.ts";
import { describedBy, Field } from "../components/form.tsx";
import type { Suggestion } from "./types.ts";

export function RecordPicker({ kind, label, chosen, onChoose, id, error }: {
  kind: string; label: string; chosen: { id: string; title: string } | null; onChoose(r: { id: string; title: string } | null): void; id: string; error?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const typed = q.trim();
  const found = useApi<Items<Suggestion>>(typed ? `/suggest${query({ q: typed, kind, limit: 8 })}` : null);
  return (
    <div className="record-picker" data-testid="record-picker">
      <Field id={id} label={label} error={error} hint={chosen ? undefined : t("drafts.pickHint")}>
        <input {...describedBy(id, chosen ? undefined : true, error)} type="search" value={q} onChange={(e) => setQ(e.target.value)} dir="auto" autoComplete="off" />
      </Field>
      {chosen && <p className="chosen">{t("drafts.chosen")} <strong dir="auto" data-testid="chosen-record">{chosen.title}</strong> <button type="button" className="link" onClick={() => onChoose(null)}>{t("common.remove")}</button></p>}
      {typed && found.data && (
        <ul className="plain suggestions" aria-label={t("drafts.suggestions")}>
          {found.data.items.length === 0 && <li className="muted">{t("common.noneVisible")}</li>}
          {found.data.items.map((s) => (
            <li key={s.id}><button type="button" className="link" onClick={() => { onChoose({ id: s.id, title: s.title }); setQ(""); }} dir="auto">{s.title}</button></li>
          ))}
        </ul>
      )}
    </div>
  );
}
