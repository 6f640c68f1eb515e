// Reviewing a draft: the statement on one side, the proposed records on the other. Every field
// is tied to the span of text it came from (highlighted; clicking a field shows its span), and
// each proposal is created, linked to an existing record, used to update one, or skipped, with
// corrections typed beside its fields. Confirming lands on the records made; a proposal the
// server refuses is said so, and the rest stay confirmed.
import type { TFunction } from "i18next";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import { ErrorSummary, FieldError, useForm, type FieldSpec } from "../components/form.tsx";
import { pathOf } from "../components/paths.ts";
import { ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, PageHead, Section } from "../components/ui.tsx";
import { statusTone } from "./DraftsPage.tsx";
import { RecordPicker } from "./RecordPicker.tsx";
import { fieldName } from "./names.ts";
import type { Draft, Outcome, Proposal, Span } from "./types.ts";

type Action = "create" | "link" | "update" | "skip";
interface Decision { action: Action; recordId: string | null; recordTitle: string | null; fields: Record<string, string> }
interface Active { key: string; field: string }

const UPDATABLE = new Set(["meeting", "agreement"]);
const shown = (v: unknown): string => (Array.isArray(v) ? v.join(", ") : v === null || v === undefined ? "" : String(v));
/** A corrected value in the type the proposal had: lists stay lists, numbers numbers. */
function typed(original: unknown, text: string): unknown {
  if (Array.isArray(original)) return text.split(",").map((s) => s.trim()).filter(Boolean);
  if (typeof original === "number") return text.trim() === "" ? null : Number(text);
  return text.trim() === "" ? null : text.trim();
}
/** Fields a reader corrects: values, not links between proposals or the extractor's leftovers. */
const editable = (p: Proposal) => Object.keys(p.fields).filter((k) => k !== "unmatchedAreas");

export function DraftPage() {
  const { id } = useParams();
  const state = useApi<Draft>(`/drafts/${id}`);
  return <Loaded state={state}>{(d) => <DraftView d={d} onChange={state.set} />}</Loaded>;
}

function DraftView({ d, onChange }: { d: Draft; onChange(d: Draft): void }) {
  const { t } = useTranslation();
  const [active, setActive] = useState<Active | null>(null);
  const [decisions, setDecisions] = useState<Record<string, Decision>>(() => Object.fromEntries(d.proposals.map((p) => [p.key, {
    action: p.suggested, recordId: p.match?.id ?? null, recordTitle: p.match?.title ?? null, fields: {},
  }])));
  const confirm = useAction();
  const discard = useAction();
  const specs: Record<string, FieldSpec> = {};
  for (const p of d.proposals) {
    for (const f of editable(p)) specs[`decisions.${p.key}.fields.${f}`] = { label: `${fieldName(t, f)} (${proposalName(t, p)})`, value: decisions[p.key]?.fields[f] ?? shown(p.fields[f]) };
    specs[`decisions.${p.key}.recordId`] = { label: t("drafts.existing", { kind: t(`kind.${p.kind}`) }), type: "choice", value: decisions[p.key]?.recordId };
    specs[`decisions.${p.key}`] = { label: proposalName(t, p), type: "choice" };
  }
  const form = useForm(confirm.error, specs);
  const set = (key: string, patch: Partial<Decision>) => setDecisions((x) => ({ ...x, [key]: { ...x[key]!, ...patch } }));

  const submit = async () => {
    const body = d.proposals.map((p) => {
      const dec = decisions[p.key]!;
      const fields = Object.fromEntries(Object.entries(dec.fields).filter(([f, v]) => v !== shown(p.fields[f])).map(([f, v]) => [f, typed(p.fields[f], v)]));
      return {
        key: p.key, action: dec.action,
        ...(dec.action === "link" || dec.action === "update") && dec.recordId ? { recordId: dec.recordId } : {},
        ...(Object.keys(fields).length && dec.action !== "skip" && dec.action !== "link" ? { fields } : {}),
      };
    });
    const done = await confirm.run(() => api<Draft>(`/drafts/${d.id}/confirm`, { body: { decisions: body } }));
    if (done) onChange(done);
  };
  const drop = async () => {
    const done = await discard.run(() => api<Draft>(`/drafts/${d.id}/discard`, { method: "POST", body: {} }));
    if (done) onChange(done);
  };
  const open = d.status === "open";
  return (
    <>
      <PageHead title={d.title} kind="draft">
        <Badge tone={statusTone(d.status)}>{t(`draftStatus.${d.status}`)}</Badge>
      </PageHead>
      {d.outcome && <Outcomes d={d} outcomes={d.outcome} />}
      {open && <ErrorSummary form={form} />}
      <div className="draft-review">
        <SourceText d={d} active={active} onPick={setActive} />
        <div className="proposals" data-testid="proposals">
          <h2>{t("drafts.proposals")}</h2>
          {d.proposals.map((p) => (
            <ProposalCard key={p.key} p={p} d={d} decision={decisions[p.key]!} open={open} active={active} onActive={setActive}
              onChange={(patch) => set(p.key, patch)} field={(f) => form.field(f)} />
          ))}
          {open && (
            <div className="actions">
              <button type="button" onClick={() => void submit()} disabled={confirm.busy} data-testid="draft-confirm">{t("drafts.confirm")}</button>
              <button type="button" className="secondary" onClick={() => void drop()} disabled={discard.busy}>{t("drafts.discard")}</button>
            </div>
          )}
          <ErrorText error={discard.error} />
        </div>
      </div>
    </>
  );
}

function proposalName(t: TFunction, p: Proposal): string {
  const f = p.fields;
  const name = f.name ?? f.title ?? (f.sequence ? t("drafts.meetingN", { n: f.sequence }) : null) ?? f.kind ?? p.key;
  return `${t(`kind.${p.kind}`)}: ${shown(name)}`;
}

/** The statement with every field's span marked; the active one is emphasised and scrolled to. */
function SourceText({ d, active, onPick }: { d: Draft; active: Active | null; onPick(a: Active): void }) {
  const { t } = useTranslation();
  const activeRef = useRef<HTMLElement>(null);
  const text = d.source?.text ?? "";
  const marks = useMemo(() => {
    const all: (Span & Active)[] = [];
    for (const p of d.proposals) for (const [field, s] of Object.entries(p.spans)) if (s) all.push({ ...s, key: p.key, field });
    // The active span first, so it wins where spans overlap; then in reading order.
    const isActive = (m: Active) => active !== null && m.key === active.key && m.field === active.field;
    all.sort((a, b) => Number(isActive(b)) - Number(isActive(a)) || a.start - b.start);
    const kept: typeof all = [];
    for (const m of all) if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
    return kept.sort((a, b) => a.start - b.start).map((m) => ({ ...m, on: isActive(m) }));
  }, [d.proposals, active]);
  useEffect(() => { activeRef.current?.scrollIntoView({ block: "center", behavior: "smooth" }); }, [active]);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start > at) parts.push(text.slice(at, m.start));
    parts.push(
      <mark key={`${m.key}-${m.field}-${m.start}`} ref={m.on ? activeRef : undefined} className={m.on ? "span active" : "span"} data-testid={m.on ? "active-span" : undefined}
        title={fieldName(t, m.field)} onClick={() => onPick({ key: m.key, field: m.field })}>{text.slice(m.start, m.end)}</mark>,
    );
    at = m.end;
  }
  parts.push(text.slice(at));
  return (
    <section className="source-text" aria-labelledby="source-h">
      <h2 id="source-h">{t("drafts.source")}</h2>
      {d.source && <p className="muted">{[d.source.publisher, d.source.published].filter(Boolean).join(", ")} {d.source.id && <Link to={`/sources/${d.source.id}`}>{t("drafts.openSource")}</Link>}</p>}
      <div className="statement" dir="auto" data-testid="source-text">{parts}</div>
    </section>
  );
}

function ProposalCard({ p, d, decision, open, active, onActive, onChange, field }: {
  p: Proposal; d: Draft; decision: Decision; open: boolean; active: Active | null; onActive(a: Active): void; onChange(patch: Partial<Decision>): void;
  field(name: string): { id: string; error?: string };
}) {
  const { t } = useTranslation();
  const actions: Action[] = ["create", "link", ...(UPDATABLE.has(p.kind) ? ["update" as const] : []), "skip"];
  const correcting = open && (decision.action === "create" || decision.action === "update");
  const refs = Object.entries(p.refs).filter(([, v]) => v !== null && !(Array.isArray(v) && !v.length));
  const whole = field(`decisions.${p.key}`);
  return (
    <article className={`proposal${decision.action === "skip" ? " skipped" : ""}`} data-testid="proposal" aria-label={proposalName(t, p)}>
      <header>
        <h3 dir="auto">{proposalName(t, p)}</h3>
        {p.confidence && <span className="muted">{t("drafts.confidence", { n: Math.round(p.confidence.record * 100) })}</span>}
      </header>
      <FieldError id={whole.id} error={whole.error} />
      {p.match && <p className="hint">{t("drafts.matches")} <strong dir="auto">{p.match.title}</strong></p>}
      <fieldset className="inline-choices" disabled={!open}>
        <legend>{t("drafts.decision")}</legend>
        {actions.map((a) => (
          <label key={a}>
            <input type="radio" name={`action-${p.key}`} value={a} checked={decision.action === a} onChange={() => onChange({ action: a })} />
            {t(`drafts.action.${a}`)}
          </label>
        ))}
      </fieldset>
      {open && (decision.action === "link" || decision.action === "update") && (
        <RecordPicker kind={p.kind} {...field(`decisions.${p.key}.recordId`)} label={t("drafts.existing", { kind: t(`kind.${p.kind}`) })}
          chosen={decision.recordId ? { id: decision.recordId, title: decision.recordTitle ?? decision.recordId } : null}
          onChoose={(r) => onChange({ recordId: r?.id ?? null, recordTitle: r?.title ?? null })} />
      )}
      <dl className="proposal-fields">
        {editable(p).map((f) => {
          const span = p.spans[f];
          const isActive = active?.key === p.key && active.field === f;
          const fid = field(`decisions.${p.key}.fields.${f}`);
          return (
            <div key={f} className={isActive ? "active" : undefined}>
              <dt>
                {span ? <button type="button" className="link span-link" aria-pressed={isActive} onClick={() => onActive({ key: p.key, field: f })} title={t("drafts.showSpan")}>{fieldName(t, f)}</button> : fieldName(t, f)}
                {p.confidence?.slots && f in p.confidence.slots ? <span className="muted"> {Math.round((p.confidence.slots as Record<string, number>)[f]! * 100)}%</span> : null}
              </dt>
              <dd>
                <FieldError id={fid.id} error={fid.error} />
                {correcting
                  ? <input id={fid.id} aria-label={`${fieldName(t, f)} (${proposalName(t, p)})`} aria-invalid={fid.error ? true : undefined} dir="auto"
                      value={decision.fields[f] ?? shown(p.fields[f])} onChange={(e) => onChange({ fields: { ...decision.fields, [f]: e.target.value } })} />
                  : <span dir="auto">{shown(p.fields[f]) || "—"}</span>}
              </dd>
            </div>
          );
        })}
        {refs.map(([name, v]) => {
          const span = p.spans[name];
          const keys = Array.isArray(v) ? v : [v as string];
          const isActive = active?.key === p.key && active.field === name;
          return (
            <div key={name} className={isActive ? "active" : undefined}>
              <dt>{span ? <button type="button" className="link span-link" aria-pressed={isActive} onClick={() => onActive({ key: p.key, field: name })}>{fieldName(t, name)}</button> : fieldName(t, name)}</dt>
              <dd dir="auto">{keys.map((k) => { const q = d.proposals.find((x) => x.key === k); return q ? proposalName(t, q) : k; }).join("; ")}</dd>
            </div>
          );
        })}
      </dl>
    </article>
  );
}

/** After confirming: each proposal's record, linked; refusals said the same way whatever their cause. */
function Outcomes({ d, outcomes }: { d: Draft; outcomes: Outcome[] }) {
  const { t } = useTranslation();
  const made = outcomes.filter((o) => o.recordId);
  return (
    <Section title={t("drafts.outcomes")} id="outcomes">
      <ul className="plain" data-testid="draft-outcomes">
        {outcomes.map((o) => {
          const p = d.proposals.find((x) => x.key === o.key);
          const name = p ? proposalName(t, p) : o.key;
          const to = o.recordId && p ? pathOf(p.kind === "engagement" ? "engagement" : p.kind, o.recordId) : null;
          if (o.action === "skip") return <li key={o.key} className="muted">{name}: {t("drafts.action.skip")}</li>;
          if (!o.recordId || !["create", "link", "update"].includes(o.action)) {
            return <li key={o.key} className="refused" data-testid="refused"><span dir="auto">{name}</span>: {t("drafts.refused")}</li>;
          }
          return <li key={o.key}><Badge tone="ok">{t(`drafts.done.${o.action}`)}</Badge> {to ? <Link to={to} dir="auto">{name}</Link> : name}</li>;
        })}
      </ul>
      {made.length === 0 && <p className="muted">{t("drafts.nothingMade")}</p>}
    </Section>
  );
}
