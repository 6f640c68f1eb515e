// Minutes in versions. A co-chair of each member country approves the latest version; when all
// have approved the same one the minutes are agreed and frozen. A later change is a new version.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { Meeting, MinutesHistory } from "../api/types.ts";
import { useMe } from "../auth/session.tsx";
import { useFormat } from "../components/format.ts";
import { TextField } from "../components/pickers.tsx";
import { Empty, ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, Section, useNames } from "../components/ui.tsx";

export function MinutesPanel({ m, onChange }: { m: Meeting; onChange(m: Meeting): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const f = useFormat();
  const names = useNames();
  const history = useApi<MinutesHistory>(`/meetings/${m.id}/minutes`);
  const [text, setText] = useState("");
  const write = useAction();
  const approve = useAction();
  const latest = m.minutes.latestVersion;
  // The server's meeting policy says whether this reader may approve (its co-chair for their country, once).
  const mayApprove = m.policies.approve;

  const after = (updated: Meeting | undefined) => {
    if (!updated) return;
    onChange(updated);
    history.reload();
  };
  const addVersion = async () => {
    const updated = await write.run(() => api<Meeting>(`/meetings/${m.id}/minutes`, { body: { text } }));
    if (updated) setText("");
    after(updated);
  };
  const doApprove = async () => after(await approve.run(() => api<Meeting>(`/meetings/${m.id}/minutes/${latest}/approve`, { method: "POST" })));

  return (
    <Section title={t("meetings.minutes")} id="minutes">
      <p data-testid="minutes-state">
        {m.minutes.agreedVersion !== null
          ? <Badge tone="ok">{t("minutes.agreed", { version: m.minutes.agreedVersion })}</Badge>
          : latest !== null ? <Badge tone="warn">{t("minutes.awaiting", { version: latest })}</Badge> : <span className="muted">{t("minutes.none")}</span>}
      </p>
      {mayApprove && (
        <div className="callout">
          <p>{t("minutes.approveHint", { country: names.country(me.nationality) })}</p>
          <button type="button" onClick={() => void doApprove()} disabled={approve.busy} data-testid="approve-minutes">
            {t("minutes.approve", { version: latest, country: names.country(me.nationality) })}
          </button>
          {approve.error?.code === "forbidden"
            ? <div className="error" role="alert">{t("minutes.onlyCoChair", { country: names.country(me.nationality) })}</div>
            : <ErrorText error={approve.error} />}
        </div>
      )}
      <Loaded state={history}>
        {(h) => h.versions.length === 0 ? <Empty /> : (
          <ol className="versions" reversed data-testid="minutes-versions">
            {h.versions.map((v) => (
              <li key={v.version}>
                <div className="version-head">
                  <strong>{t("minutes.version", { version: v.version })}</strong>
                  <span className="muted">{f.dateTime(v.createdAt)}</span>
                  {v.version === h.agreedVersion && <Badge tone="ok">{t("minutes.agreedShort")}</Badge>}
                  {v.version !== latest && <Badge>{t("minutes.superseded")}</Badge>}
                </div>
                <p className="minutes-text" dir="auto">{v.text}</p>
                <p className="approvals">
                  {v.approvals.length === 0
                    ? <span className="muted">{t("minutes.noApprovals")}</span>
                    : v.approvals.map((a) => <span key={a.country} className="approval">{t("minutes.approvedBy", { country: names.country(a.country), at: f.dateTime(a.approvedAt) })}</span>)}
                </p>
              </li>
            ))}
          </ol>
        )}
      </Loaded>
      {m.policies.writeMinutes && (
        <div className="editor">
          <TextField label={latest ? t("minutes.newVersion") : t("minutes.firstVersion")} value={text} onChange={setText} multiline testId="minutes-text"
            hint={m.minutes.agreedVersion !== null ? t("minutes.reopenHint") : undefined} />
          <ErrorText error={write.error} />
          <div className="actions"><button type="button" onClick={() => void addVersion()} disabled={write.busy || !text.trim()} data-testid="minutes-save">{t("minutes.save")}</button></div>
        </div>
      )}
      {m.policies.edit && !m.policies.writeMinutes && <p className="hint">{t("minutes.afterHeld")}</p>}
    </Section>
  );
}
