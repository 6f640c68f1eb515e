// Minutes in versions. They may be drafted before the meeting; a new version starts from the
// latest one's text. A co-chair of each member country approves the latest version (after a
// confirmation); each approval names the co-chair, and the status names whose approval is still
// missing. When all have approved the same one the minutes are agreed and frozen, and export as a
// marked PDF. Any two versions can be compared word by word.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { Meeting, MinutesDiff, MinutesHistory } from "../api/types.ts";
import { useMe } from "../auth/session.tsx";
import { ConfirmButton } from "../components/ConfirmButton.tsx";
import { useFormat } from "../components/format.ts";
import { TextField } from "../components/pickers.tsx";
import { Empty, ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, Section, useNames } from "../components/ui.tsx";
import { notifyWorkChanged } from "../mywork/badge.ts";

export function MinutesPanel({ m, onChange }: { m: Meeting; onChange(m: Meeting): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const f = useFormat();
  const names = useNames();
  const history = useApi<MinutesHistory>(`/meetings/${m.id}/minutes`);
  const [text, setText] = useState<string | null>(null);
  const write = useAction();
  const approve = useAction();
  const latest = m.minutes.latestVersion;
  const latestText = history.data?.versions.find((v) => v.version === latest)?.text ?? "";
  // A new version starts from the latest one's text (until the secretary edits it).
  useEffect(() => { setText(null); }, [latest]);
  const draft = text ?? latestText;
  // The server's meeting policy says whether this reader may approve (its co-chair for their country, once).
  const mayApprove = m.policies.approve;

  const after = (updated: Meeting | undefined) => {
    if (!updated) return;
    onChange(updated);
    history.reload();
    notifyWorkChanged();
  };
  const addVersion = async () => {
    const updated = await write.run(() => api<Meeting>(`/meetings/${m.id}/minutes`, { body: { text: draft } }));
    if (updated) setText(null);
    after(updated);
  };
  const doApprove = async () => after(await approve.run(() => api<Meeting>(`/meetings/${m.id}/minutes/${latest}/approve`, { method: "POST" })));
  const who = (a: { country: string; person: { withheld: boolean; title?: string } | null }) => (a.person && !a.person.withheld && a.person.title ? a.person.title : names.country(a.country));

  return (
    <Section title={t("meetings.minutes")} id="minutes"
      actions={m.minutes.agreedVersion !== null && <a className="button secondary" href={`/api/meetings/${m.id}/minutes.pdf`} download data-testid="minutes-pdf">{t("minutes.exportPdf")}</a>}>
      <p className="minutes-state" data-testid="minutes-state">
        {m.minutes.agreedVersion !== null
          ? <Badge tone="ok">{t("minutes.agreed", { version: m.minutes.agreedVersion })}</Badge>
          : latest !== null
            ? <Badge tone="warn">{m.minutes.awaiting.length
              ? t("minutes.awaitingNamed", { version: latest, who: m.minutes.awaiting.map((a) => t("minutes.chairOf", { name: who(a), country: names.country(a.country) })).join(", ") })
              : t("minutes.awaiting", { version: latest })}</Badge>
            : <span className="muted">{t("minutes.none")}</span>}
      </p>
      {mayApprove && (
        <div className="callout">
          <p>{t("minutes.approveHint", { country: names.country(me.nationality) })}</p>
          <ConfirmButton label={t("minutes.approve", { version: latest, country: names.country(me.nationality) })} testId="approve-minutes" disabled={approve.busy}
            question={t("minutes.confirmApprove", { version: latest, country: names.country(me.nationality) })} yes={t("minutes.yesApprove")} onConfirm={doApprove} />
          {approve.error?.code === "forbidden"
            ? <div className="error" role="alert">{t("minutes.onlyCoChair", { country: names.country(me.nationality) })}</div>
            : <ErrorText error={approve.error} />}
        </div>
      )}
      <Loaded state={history}>
        {(h) => h.versions.length === 0 ? <Empty /> : (
          <>
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
                      : v.approvals.map((a) => <span key={a.country} className="approval" data-testid="approval">{t("minutes.approvedByNamed", { name: who(a), country: names.country(a.country), at: f.dateTime(a.approvedAt) })}</span>)}
                  </p>
                </li>
              ))}
            </ol>
            {h.versions.length > 1 && <Compare meetingId={m.id} versions={h.versions.map((v) => v.version)} />}
          </>
        )}
      </Loaded>
      {/* A new version starts from the latest one's text: no editor until that text is here, or a
          secretary could start typing into an empty one and save a version that drops the last. */}
      {m.policies.writeMinutes && (latest === null || history.data) && (
        <div className="editor">
          <TextField label={latest ? t("minutes.newVersion") : t("minutes.firstVersion")} value={draft} onChange={setText} multiline testId="minutes-text"
            hint={m.minutes.agreedVersion !== null ? t("minutes.reopenHint") : m.status === "planned" ? t("minutes.beforeHeld") : undefined} />
          <ErrorText error={write.error} />
          <div className="actions"><button type="button" onClick={() => void addVersion()} disabled={write.busy || !draft.trim() || draft === latestText} data-testid="minutes-save">{t("minutes.save")}</button></div>
        </div>
      )}
    </Section>
  );
}

/** Two versions side by side as one text: what was removed struck through, what was added marked. */
function Compare({ meetingId, versions }: { meetingId: string; versions: number[] }) {
  const { t } = useTranslation();
  const sorted = [...versions].sort((a, b) => a - b);
  const [from, setFrom] = useState(sorted[sorted.length - 2]!);
  const [to, setTo] = useState(sorted[sorted.length - 1]!);
  const diff = useApi<MinutesDiff>(from !== to ? `/meetings/${meetingId}/minutes/diff?from=${from}&to=${to}` : null);
  const pick = (label: string, value: number, set: (n: number) => void, id: string) => (
    <label className="inline-field">{label}{" "}
      <select value={value} onChange={(e) => set(Number(e.target.value))} data-testid={id}>
        {sorted.map((v) => <option key={v} value={v}>{t("minutes.version", { version: v })}</option>)}
      </select>
    </label>
  );
  return (
    <div className="compare" data-testid="minutes-compare">
      <h3>{t("minutes.compare")}</h3>
      <div className="actions">{pick(t("minutes.compareFrom"), from, setFrom, "diff-from")} {pick(t("minutes.compareTo"), to, setTo, "diff-to")}</div>
      {from === to ? <p className="muted">{t("minutes.sameVersion")}</p> : (
        <Loaded state={diff}>
          {(d) => (
            <p className="minutes-text diff" dir="auto" data-testid="minutes-diff">
              {d.parts.map((p, i) => p.op === "added"
                ? <ins key={i} aria-label={t("minutes.addedText", { text: p.text })}>{p.text}</ins>
                : p.op === "removed" ? <del key={i} aria-label={t("minutes.removedText", { text: p.text })}>{p.text}</del> : <span key={i}>{p.text}</span>)}
            </p>
          )}
        </Loaded>
      )}
    </div>
  );
}
