// Recording an action item raised at a meeting, optionally following from one of its outcomes.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import type { Action, Meeting } from "../api/types.ts";
import { useMe } from "../auth/session.tsx";
import { CountrySelect, OrganisationSelect, PersonSelect, Select, TextField } from "../components/pickers.tsx";
import { ErrorSummary, useForm } from "../components/form.tsx";
import { MarkingPicker, parentMarking } from "../markings/MarkingPicker.tsx";

export function NewActionForm({ meeting, onCreated }: { meeting: Meeting; onCreated(a: Action): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [country, setCountry] = useState(me.nationality);
  const [organisationId, setOrganisationId] = useState("");
  const [personId, setPersonId] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [outcomeId, setOutcomeId] = useState("");
  // It starts with the meeting's marking (SPEC 3.3); lowering it is the author's explicit choice.
  const [marking, setMarking] = useState(() => parentMarking(meeting.marking, me.nationality));
  const save = useAction();
  const form = useForm(save.error, {
    title: { label: t("actions.title"), value: title },
    description: { label: t("actions.description"), value: description },
    "owner.country": { label: t("actions.ownerCountry"), type: "choice", value: country },
    "owner.organisationId": { label: t("actions.ownerOrganisation"), type: "choice", value: organisationId },
    "owner.personId": { label: t("actions.ownerPerson"), type: "choice", value: personId },
    dueDate: { label: t("actions.due"), type: "date", value: dueDate },
    outcomeId: { label: t("actions.fromOutcome"), type: "choice", value: outcomeId },
    marking: { label: t("marking.picker"), type: "marking" },
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await save.run(() => api<Action>("/actions", {
      body: {
        marking, title, description: description || null, meetingId: meeting.id, outcomeId: outcomeId || null,
        owner: { country, organisationId: organisationId || null, personId: personId || null }, dueDate: dueDate || null, status: "open",
      },
    }));
    if (created) {
      setTitle(""); setDescription(""); setDueDate(""); setOutcomeId("");
      onCreated(created);
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="new-action" noValidate>
      <ErrorSummary form={form} />
      <TextField {...form.field("title")} label={t("actions.title")} value={title} onChange={setTitle} required testId="action-title" />
      <TextField {...form.field("description")} label={t("actions.description")} value={description} onChange={setDescription} multiline />
      <div className="grid-2">
        <CountrySelect {...form.field("owner.country")} label={t("actions.ownerCountry")} value={country} onChange={(v) => { setCountry(v); setOrganisationId(""); setPersonId(""); }} required />
        <OrganisationSelect {...form.field("owner.organisationId")} label={t("actions.ownerOrganisation")} country={country} value={organisationId} onChange={setOrganisationId} emptyLabel={t("common.noneOption")} />
        <PersonSelect {...form.field("owner.personId")} label={t("actions.ownerPerson")} country={country} value={personId} onChange={setPersonId} emptyLabel={t("common.noneOption")} />
        <TextField {...form.field("dueDate")} label={t("actions.due")} type="date" value={dueDate} onChange={setDueDate} testId="action-due" />
        <Select {...form.field("outcomeId")} label={t("actions.fromOutcome")} value={outcomeId} onChange={setOutcomeId} emptyLabel={t("common.noneOption")}
          options={meeting.outcomes.map((o) => ({ value: o.id, label: `${o.position}. ${o.text.slice(0, 80)}` }))} />
      </div>
      <MarkingPicker {...form.field("marking")} value={marking} onChange={setMarking} parent={{ marking: meeting.marking, kind: "meeting" }} />
      <div className="actions"><button type="submit" disabled={save.busy} data-testid="action-create">{t("actions.create")}</button></div>
    </form>
  );
}
