// Release requests for the security officer: each shows the record, the marking now and the
// marking asked for, who asks and why; the officer approves or refuses with a note.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, query } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { Items, ReleaseRequest, User } from "../api/types.ts";
import { useMe } from "../auth/session.tsx";
import { useFormat } from "../components/format.ts";
import { pathOf } from "../components/paths.ts";
import { RELEASE_STATUSES } from "../generated/kinds.ts";
import { Select } from "../components/pickers.tsx";
import { Empty, ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, PageHead } from "../components/ui.tsx";
import { MarkingChip } from "../markings/MarkingChip.tsx";

export function ReleasesPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState("pending");
  const state = useApi<Items<ReleaseRequest>>(`/releases${query({ status })}`);
  const users = useApi<Items<User>>("/users");
  const nameOf = (id: string | null) => (id ? (users.data?.items.find((u) => u.id === id)?.displayName ?? id) : "—");
  return (
    <>
      <PageHead title={t("releases.title")} />
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Select label={t("releases.status")} value={status} onChange={setStatus} emptyLabel={t("common.all")}
          options={RELEASE_STATUSES.map((s) => ({ value: s, label: t(`releaseStatus.${s}`) }))} />
      </form>
      <Loaded state={state}>
        {(r) => r.items.length === 0 ? <Empty>{t("releases.none")}</Empty> : (
          <ul className="cards" data-testid="releases">
            {r.items.map((x) => <ReleaseCard key={x.id} r={x} nameOf={nameOf} onDecided={state.reload} />)}
          </ul>
        )}
      </Loaded>
    </>
  );
}

/**
 * How the two markings stand once the request is decided: an approved one changed the record
 * ("before" and "after approval"); a refused one left it as it was.
 */
const FROM_LABEL: Record<ReleaseRequest["status"], string> = { pending: "releases.from", approved: "releases.before", refused: "releases.kept" };
const TO_LABEL: Record<ReleaseRequest["status"], string> = { pending: "releases.to", approved: "releases.afterApproval", refused: "releases.askedRefused" };

function ReleaseCard({ r, nameOf, onDecided }: { r: ReleaseRequest; nameOf(id: string | null): string; onDecided(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const [note, setNote] = useState("");
  const decide = useAction();
  const go = async (decision: "approve" | "refuse") => {
    const res = await decide.run(() => api(`/releases/${r.id}/decision`, { body: { decision, ...(note.trim() ? { note: note.trim() } : {}) } }));
    if (res) onDecided();
  };
  const to = pathOf(r.record.kind, r.record.id);
  const mine = r.requestedBy === me.id;
  return (
    <li className="card release" data-testid="release-card">
      <p className="eyebrow">{t(`kind.${r.record.kind}`, { defaultValue: r.record.kind })}</p>
      <h2>{to ? <Link to={to} dir="auto">{r.record.title}</Link> : r.record.title}</h2>
      <div className="release-change" data-testid="release-change">
        <span>{t(FROM_LABEL[r.status])}</span> <MarkingChip marking={r.from} />
        <span aria-hidden="true" className="arrow">→</span>
        <span>{t(TO_LABEL[r.status])}</span> <MarkingChip marking={r.to} />
      </div>
      <p>{t("releases.requestedBy", { who: nameOf(r.requestedBy), at: f.dateTime(r.createdAt) })}</p>
      <blockquote dir="auto">{r.reason}</blockquote>
      {r.status !== "pending" ? (
        <p><Badge tone={r.status === "approved" ? "ok" : "bad"}>{t(`releaseStatus.${r.status}`)}</Badge> {t("releases.decidedBy", { who: nameOf(r.decidedBy), at: f.dateTime(r.decidedAt) })}{r.note && <> — <span dir="auto">{r.note}</span></>}</p>
      ) : mine ? <p className="muted">{t("releases.ownRequest")}</p> : (
        <div className="decide">
          <div className="field">
            <label htmlFor={`note-${r.id}`}>{t("releases.note")}</label>
            <input id={`note-${r.id}`} value={note} onChange={(e) => setNote(e.target.value)} dir="auto" />
          </div>
          <div className="actions">
            <button type="button" onClick={() => void go("approve")} disabled={decide.busy} data-testid="release-approve">{t("releases.approve")}</button>
            <button type="button" className="danger" onClick={() => void go("refuse")} disabled={decide.busy} data-testid="release-refuse">{t("releases.refuse")}</button>
          </div>
          <ErrorText error={decide.error} />
        </div>
      )}
    </li>
  );
}
