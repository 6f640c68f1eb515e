// Asking for a record's marking to be lowered or widened. It takes effect only when a security
// officer of the originator country approves (SPEC 3.3).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import type { MarkingOutput } from "../api/types.ts";
import { TextField } from "../components/pickers.tsx";
import { ErrorSummary, useForm } from "../components/form.tsx";
import { MarkingPicker, type MarkingValue } from "../markings/MarkingPicker.tsx";

export function ReleaseRequestForm({ recordId, current }: { recordId: string; current: MarkingOutput }) {
  const { t } = useTranslation();
  const [marking, setMarking] = useState<MarkingValue>({ classification: current.classification, originator: current.originator, releasableTo: current.releasableTo, compartments: current.compartments });
  const [reason, setReason] = useState("");
  const [sent, setSent] = useState(false);
  const save = useAction();
  const form = useForm(save.error, {
    marking: { label: t("releases.askedMarking"), type: "marking" },
    reason: { label: t("releases.reason"), value: reason },
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await save.run(() => api<{ id: string }>("/releases", { body: { recordId, marking, reason } }));
    if (res) { setSent(true); setReason(""); }
  };
  return (
    <details className="section">
      <summary><h2>{t("releases.request")}</h2></summary>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary form={form} />
        <p className="hint">{t("releases.requestHint")}</p>
        <MarkingPicker {...form.field("marking")} value={marking} onChange={setMarking} legend={t("releases.askedMarking")} />
        <TextField {...form.field("reason")} label={t("releases.reason")} value={reason} onChange={setReason} multiline required />
        {sent && <p className="success" role="status">{t("releases.sent")}</p>}
        <div className="actions"><button type="submit" disabled={save.busy || reason.trim().length < 5}>{t("releases.send")}</button></div>
      </form>
    </details>
  );
}
