// One document: its versions with downloads, a new version, and asking for its release.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { Document } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { RefLink } from "../components/RefLink.tsx";
import { ErrorText, Loaded } from "../components/Status.tsx";
import { Facts, PageHead, Section } from "../components/ui.tsx";
import { RecordExtras } from "../registry/RecordExtras.tsx";
import { ReleaseRequestForm } from "../security/ReleaseRequestForm.tsx";

export function DocumentPage() {
  const { id } = useParams();
  const state = useApi<Document>(`/documents/${id}`);
  return <Loaded state={state}>{(d) => <DocumentView d={d} onChange={state.set} />}</Loaded>;
}

function DocumentView({ d, onChange }: { d: Document; onChange(d: Document): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [file, setFile] = useState<File | null>(null);
  const upload = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    const updated = await upload.run(() => api<Document>(`/documents/${d.id}/versions`, { form }));
    if (updated) { onChange(updated); setFile(null); (e.target as HTMLFormElement).reset(); }
  };
  return (
    <>
      <PageHead title={d.title} marking={d.marking} kind="document">
        <a className="button" href={`/api/documents/${d.id}/content`} download data-testid="download">{t("documents.download")}</a>
      </PageHead>
      <Facts items={[
        [t("documents.kind"), t(`docKind.${d.docKind}`)],
        [t("documents.version"), f.number(d.currentVersion)],
        [t("documents.attachedTo"), d.attachedTo ? <RefLink r={d.attachedTo} /> : null],
      ]} />
      <Section title={t("documents.versions")} id="versions">
        <div className="table-wrap">
          <table className="table stack" data-testid="versions">
            <thead><tr><th>{t("documents.version")}</th><th>{t("documents.filename")}</th><th>{t("documents.size")}</th><th>{t("documents.type")}</th><th>{t("documents.uploaded")}</th><th><span className="visually-hidden">{t("documents.download")}</span></th></tr></thead>
            <tbody>
              {d.versions.map((v) => (
                <tr key={v.version}>
                  <td data-label={t("documents.version")}>{f.number(v.version)}</td>
                  <td data-label={t("documents.filename")}><span dir="auto">{v.filename}</span></td>
                  <td data-label={t("documents.size")}>{t("documents.bytes", { n: f.number(v.size) })}</td>
                  <td data-label={t("documents.type")}><bdi dir="ltr">{v.mediaType}</bdi></td>
                  <td data-label={t("documents.uploaded")}>{f.dateTime(v.uploadedAt)}</td>
                  <td data-label={t("documents.download")}><a href={`/api/documents/${d.id}/content?version=${v.version}`} download aria-label={t("documents.downloadVersion", { version: v.version })}>{t("documents.download")}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form className="form inline" onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor="new-version">{t("documents.newVersion")}</label>
            <input id="new-version" type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <button type="submit" disabled={upload.busy || !file}>{t("documents.uploadVersion")}</button>
        </form>
        <ErrorText error={upload.error} />
      </Section>
      <ReleaseRequestForm recordId={d.id} current={d.marking} />
      <RecordExtras id={d.id} policies={d.policies} />
    </>
  );
}
