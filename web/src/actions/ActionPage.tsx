// One action: where it came from, who owns it, its dated progress updates, and carrying it over
// to the forum's next meeting.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { Action } from "../api/types.ts";
import { today, useFormat } from "../components/format.ts";
import { ErrorSummary, useForm } from "../components/form.tsx";
import { Select, TextField } from "../components/pickers.tsx";
import { RefLink, RefList } from "../components/RefLink.tsx";
import { Empty, ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, Facts, PageHead, Section, useNames } from "../components/ui.tsx";
import { RecordExtras } from "../registry/RecordExtras.tsx";
import { ENUMS } from "../generated/kinds.ts";
import { EditLink } from "../edit/EditLinks.tsx";

const STATUSES = ENUMS.action.status;

export function ActionPage() {
  const { id } = useParams();
  const state = useApi<Action>(`/actions/${id}`);
  return <Loaded state={state}>{(a) => <ActionView a={a} onChange={state.set} />}</Loaded>;
}

function ActionView({ a, onChange }: { a: Action; onChange(a: Action): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const [onDate, setOnDate] = useState(today());
  const [text, setText] = useState("");
  const [status, setStatus] = useState("");
  const add = useAction();
  const carry = useAction();
  const form = useForm(add.error, {
    onDate: { label: t("actions.updateDate"), type: "date", value: onDate },
    status: { label: t("actions.newStatus"), type: "choice", value: status },
    text: { label: t("actions.updateText"), value: text },
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const updated = await add.run(() => api<Action>(`/actions/${a.id}/updates`, { body: { onDate, text, ...(status ? { status } : {}) } }));
    if (updated) { onChange(updated); setText(""); setStatus(""); }
  };
  const carryOver = async () => {
    const updated = await carry.run(() => api<Action>(`/actions/${a.id}/carry-over`, { method: "POST", body: {} }));
    if (updated) onChange(updated);
  };
  return (
    <>
      <PageHead title={a.title} marking={a.marking} kind="action">
        <EditLink r={a} />
        {a.policies.carryOver && <button type="button" className="secondary" onClick={() => void carryOver()} disabled={carry.busy}>{t("actions.carryOver")}</button>}
      </PageHead>
      <ErrorText error={carry.error} />
      <Facts items={[
        [t("actions.status"), <>{t(`actionStatus.${a.status}`)}{a.overdueDays ? <> <Badge tone="bad">{t("actions.overdueDays", { count: a.overdueDays, n: f.number(a.overdueDays) })}</Badge></> : null}</>],
        [t("actions.due"), f.date(a.dueDate)],
        [t("actions.owner"), <>{names.country(a.owner.country)}{a.owner.organisation && <> · <RefLink r={a.owner.organisation} /></>}{a.owner.person && <> · <RefLink r={a.owner.person} /></>}</>],
        [t("actions.meeting"), <RefLink r={a.meeting} />],
        [t("actions.forum"), <RefLink r={a.forum} />],
        [t("actions.onAgendaOf"), <RefList refs={a.onAgendaOf} />],
        [t("actions.description"), a.description ? <span dir="auto">{a.description}</span> : null],
      ]} />
      <Section title={t("actions.updates")} id="updates">
        {a.updates.length === 0 ? <Empty /> : (
          <ol className="updates" data-testid="updates">
            {a.updates.map((u, i) => (
              <li key={i}><time dateTime={u.onDate}>{f.date(u.onDate)}</time> {u.status && <Badge>{t(`actionStatus.${u.status}`)}</Badge>} <span dir="auto">{u.text}</span></li>
            ))}
          </ol>
        )}
        {a.policies.update && <form className="form" onSubmit={(e) => void submit(e)} data-testid="progress-form" noValidate>
          <ErrorSummary form={form} />
          <div className="grid-2">
            <TextField {...form.field("onDate")} label={t("actions.updateDate")} type="date" value={onDate} onChange={setOnDate} required />
            <Select {...form.field("status")} label={t("actions.newStatus")} value={status} onChange={setStatus} emptyLabel={t("actions.statusUnchanged")}
              options={STATUSES.map((s) => ({ value: s, label: t(`actionStatus.${s}`) }))} />
          </div>
          <TextField {...form.field("text")} label={t("actions.updateText")} value={text} onChange={setText} multiline required testId="progress-text" />
          <div className="actions"><button type="submit" disabled={add.busy || !text.trim()}>{t("actions.addUpdate")}</button></div>
        </form>}
      </Section>
      <RecordExtras id={a.id} policies={a.policies} />
    </>
  );
}
