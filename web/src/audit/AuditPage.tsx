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
import { TextField } from "../components/pickers.tsx";

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

export function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [filters, setFilters] = useState({ action: "", actor: "", target: "" });
  const verify = useApi<Verify>("/audit/verify");
  const path = `/audit${query({ ...filters, limit: 100 })}`;
  const events = useApi<AuditPage>(path);
  const [older, setOlder] = useState<AuditPage | null>(null);
  const more = async (before: number) => {
    const page = await api<AuditPage>(`/audit${query({ ...filters, limit: 100, before })}`);
    setOlder((o) => ({ items: [...(o?.items ?? []), ...page.items], nextBefore: page.nextBefore }));
  };
  const setFilter = (k: keyof typeof filters, v: string) => { setOlder(null); setFilters({ ...filters, [k]: v.trim() }); };
  return (
    <>
      <PageHead title={t("audit.title")}>
        <a className="button secondary" href="/api/audit/export" download>{t("audit.export")}</a>
      </PageHead>
      <Section title={t("audit.verification")} id="verify">
        <Loaded state={verify}>
          {(v) => (
            <div className={`callout ${v.chain.ok && v.checkpoints.ok ? "ok" : "bad"}`} role="status" data-testid="chain-status">
              {v.chain.ok
                ? <p><Badge tone="ok">{t("audit.chainOk")}</Badge> {t("audit.chainOkText", { count: v.chain.events, n: f.number(v.chain.events) })}</p>
                : <p><Badge tone="bad">{t("audit.chainBroken")}</Badge> {t("audit.chainBrokenText", { seq: v.chain.badSeq })} <span dir="ltr">{v.chain.reason}</span></p>}
              {v.checkpoints.ok
                ? <p>{v.anchored ? t("audit.checkpointsOk", { count: v.checkpointCount, n: f.number(v.checkpointCount) }) : t("audit.notAnchored")}</p>
                : v.problems.filter((p) => p.kind !== "chain").map((p, i) => (
                  // A missing or foreign key is an operator's mistake to repair, not evidence of tampering.
                  <p key={i}><Badge tone="bad">{t(p.kind.startsWith("key_") ? "audit.keyProblem" : "audit.checkpointsBad")}</Badge> <span dir="ltr">{p.message}</span></p>
                ))}
              {v.anchored && v.uncovered > 0 && <p>{t("audit.uncovered", { count: v.uncovered, n: f.number(v.uncovered) })}</p>}
              {v.chain.head && <p className="muted">{t("audit.head")} <code dir="ltr">{v.chain.head.slice(0, 16)}…</code></p>}
            </div>
          )}
        </Loaded>
      </Section>
      <form className="filters" role="search" aria-label={t("common.filters")} onSubmit={(e) => e.preventDefault()}>
        <TextField label={t("audit.action")} value={filters.action} onChange={(v) => setFilter("action", v)} />
        <TextField label={t("audit.actor")} value={filters.actor} onChange={(v) => setFilter("actor", v)} />
        <TextField label={t("audit.target")} value={filters.target} onChange={(v) => setFilter("target", v)} />
      </form>
      <Loaded state={events}>
        {(p) => {
          const items = [...p.items, ...(older?.items ?? [])];
          const next = older ? older.nextBefore : p.nextBefore;
          return items.length === 0 ? <Empty /> : (
            <>
              <div className="table-wrap">
                <table className="table small" data-testid="audit-table">
                  <thead><tr><th>#</th><th>{t("audit.at")}</th><th>{t("audit.actor")}</th><th>{t("audit.action")}</th><th>{t("audit.target")}</th><th>{t("marking.label")}</th><th>{t("audit.outcome")}</th><th>{t("audit.client")}</th></tr></thead>
                  <tbody>
                    {items.map((e) => (
                      <tr key={e.seq} className={e.outcome === "success" ? undefined : "flag"}>
                        <td>{e.seq}</td>
                        <td>{f.dateTime(e.at)}</td>
                        <td dir="ltr" className="mono">{e.actor ?? "—"}</td>
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
