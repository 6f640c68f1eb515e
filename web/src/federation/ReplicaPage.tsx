// One record received from a peer instance (SPEC 8.4): a read-only copy, saying which country's
// Accord it came from and when, with its own marking, content and files. Nothing here edits it.
// Joint acts go to its owner as contributions: a co-chair approves a received meeting's minutes,
// and a user of the country that owns a received action records progress; each shows its state
// (waiting for the owner, applied, or refused with the owner's reason).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import { useMe } from "../auth/session.tsx";
import { ConfirmButton } from "../components/ConfirmButton.tsx";
import { ErrorSummary, useForm } from "../components/form.tsx";
import { today, useFormat } from "../components/format.ts";
import { Select, TextField } from "../components/pickers.tsx";
import { Empty, ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, Facts, PageHead, Section, useNames } from "../components/ui.tsx";
import { notifyWorkChanged } from "../mywork/badge.ts";
import type { ActionContent, Contribution, MeetingContent, Replica } from "./types.ts";

const ACTION_STATUSES = ["open", "in_progress", "done", "dropped"] as const;

export function ReplicaPage() {
  const { id } = useParams();
  const state = useApi<Replica>(`/federation/replicas/${id}`);
  return <Loaded state={state}>{(r) => <ReplicaView r={r} reload={state.reload} />}</Loaded>;
}

function ReplicaView({ r, reload }: { r: Replica; reload(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  return (
    <article data-testid="replica" data-kind={r.kind}>
      <PageHead title={r.title} marking={r.marking} kind={r.kind} />
      <div className="callout replica-origin" data-testid="replica-origin">
        <p><strong>{t("received.fromLine", { country: names.country(r.from.country), at: f.dateTime(r.from.receivedAt) })}</strong></p>
        <p>{t("received.readOnly")} <span className="muted" dir="ltr">{r.from.instance}</span></p>
      </div>
      {r.kind === "meeting" ? <MeetingReplica r={r} content={(r.content ?? {}) as MeetingContent} reload={reload} />
        : r.kind === "action" ? <ActionReplica r={r} content={(r.content ?? {}) as ActionContent} reload={reload} />
          : <ContentFacts content={r.content} />}
      {r.files.length > 0 && (
        <Section title={t("received.files")} id="files">
          <ul className="files" data-testid="replica-files">
            {r.files.map((x) => (
              <li key={x.sha256 + x.name}>
                <strong dir="auto">{x.name}</strong> <span className="muted">{x.mediaType}, {t("received.bytes", { n: f.number(x.size) })}</span>
                {" "}<a href={`/api/federation/replicas/${r.id}/files/${x.sha256}`} download aria-label={t("received.downloadFile", { name: x.name })} data-testid="replica-download">{t("received.download")}</a>
                <br /><code className="hash" dir="ltr">{t("received.hashLine", { hash: x.sha256 })}</code>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {r.contributions.length > 0 && <Contributions items={r.contributions} />}
    </article>
  );
}

/**
 * The owner's snapshot of a kind with no page of its own here: its plain fields, labelled in the
 * reader's language (the form's field names), countries, areas and dates by name. References to
 * other records (their identifiers) are left out: they name records of the owner's instance.
 */
function ContentFacts({ content }: { content: unknown }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  if (!content || typeof content !== "object") return null;
  const plain = Object.entries(content as Record<string, unknown>)
    .filter(([k, v]) => k !== "title" && !/(^id$|_id$|Id$|Ids$)/.test(k) && v !== null && v !== "" && (typeof v !== "object" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x !== "object"))));
  if (!plain.length) return null;
  const label = (k: string) => t(`form.fields.${k}`, { defaultValue: "" }) || k.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
  const show = (k: string, v: unknown): string => {
    if (Array.isArray(v)) return v.map((x) => show(k, x)).join(", ");
    if (typeof v === "string" && /country$/i.test(k)) return names.country(v);
    if (typeof v === "string" && k === "areas") return names.area(v);
    if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return f.date(v);
    return String(v);
  };
  return (
    <Section title={t("received.content")} id="content">
      <Facts items={plain.map(([k, v]) => [label(k), <span key={k} dir="auto">{show(k, v)}</span>])} />
    </Section>
  );
}

function MeetingReplica({ r, content: c, reload }: { r: Replica; content: MeetingContent; reload(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const me = useMe();
  const approve = useAction();
  const versions = c.minutes?.versions ?? [];
  const latest = versions.length ? Math.max(...versions.map((v) => v.version)) : null;
  const latestVersion = versions.find((v) => v.version === latest);
  const agreed = c.minutes?.agreed ?? null;
  const chairCountries = (c.coChairs ?? []).map((x) => x.country);
  const mine = r.contributions.filter((x) => x.kind === "minutes_approval" && x.version === latest);
  // A co-chair of this reader's country may approve the latest version once: not when it is
  // agreed, approved for this country already, or an approval of it is on its way to the owner.
  const mayApprove = latest !== null && !agreed && chairCountries.includes(me.nationality)
    && !latestVersion?.approvals.some((a) => a.country === me.nationality) && !mine.some((x) => x.state !== "refused");
  const doApprove = async () => {
    if (await approve.run(() => api(`/federation/replicas/${r.id}/minutes/${latest}/approve`, { method: "POST" }).then(() => true))) {
      reload();
      notifyWorkChanged();
    }
  };
  return (
    <>
      <Facts items={[
        [t("received.sequence"), c.sequence ?? null],
        [t("received.date"), c.dateStart ? f.date(c.dateStart) : null],
        [t("received.venue"), [c.venueCity, c.venueCountry ? names.country(c.venueCountry) : null].filter(Boolean).join(", ")],
        [t("received.status"), c.status ? t(`meetingStatus.${c.status}`, { defaultValue: c.status }) : null],
        [t("received.coChairs"), (c.coChairs ?? []).map((x) => `${x.name ?? t("common.withheld")} (${names.country(x.country)})`).join("; ")],
      ]} />
      <Section title={t("meetings.minutes")} id="minutes">
        <p className="minutes-state" data-testid="minutes-state">
          {agreed
            ? <Badge tone="ok">{t("minutes.agreed", { version: agreed.version })}</Badge>
            : latest !== null ? <Badge tone="warn">{t("minutes.awaiting", { version: latest })}</Badge> : <span className="muted">{t("minutes.none")}</span>}
        </p>
        {mayApprove && (
          <div className="callout">
            <p>{t("received.approveHint", { owner: names.country(r.from.country) })}</p>
            <ConfirmButton label={t("minutes.approve", { version: latest, country: names.country(me.nationality) })} testId="approve-minutes" disabled={approve.busy}
              question={t("received.confirmApprove", { version: latest, country: names.country(me.nationality), owner: names.country(r.from.country) })}
              yes={t("minutes.yesApprove")} onConfirm={doApprove} />
            {approve.error?.code === "forbidden"
              ? <div className="error" role="alert">{t("minutes.onlyCoChair", { country: names.country(me.nationality) })}</div>
              : <ErrorText error={approve.error} />}
          </div>
        )}
        {versions.length === 0 ? <Empty /> : (
          <ol className="versions" reversed data-testid="minutes-versions">
            {[...versions].sort((a, b) => b.version - a.version).map((v) => (
              <li key={v.version}>
                <div className="version-head">
                  <strong>{t("minutes.version", { version: v.version })}</strong>
                  <span className="muted">{f.dateTime(v.createdAt)}</span>
                  {agreed?.version === v.version && <Badge tone="ok">{t("minutes.agreedShort")}</Badge>}
                  {v.version !== latest && <Badge>{t("minutes.superseded")}</Badge>}
                </div>
                <p className="minutes-text" dir="auto">{v.text}</p>
                <p className="muted"><code className="hash" dir="ltr" title={t("received.contentHash")}>{t("received.hashLine", { hash: v.contentHash })}</code></p>
                <p className="approvals">
                  {v.approvals.length === 0
                    ? <span className="muted">{t("minutes.noApprovals")}</span>
                    : v.approvals.map((a) => <span key={a.country} className="approval" data-testid="approval">{t("minutes.approvedByNamed", { name: a.name ?? names.country(a.country), country: names.country(a.country), at: f.dateTime(a.approvedAt) })}</span>)}
                </p>
              </li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}

function ActionReplica({ r, content: c, reload }: { r: Replica; content: ActionContent; reload(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const me = useMe();
  return (
    <>
      <Facts items={[
        [t("received.owner"), c.ownerCountry ? [c.ownerName, names.country(c.ownerCountry)].filter(Boolean).join(", ") : null],
        [t("received.due"), c.dueDate ? f.date(c.dueDate) : null],
        [t("received.status"), c.status ? t(`actionStatus.${c.status}`, { defaultValue: c.status }) : null],
      ]} />
      {c.description && <Section title={t("received.description")} id="description"><p dir="auto">{c.description}</p></Section>}
      <Section title={t("received.progress")} id="progress">
        {(c.progress ?? []).length === 0 ? <Empty /> : (
          <ul className="progress-notes" data-testid="replica-progress">
            {(c.progress ?? []).map((p, i) => (
              <li key={i}><strong>{f.date(p.onDate)}</strong> <span dir="auto">{p.text}</span>{p.status && <> <Badge>{t(`actionStatus.${p.status}`, { defaultValue: p.status })}</Badge></>}{p.by && <span className="muted"> — {p.by}</span>}</li>
            ))}
          </ul>
        )}
        {/* The owner's country records progress: its secretariat or programme staff, or the person named as owner (the server checks the name). */}
        {c.ownerCountry === me.nationality && (me.roles.some((x) => x === "secretariat" || x === "programme") || c.ownerName) && <ProgressForm replicaId={r.id} owner={names.country(r.from.country)} onSent={reload} />}
      </Section>
    </>
  );
}

function ProgressForm({ replicaId, owner, onSent }: { replicaId: string; owner: string; onSent(): void }) {
  const { t } = useTranslation();
  const [onDate, setOnDate] = useState(today());
  const [text, setText] = useState("");
  const [status, setStatus] = useState("");
  const save = useAction();
  const form = useForm(save.error, {
    onDate: { label: t("received.onDate"), type: "date", value: onDate },
    text: { label: t("received.note"), value: text },
    status: { label: t("received.newStatus"), value: status },
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await save.run(() => api(`/federation/replicas/${replicaId}/progress`, { body: { onDate, text: text.trim(), ...(status ? { status } : {}) } }).then(() => true));
    if (done) {
      setText("");
      setStatus("");
      onSent();
    }
  };
  return (
    <form className="form editor" noValidate onSubmit={(e) => void submit(e)} data-testid="progress-form">
      <ErrorSummary form={form} />
      <p className="hint">{t("received.progressHint", { owner })}</p>
      <div className="grid-2">
        <TextField {...form.field("onDate")} label={t("received.onDate")} type="date" value={onDate} onChange={setOnDate} required />
        <Select {...form.field("status")} label={t("received.newStatus")} value={status} onChange={setStatus} emptyLabel={t("received.statusUnchanged")}
          options={ACTION_STATUSES.map((s) => ({ value: s, label: t(`actionStatus.${s}`) }))} />
      </div>
      <TextField {...form.field("text")} label={t("received.note")} value={text} onChange={setText} multiline required testId="progress-text" />
      <div className="actions"><button type="submit" disabled={save.busy || !text.trim()} data-testid="progress-send">{t("received.sendProgress")}</button></div>
    </form>
  );
}

function Contributions({ items }: { items: Contribution[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const tone = { pending: "warn", applied: "ok", refused: "bad" } as const;
  return (
    <Section title={t("received.contributions")} id="contributions">
      <ul className="cards" data-testid="contributions">
        {items.map((c) => (
          <li key={c.id} className="card" data-testid="contribution" data-state={c.state}>
            <Badge tone={tone[c.state]}>{t(`received.state.${c.state}`)}</Badge>{" "}
            {c.kind === "minutes_approval"
              ? t("received.approvalOf", { version: c.version, who: c.by.name, at: f.dateTime(c.createdAt) })
              : t("received.progressOf", { date: f.date(c.onDate), who: c.by.name, at: f.dateTime(c.createdAt) })}
            {c.text && <p dir="auto">{c.text}</p>}
            {c.state === "refused" && c.reason && <p className="error" dir="auto" data-testid="contribution-reason">{t("received.refusedBecause", { reason: c.reason })}</p>}
            {c.decidedAt && c.state !== "pending" && <p className="muted">{t("received.decidedAt", { at: f.dateTime(c.decidedAt) })}</p>}
          </li>
        ))}
      </ul>
    </Section>
  );
}
