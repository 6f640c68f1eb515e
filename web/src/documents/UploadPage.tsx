// Uploading a document with its marking. The picker offers only markings the author may set;
// the server checks again and says why if it refuses.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { Document, RecordSummary } from "../api/types.ts";
import { useMe, useSession } from "../auth/session.tsx";
import { Select, TextField } from "../components/pickers.tsx";
import { ErrorSummary, Field, describedBy, useForm } from "../components/form.tsx";
import { PageHead } from "../components/ui.tsx";
import { defaultMarking, MarkingPicker, parentMarking, type MarkingValue } from "../markings/MarkingPicker.tsx";
import { Loaded } from "../components/Status.tsx";
import { ENUMS } from "../generated/kinds.ts";

/**
 * `/documents/new?attachTo=<id>` attaches the upload to a record, and the document starts with that
 * record's marking (SPEC 3.3); otherwise it starts unclassified.
 */
export function UploadPage() {
  const [params] = useSearchParams();
  const attachTo = params.get("attachTo");
  const parent = useApi<RecordSummary>(attachTo ? `/records/${attachTo}` : null);
  if (!attachTo) return <UploadForm parent={null} />;
  return <Loaded state={parent}>{(p) => <UploadForm parent={p} />}</Loaded>;
}

function UploadForm({ parent }: { parent: RecordSummary | null }) {
  const { t } = useTranslation();
  const me = useMe();
  const { countries } = useSession();
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState("report");
  const [file, setFile] = useState<File | null>(null);
  const [marking, setMarking] = useState<MarkingValue>(() => (parent ? parentMarking(parent.marking, me.nationality) : defaultMarking(me.nationality, countries)));
  const save = useAction();
  const form = useForm(save.error, {
    title: { label: t("documents.titleCol"), value: title },
    kind: { label: t("documents.kind"), type: "choice", value: kind },
    file: { label: t("documents.file"), type: "file", value: file?.name },
    marking: { label: t("marking.picker"), type: "marking" },
  });
  const fileField = form.field("file");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    // The metadata part goes first: the server reads parts in order.
    form.append("metadata", JSON.stringify({ title, kind, marking, attachedToId: parent?.id ?? null }));
    form.append("file", file);
    const doc = await save.run(() => api<Document>("/documents", { form }));
    if (doc) void navigate(`/documents/${doc.id}`);
  };
  return (
    <>
      <PageHead title={t("documents.uploadTitle")} />
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="upload-form" noValidate>
        <ErrorSummary form={form} />
        {parent && <p className="hint" data-testid="attach-to">{t("inherit.attachTo")}: <strong dir="auto">{parent.title}</strong> ({t(`kind.${parent.kind}`)}). {t("inherit.attachHint")}</p>}
        <TextField {...form.field("title")} label={t("documents.titleCol")} value={title} onChange={setTitle} required testId="doc-title" />
        <Select {...form.field("kind")} label={t("documents.kind")} value={kind} onChange={setKind} required options={ENUMS.document.kind.map((k) => ({ value: k, label: t(`docKind.${k}`) }))} testId="doc-kind" />
        <Field {...fileField} label={t("documents.file")} hint={t("documents.fileHint")}>
          <input {...describedBy(fileField.id, true, fileField.error)} type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="doc-file" />
        </Field>
        <MarkingPicker {...form.field("marking")} value={marking} onChange={setMarking} parent={parent && { marking: parent.marking, kind: parent.kind }} />
        <div className="actions"><button type="submit" disabled={save.busy || !file} data-testid="doc-submit">{t("documents.uploadSubmit")}</button></div>
      </form>
    </>
  );
}
