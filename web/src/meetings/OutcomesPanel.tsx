// Outcomes (decisions) of the meeting, edited as a list of texts.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import { FrozenSave, reopenQuery } from "./FrozenSave.tsx";
import type { Meeting } from "../api/types.ts";
import { describedBy, ErrorSummary, Field, useForm } from "../components/form.tsx";
import { Empty } from "../components/Status.tsx";
import { Section } from "../components/ui.tsx";

export function OutcomesPanel({ m, onChange, editable }: { m: Meeting; onChange(m: Meeting): void; editable: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string[] | null>(null);
  const save = useAction();
  // Empty outcomes are not sent: the API numbers the others, and so do its issues.
  const sent = (draft ?? []).map((text, i) => ({ text, i })).filter(({ text }) => text.trim());
  const form = useForm(save.error, Object.fromEntries(sent.map(({ text, i }, n) => [`${n}.text`, { label: t("meetings.outcomeN", { n: i + 1 }), value: text }])));
  const fieldFor = (i: number) => {
    const n = sent.findIndex((s) => s.i === i);
    return n >= 0 ? form.field(`${n}.text`) : { id: `outcome-${i}` };
  };
  const submit = async (reopen: boolean) => {
    if (!draft) return;
    const body = draft.map((text) => text.trim()).filter(Boolean).map((text) => ({ text }));
    const updated = await save.run(() => api<Meeting>(`/meetings/${m.id}/outcomes${reopenQuery(reopen)}`, { method: "PUT", body, ifMatch: m }));
    if (updated) { onChange(updated); setDraft(null); }
  };
  return (
    <Section title={t("meetings.outcomes")} id="outcomes"
      actions={editable && !draft && <button type="button" className="secondary" onClick={() => setDraft(m.outcomes.length ? m.outcomes.map((o) => o.text) : [""])} data-testid="outcomes-edit">{t("meetings.editOutcomes")}</button>}>
      {!draft && (m.outcomes.length ? <ol data-testid="outcomes">{m.outcomes.map((o) => <li key={o.id}><span dir="auto">{o.text}</span></li>)}</ol> : <Empty />)}
      {draft && (
        <div className="editor">
          <ErrorSummary form={form} />
          <ol className="edit-list">
            {draft.map((text, i) => {
              const field = fieldFor(i);
              return (
                <li key={i}>
                  <Field {...field} label={t("meetings.outcomeN", { n: i + 1 })}>
                    <textarea {...describedBy(field.id, undefined, field.error)} rows={2} value={text} dir="auto" onChange={(e) => setDraft(draft.map((x, j) => (j === i ? e.target.value : x)))} />
                  </Field>
                  <button type="button" className="secondary small" onClick={() => setDraft(draft.filter((_, j) => j !== i))} aria-label={t("common.removeItem", { n: i + 1 })}>{t("common.remove")}</button>
                </li>
              );
            })}
          </ol>
          <button type="button" className="secondary" onClick={() => setDraft([...draft, ""])}>{t("meetings.addOutcome")}</button>
          <div className="actions">
            <FrozenSave m={m} label={t("common.save")} busy={save.busy} testId="outcomes-save" onSave={(reopen) => void submit(reopen)} />
            <button type="button" className="secondary" onClick={() => setDraft(null)}>{t("common.cancel")}</button>
          </div>
        </div>
      )}
    </Section>
  );
}
