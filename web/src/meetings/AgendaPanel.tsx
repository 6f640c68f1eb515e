// The agenda. Items that carry an action over from an earlier meeting show the action, its
// status and due date; they keep the link to the action when the agenda is edited.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import { FrozenSave, reopenQuery } from "./FrozenSave.tsx";
import type { Meeting } from "../api/types.ts";
import { today, useFormat } from "../components/format.ts";
import { RefLink } from "../components/RefLink.tsx";
import { describedBy, ErrorSummary, Field, useForm } from "../components/form.tsx";
import { Empty } from "../components/Status.tsx";
import { Badge, Section } from "../components/ui.tsx";

/**
 * The title the server gives an item it carries over. The item shows the action itself instead,
 * in the reader's language; a title someone wrote is shown as written.
 */
const CARRIED_TITLE = "Carried-over action";
const isCarriedDefault = (a: { title: string; action: unknown }) => Boolean(a.action) && a.title === CARRIED_TITLE;

interface Draft { title: string; notes: string; actionId: string | null; action: Meeting["agenda"][number]["action"] }

export function AgendaPanel({ m, onChange, editable }: { m: Meeting; onChange(m: Meeting): void; editable: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState<Draft[] | null>(null);
  const save = useAction();
  // Items left without a title are not sent: the API numbers the others, and so do its issues.
  const sent = (draft ?? []).map((d, i) => ({ d, i })).filter(({ d }) => d.title.trim());
  const form = useForm(save.error, Object.fromEntries(sent.flatMap(({ d, i }, n) => [
    [`${n}.title`, { label: t("meetings.itemTitle", { n: i + 1 }), value: d.title }],
    [`${n}.notes`, { label: t("meetings.itemNotes"), value: d.notes }],
    [`${n}.actionId`, { label: t("meetings.itemTitle", { n: i + 1 }), type: "choice" as const, value: d.actionId }],
  ])));
  const fieldFor = (i: number, key: string) => {
    const n = sent.findIndex((s) => s.i === i);
    return n >= 0 ? form.field(`${n}.${key}`) : { id: `agenda-${key}-${i}` };
  };
  const start = () => setDraft(m.agenda.map((a) => ({ title: a.title, notes: a.notes ?? "", actionId: a.action?.record.id ?? null, action: a.action })));
  const submit = async (reopen: boolean) => {
    if (!draft) return;
    const body = draft.filter((d) => d.title.trim()).map((d) => ({ title: d.title.trim(), notes: d.notes.trim() || null, actionId: d.actionId }));
    const updated = await save.run(() => api<Meeting>(`/meetings/${m.id}/agenda${reopenQuery(reopen)}`, { method: "PUT", body, ifMatch: m }));
    if (updated) { onChange(updated); setDraft(null); }
  };
  const move = (i: number, by: number) => setDraft((d) => {
    if (!d || i + by < 0 || i + by >= d.length) return d;
    const n = [...d];
    [n[i], n[i + by]] = [n[i + by]!, n[i]!];
    return n;
  });
  const edit = (i: number, patch: Partial<Draft>) => setDraft((d) => d && d.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  return (
    <Section title={t("meetings.agenda")} id="agenda"
      actions={editable && !draft && <button type="button" className="secondary" onClick={start}>{t("meetings.editAgenda")}</button>}>
      {!draft && (m.agenda.length === 0 ? <Empty /> : (
        <ol className="agenda" data-testid="agenda">
          {m.agenda.map((a) => (
            <li key={a.id} className={a.action ? "carried" : undefined}>
              {!isCarriedDefault(a) && <span dir="auto">{a.title}</span>}
              {a.notes && <p className="muted" dir="auto">{a.notes}</p>}
              {a.action && (
                <div className="carried-action" data-testid="carried-action">
                  <Badge tone="info">{t("meetings.carriedOver")}</Badge> <RefLink r={a.action.record} />
                  {a.action.status && <span className="muted"> · {t(`actionStatus.${a.action.status}`)}</span>}
                  {a.action.dueDate && <span className={a.action.dueDate < today() && (a.action.status === "open" || a.action.status === "in_progress") ? "overdue-text" : "muted"}> · {t("actions.dueOn", { date: f.date(a.action.dueDate) })}</span>}
                </div>
              )}
            </li>
          ))}
        </ol>
      ))}
      {draft && (
        <div className="editor" data-testid="agenda-editor">
          <ErrorSummary form={form} />
          <ol className="edit-list">
            {draft.map((d, i) => {
              const title = fieldFor(i, "title");
              const notes = fieldFor(i, "notes");
              return (
              <li key={i}>
                {!isCarriedDefault(d) && (
                  <Field {...title} label={t("meetings.itemTitle", { n: i + 1 })}>
                    <input {...describedBy(title.id, undefined, title.error)} value={d.title} onChange={(e) => edit(i, { title: e.target.value })} dir="auto" />
                  </Field>
                )}
                {d.action && <p className="hint"><Badge tone="info">{t("meetings.carriedOver")}</Badge> <RefLink r={d.action.record} /></p>}
                <Field {...notes} label={t("meetings.itemNotes")}>
                  <input {...describedBy(notes.id, undefined, notes.error)} value={d.notes} onChange={(e) => edit(i, { notes: e.target.value })} dir="auto" />
                </Field>
                <div className="row-actions">
                  <button type="button" className="secondary small" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t("common.moveUpItem", { n: i + 1 })}>{t("common.moveUp")}</button>
                  <button type="button" className="secondary small" onClick={() => move(i, 1)} disabled={i === draft.length - 1} aria-label={t("common.moveDownItem", { n: i + 1 })}>{t("common.moveDown")}</button>
                  <button type="button" className="secondary small" onClick={() => setDraft(draft.filter((_, j) => j !== i))} aria-label={t("common.removeItem", { n: i + 1 })}>{t("common.remove")}</button>
                </div>
              </li>
              );
            })}
          </ol>
          <button type="button" className="secondary" onClick={() => setDraft([...draft, { title: "", notes: "", actionId: null, action: null }])} data-testid="agenda-add">{t("meetings.addItem")}</button>
          <div className="actions">
            <FrozenSave m={m} label={t("common.save")} busy={save.busy} testId="agenda-save" onSave={(reopen) => void submit(reopen)} />
            <button type="button" className="secondary" onClick={() => setDraft(null)}>{t("common.cancel")}</button>
          </div>
        </div>
      )}
    </Section>
  );
}
