// The audit log for auditors: the chain's verification status first, then events newest first.
// Targets the auditor may not read show by identifier and marking only.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../api/client.ts";
import { useApi } from "../api/hooks.ts";
import type { AuditEvent } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { RefLink } from "../components/RefLink.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { Badge, PageHead, Section } from "../components/ui.tsx";
import { Select, TextField } from "../components/pickers.tsx";
import { RecordPicker } from "../components/RecordPicker.tsx";

interface Verify {
  chain: { ok: boolean; events: number; head?: string; badSeq?: number; reason?: string };
  checkpoints: { ok: boolean; events?: number; checkpoints?: number; badSeq?: number; reason?: string };
  checkpointCount: number;
  /** At least one signed checkpoint was checked against the log. */
  anchored: boolean;
  /** Events after the last checkpoint: not yet covered by a signature. */
  uncovered: number;
  problems: { kind: string; seq: number | null; message: string }[];
}
interface AuditPage { items: AuditEvent[]; nextBefore: number | null }

const NO_FILTERS = { actor: "", type: "", action: "", target: "", from: "", to: "" };
type Filters = typeof NO_FILTERS;

export function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [targetLabel, setTargetLabel] = useState("");
  const [pickerKey, setPickerKey] = useState(0);
  const verify = useApi<Verify>("/audit/verify");
  const types = useApi<{ items: string[] }>("/audit/actions");
  // Typed text is sent trimmed, but kept as typed (spaces and all) in the fields.
  const sent = Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, v.trim()]));
  const path = `/audit${query({ ...sent, limit: 100 })}`;
  const events = useApi<AuditPage>(path);
  const [older, setOlder] = useState<AuditPage | null>(null);
  const more = async (before: number) => {
    const page = await api<AuditPage>(`/audit${query({ ...sent, limit: 100, before })}`);
    setOlder((o) => ({ items: [...(o?.items ?? []), ...page.items], nextBefore: page.nextBefore }));
  };
  const setFilter = (k: keyof Filters, v: string) => { setOlder(null); setFilters((x) => ({ ...x, [k]: v })); };
  const clear = () => { setOlder(null); setFilters(NO_FILTERS); setTargetLabel(""); setPickerKey((k) => k + 1); };
  return (
    <>
      <PageHead title={t("audit.title")}>
        <a className="button secondary" href="/api/audit/export" download>{t("audit.export")}</a>
      </PageHead>
      <Section title={t("audit.verification")} id="verify">
        <Loaded state={verify}>{(v) => <Verification v={v} />}</Loaded>
      </Section>
      <form className="filters audit-filters" role="search" aria-label={t("common.filters")} onSubmit={(e) => e.preventDefault()}>
        <TextField label={t("audit.actor")} hint={t("audit.actorHint")} value={filters.actor} onChange={(v) => setFilter("actor", v)} testId="audit-actor" />
        <Select label={t("audit.actionType")} value={filters.type} onChange={(v) => setFilter("type", v)} emptyLabel={t("audit.anyType")} testId="audit-type"
          options={(types.data?.items ?? []).map((a) => ({ value: a, label: a }))} />
        <TextField label={t("audit.actionContains")} hint={t("audit.actionContainsHint")} value={filters.action} onChange={(v) => setFilter("action", v)} testId="audit-action" />
        <TextField label={t("audit.from")} type="date" value={filters.from} onChange={(v) => setFilter("from", v)} testId="audit-from" />
        <TextField label={t("audit.to")} type="date" value={filters.to} onChange={(v) => setFilter("to", v)} testId="audit-to" />
        <RecordPicker key={pickerKey} label={t("audit.target")} hint={t("audit.targetHint")} testId="audit-target"
          acceptText={(text) => !/\s/.test(text)}
          onPick={(r) => { setTargetLabel(r.title ?? r.id); setFilter("target", r.id); }} />
        {filters.target && <p className="muted" data-testid="audit-target-chosen">{t("audit.target")}: <span dir="auto">{targetLabel}</span></p>}
        <button type="button" className="secondary" onClick={clear}>{t("audit.clear")}</button>
      </form>
      <Loaded state={events}>
        {(p) => {
          const items = [...p.items, ...(older?.items ?? [])];
          const next = older ? older.nextBefore : p.nextBefore;
          return items.length === 0 ? <Empty /> : (
            <>
              <p className="muted" role="status">{t("audit.shown", { count: items.length, n: f.number(items.length) })}</p>
              <div className="table-wrap">
                <table className="table small" data-testid="audit-table">
                  <thead><tr><th>#</th><th>{t("audit.at")}</th><th>{t("audit.actor")}</th><th>{t("audit.action")}</th><th>{t("audit.target")}</th><th>{t("marking.label")}</th><th>{t("audit.outcome")}</th><th>{t("audit.client")}</th></tr></thead>
                  <tbody>
                    {items.map((e) => (
                      <tr key={e.seq} className={e.outcome === "success" ? undefined : "flag"}>
                        <td>{e.seq}</td>
                        <td>{f.dateTime(e.at)}</td>
                        <td><Actor e={e} /></td>
                        <td dir="ltr">{e.action}</td>
                        <td>{e.readSetRecords
                          ? <ReadSet records={e.readSetRecords} />
                          : e.targetRecord && !e.targetRecord.withheld ? <RefLink r={e.targetRecord} /> : <span className="mono" dir="ltr">{e.target ?? "—"}</span>}</td>
                        <td dir="ltr">{e.marking ?? "—"}</td>
                        <td>{t(`audit.outcomes.${e.outcome}`, { defaultValue: e.outcome })}</td>
                        <td dir="ltr">{e.client ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {next && <button type="button" className="secondary" onClick={() => void more(next)}>{t("common.more")}</button>}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

/** Who acted: the user's name and user name; the identifier only for an account that no longer resolves. */
function Actor({ e }: { e: AuditEvent }) {
  const { t } = useTranslation();
  if (!e.actor) return <span className="muted">{t("audit.system")}</span>;
  if (!e.actorName) return <span className="mono" dir="ltr">{e.actor}</span>;
  return <span title={e.actor}><span dir="auto">{e.actorName.displayName}</span> <span className="muted" dir="ltr">({e.actorName.username})</span></span>;
}

/**
 * The chain's state, said as it is: a verified chain with no signed checkpoint is consistent in
 * itself only, so it is a warning, never a green box; what is checked and what is not yet covered
 * by a signature are counted.
 */
function Verification({ v }: { v: Verify }) {
  const { t } = useTranslation();
  const f = useFormat();
  const tone = !v.chain.ok || !v.checkpoints.ok ? "bad" : v.anchored ? "ok" : "warn";
  return (
    <div className={`callout ${tone}`} role="status" data-testid="chain-status">
      {v.chain.ok
        ? <p><Badge tone={v.anchored ? "ok" : "warn"}>{t("audit.chainOk")}</Badge> {t("audit.chainOkText", { count: v.chain.events, n: f.number(v.chain.events) })}</p>
        : <p><Badge tone="bad">{t("audit.chainBroken")}</Badge> {t("audit.chainBrokenText", { seq: v.chain.badSeq })} <span dir="ltr">{v.chain.reason}</span></p>}
      {!v.checkpoints.ok && v.problems.filter((p) => p.kind !== "chain").map((p, i) => (
        // A missing or foreign key is an operator's mistake to repair, not evidence of tampering.
        <p key={i}><Badge tone="bad">{t(p.kind.startsWith("key_") ? "audit.keyProblem" : "audit.checkpointsBad")}</Badge> <span dir="ltr">{p.message}</span></p>
      ))}
      {v.checkpoints.ok && !v.anchored && (
        <div data-testid="no-checkpoints">
          <p><strong>{t("audit.noCheckpoints")}</strong></p>
          <p>{t("audit.notAnchored")}</p>
        </div>
      )}
      {v.checkpoints.ok && v.anchored && <p>{t("audit.checkpointsOk", { count: v.checkpointCount, n: f.number(v.checkpointCount) })}</p>}
      <dl className="counts" data-testid="verify-counts">
        <div><dt>{t("audit.eventsInChain")}</dt><dd>{f.number(v.chain.events)}</dd></div>
        <div><dt>{t("audit.checkpointsChecked")}</dt><dd>{f.number(v.checkpointCount)}</dd></div>
        <div><dt>{t("audit.eventsUncovered")}</dt><dd>{f.number(v.uncovered)}</dd></div>
      </dl>
      {v.chain.head && <p className="muted">{t("audit.head")} <code dir="ltr">{v.chain.head.slice(0, 16)}…</code></p>}
    </div>
  );
}

/** The records a list read returned, by identifier under the marking each had then. */
function ReadSet({ records }: { records: Record<string, string[]> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const n = Object.values(records).reduce((sum, ids) => sum + ids.length, 0);
  return (
    <details>
      <summary>{t("audit.readSet", { count: n, n: f.number(n) })}</summary>
      {Object.entries(records).map(([banner, ids]) => (
        <p key={banner} className="mono small" dir="ltr">{banner}: {ids.join(", ")}</p>
      ))}
    </details>
  );
}
