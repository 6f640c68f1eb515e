// Press releases into records: paste a statement or upload its text file, with its marking, and
// the server proposes records (POST /api/drafts); below, the drafts waiting for review, confirmed
// and discarded.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { Items } from "../api/types.ts";
import { useMe, useSession } from "../auth/session.tsx";
import { useFormat } from "../components/format.ts";
import { describedBy, ErrorSummary, Field, useForm } from "../components/form.tsx";
import { TextField } from "../components/pickers.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { Badge, PageHead, Section } from "../components/ui.tsx";
import { defaultMarking, MarkingPicker } from "../markings/MarkingPicker.tsx";
import type { Draft, DraftStatus, DraftSummary } from "./types.ts";

const STATUSES: DraftStatus[] = ["open", "confirmed", "discarded"];
export const statusTone = (s: DraftStatus) => (s === "open" ? "info" : s === "confirmed" ? "ok" : undefined);

export function DraftsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHead title={t("drafts.title")} />
      <p className="hint">{t("drafts.intro")}</p>
      <NewDraftForm />
      <DraftList />
    </>
  );
}

function NewDraftForm() {
  const { t } = useTranslation();
  const me = useMe();
  const { countries } = useSession();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [publisher, setPublisher] = useState("");
  const [published, setPublished] = useState("");
  const [marking, setMarking] = useState(() => defaultMarking(me.nationality, countries));
  const save = useAction();
  const form = useForm(save.error, {
    text: { label: t("drafts.text"), value: file ? file.name : text },
    file: { label: t("drafts.file"), type: "file", value: file?.name },
    publisher: { label: t("drafts.publisher"), value: publisher },
    published: { label: t("drafts.published"), type: "date", value: published },
    marking: { label: t("marking.picker"), type: "marking" },
  });
  const fileField = form.field("file");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const draft = await save.run(() => {
      if (file) {
        const body = new FormData();
        body.append("marking", JSON.stringify(marking));
        if (publisher.trim()) body.append("publisher", publisher.trim());
        if (published) body.append("published", published);
        body.append("file", file);
        return api<Draft>("/drafts", { form: body });
      }
      return api<Draft>("/drafts", { body: { text, marking, publisher: publisher.trim() || null, published: published || null } });
    });
    if (draft) void navigate(`/drafts/${draft.id}`);
  };
  return (
    <Section title={t("drafts.new")} id="new-draft">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="new-draft">
        <ErrorSummary form={form} />
        <TextField {...form.field("text")} label={t("drafts.text")} hint={t("drafts.textHint")} value={text} onChange={setText} multiline testId="draft-text" />
        <Field {...fileField} label={t("drafts.file")} hint={t("drafts.fileHint")}>
          <input {...describedBy(fileField.id, true, fileField.error)} type="file" accept="text/plain,.txt" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <div className="grid-2">
          <TextField {...form.field("publisher")} label={t("drafts.publisher")} value={publisher} onChange={setPublisher} />
          <TextField {...form.field("published")} label={t("drafts.published")} type="date" value={published} onChange={setPublished} />
        </div>
        <MarkingPicker {...form.field("marking")} value={marking} onChange={setMarking} />
        <div className="actions"><button type="submit" disabled={save.busy || (!text.trim() && !file)}>{t("drafts.propose")}</button></div>
      </form>
    </Section>
  );
}

function DraftList() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") as DraftStatus | null) ?? "open";
  const state = useApi<Items<DraftSummary>>("/drafts?limit=200");
  return (
    <Section title={t("drafts.list")} id="drafts">
      <div className="tabs" role="tablist" aria-label={t("drafts.list")}>
        {STATUSES.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={s === status} className={s === status ? "tab active" : "tab"}
            onClick={() => setParams(new URLSearchParams({ status: s }), { replace: true })}>{t(`draftStatus.${s}`)}</button>
        ))}
      </div>
      <Loaded state={state}>
        {(d) => {
          const items = d.items.filter((x) => x.status === status);
          if (!items.length) return <Empty />;
          return (
            <ul className="plain draft-list" data-testid="draft-list">
              {items.map((x) => (
                <li key={x.id}><Link to={`/drafts/${x.id}`} dir="auto">{x.title}</Link> <Badge tone={statusTone(x.status)}>{t(`draftStatus.${x.status}`)}</Badge> <span className="muted">{f.dateTime(x.createdAt)}</span></li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </Section>
  );
}
