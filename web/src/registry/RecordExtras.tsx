// What every record page offers below its own fields: the records it refers to and that refer
// to it (unreadable ones shown as withheld), its versions, and for security officers who may
// read it.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { HistoryVersion, Items, PlatformPolicies, RecordReference } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { RefLink } from "../components/RefLink.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { Section } from "../components/ui.tsx";
import { MarkingChip } from "../markings/MarkingChip.tsx";
import { SourcesPanel } from "../drafts/SourcesPanel.tsx";

export function RecordExtras({ id, policies, references = true }: { id: string; policies: { readers: boolean }; references?: boolean }) {
  const { t } = useTranslation();
  const may = useApi<PlatformPolicies>("/policies").data;
  return (
    <>
      <SourcesPanel id={id} />
      {references && <References id={id} />}
      {may?.create.document && <p><Link to={`/documents/new?attachTo=${id}`} data-testid="attach-document">{t("documents.attach")}</Link></p>}
      <History id={id} />
      {policies.readers && (
        <p><Link to={`/security/access?record=${id}`}>{t("access.whoCanRead")}</Link></p>
      )}
    </>
  );
}

function References({ id }: { id: string }) {
  const { t } = useTranslation();
  const state = useApi<Items<RecordReference>>(`/records/${id}/references`);
  return (
    <Section title={t("record.references")} id="references">
      <Loaded state={state}>
        {(r) => r.items.length === 0 ? <Empty /> : (
          <ul className="plain" data-testid="references">
            {r.items.map((x, i) => <li key={i}><span className="muted">{t(`relation.${x.relation}`, { defaultValue: x.relation })}:</span> <RefLink r={x.record} /></li>)}
          </ul>
        )}
      </Loaded>
    </Section>
  );
}

/** Loaded and shown only when opened: older versions may carry other markings, which count
 * towards the page banner only while they are on screen. */
function History({ id }: { id: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="section history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary><h2>{t("record.history")}</h2></summary>
      {open && <HistoryTable id={id} />}
    </details>
  );
}

function HistoryTable({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useApi<Items<HistoryVersion>>(`/records/${id}/history`);
  return (
      <Loaded state={state}>
        {(h) => (
          <div className="table-wrap">
            <table className="table stack">
              <thead><tr><th>{t("record.version")}</th><th>{t("record.when")}</th><th>{t("record.by")}</th><th>{t("marking.label")}</th></tr></thead>
              <tbody>
                {h.items.map((v) => (
                  <tr key={v.version}><td data-label={t("record.version")}>{f.number(v.version)}</td><td data-label={t("record.when")}>{f.dateTime(v.at)}</td><td data-label={t("record.by")}><span dir="auto">{v.actor ?? "—"}</span></td><td data-label={t("marking.label")}><MarkingChip marking={v.marking} /></td></tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
  );
}
