// Account changes awaiting the two-person rule. A security officer sees those to accounts of their
// nationality and approves or refuses each (with a note, after a confirmation); an administrator
// sees all and may withdraw what they asked for. Decided changes stay listed, refusals included.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { Items } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { Select } from "../components/pickers.tsx";
import { Empty, ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, PageHead, useNames } from "../components/ui.tsx";
import { ChangeSummary } from "./ChangeSummary.tsx";
import type { AccountChange } from "./types.ts";

const STATUSES = ["pending", "approved", "refused", "withdrawn"] as const;

export function AccountChangesPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState("pending");
  const state = useApi<Items<AccountChange>>(`/account-changes${query({ status })}`);
  return (
    <>
      <PageHead title={t("changes.title")} />
      <p className="muted">{t("changes.intro")}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Select label={t("changes.status")} value={status} onChange={setStatus} emptyLabel={t("common.all")}
          options={STATUSES.map((s) => ({ value: s, label: t(`changeStatus.${s}`) }))} />
      </form>
      <Loaded state={state}>
        {(r) => r.items.length === 0 ? <Empty>{t("changes.none")}</Empty> : (
          <ul className="cards" data-testid="account-changes">
            {r.items.map((c) => <ChangeCard key={c.id} c={c} onChanged={state.reload} />)}
          </ul>
        )}
      </Loaded>
    </>
  );
}

function ChangeCard({ c, onChanged }: { c: AccountChange; onChanged(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const [note, setNote] = useState("");
  const [confirming, setConfirming] = useState<"approve" | "refuse" | null>(null);
  const act = useAction();
  const decide = async (decision: "approve" | "refuse") => {
    const res = await act.run(() => api(`/account-changes/${c.id}/decision`, { body: { decision, ...(note.trim() ? { note: note.trim() } : {}) } }));
    setConfirming(null);
    if (res) onChanged();
  };
  const withdraw = async () => {
    if (await act.run(() => api(`/account-changes/${c.id}/withdraw`, { method: "POST" }))) onChanged();
  };
  const tone = c.status === "approved" ? "ok" : c.status === "refused" ? "bad" : c.status === "pending" ? "warn" : undefined;
  return (
    <li className="card release" data-testid="account-change">
      <p className="eyebrow">{names.country(c.user.nationality)}</p>
      <h2><span dir="auto">{c.user.displayName}</span> <span className="muted" dir="ltr">({c.user.username})</span></h2>
      <ChangeSummary grants={c.grants} />
      <p>{t("changes.requestedBy", { who: c.requestedBy.displayName, at: f.dateTime(c.createdAt) })}</p>
      {c.reason && <blockquote dir="auto">{c.reason}</blockquote>}
      <p><Badge tone={tone}>{t(`changeStatus.${c.status}`)}</Badge>{c.decidedBy && <> {t("changes.decidedBy", { who: c.decidedBy.displayName, at: f.dateTime(c.decidedAt) })}</>}{c.note && <> — <span dir="auto">{c.note}</span></>}</p>
      {(c.mayApprove || c.mayRefuse) && (
        <div className="decide">
          <div className="field">
            <label htmlFor={`note-${c.id}`}>{t("changes.note")}</label>
            <input id={`note-${c.id}`} value={note} onChange={(e) => setNote(e.target.value)} dir="auto" />
          </div>
          {confirming ? (
            <div className="actions" role="group" aria-label={t(confirming === "approve" ? "changes.confirmApprove" : "changes.confirmRefuse")}>
              <p className="confirm-question">{t(confirming === "approve" ? "changes.confirmApprove" : "changes.confirmRefuse")}</p>
              <button type="button" className={confirming === "refuse" ? "danger" : undefined} onClick={() => void decide(confirming)} disabled={act.busy}>
                {t(confirming === "approve" ? "changes.yesApprove" : "changes.yesRefuse")}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(null)}>{t("common.cancel")}</button>
            </div>
          ) : (
            <div className="actions">
              {c.mayApprove && <button type="button" onClick={() => setConfirming("approve")}>{t("changes.approve")}</button>}
              {c.mayRefuse && <button type="button" className="danger" onClick={() => setConfirming("refuse")}>{t("changes.refuse")}</button>}
            </div>
          )}
        </div>
      )}
      {c.status === "pending" && !c.mayApprove && !c.mayRefuse && <p className="muted">{t("changes.awaits", { country: names.country(c.user.nationality) })}</p>}
      {c.mayWithdraw && <div className="actions"><button type="button" className="secondary" onClick={() => void withdraw()} disabled={act.busy}>{t("changes.withdraw")}</button></div>}
      <ErrorText error={act.error} />
    </li>
  );
}
