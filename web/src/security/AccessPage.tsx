// For security officers: who can read a record, and for one user, which rule denies them.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { Items, RecordSummary, User } from "../api/types.ts";
import { pathOf } from "../components/paths.ts";
import { Select } from "../components/pickers.tsx";
import { RecordPicker } from "../components/RecordPicker.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { Badge, Facts, PageHead, Section, useNames } from "../components/ui.tsx";
import { MarkingChip } from "../markings/MarkingChip.tsx";
import { rankOf } from "../markings/derive.ts";

interface Reader { id: string; username: string; displayName: string; nationality: string; clearance: number }
interface Explanation { user: { id: string; username: string }; allowed: boolean; reasons: { rule: string; detail: string; params: Record<string, string> }[] }

export function AccessPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const record = params.get("record") ?? "";
  return (
    <>
      <PageHead title={t("access.title")} />
      <div className="form">
        <RecordPicker label={t("access.findRecord")} hint={t("access.findRecordHint")} testId="access-record" onPick={(r) => setParams({ record: r.id })} />
      </div>
      {record && <RecordAccess key={record} id={record} />}
    </>
  );
}

function RecordAccess({ id }: { id: string }) {
  const { t } = useTranslation();
  const names = useNames();
  const summary = useApi<RecordSummary>(`/records/${id}`);
  const readers = useApi<Items<Reader>>(`/records/${id}/readers`);
  const users = useApi<Items<User>>("/users");
  const [userId, setUserId] = useState("");
  return (
    <Loaded state={summary}>
      {(s) => {
        const to = pathOf(s.kind, s.id);
        return (
          <>
            <Section title={t("access.record")}>
              <Facts items={[
                [t("access.recordTitle"), to ? <Link to={to} dir="auto">{s.title}</Link> : s.title],
                [t("kind.label"), t(`kind.${s.kind}`, { defaultValue: s.kind })],
                [t("marking.label"), <MarkingChip marking={s.marking} />],
                [t("access.nationalLevel"), s.nationalLevel],
              ]} />
            </Section>
            <Section title={t("access.readers")} id="readers">
              <Loaded state={readers}>
                {(r) => r.items.length === 0 ? <Empty /> : (
                  <div className="table-wrap">
                    <table className="table stack" data-testid="readers">
                      <thead><tr><th>{t("users.username")}</th><th>{t("users.name")}</th><th>{t("users.nationality")}</th><th>{t("users.clearance")}</th></tr></thead>
                      <tbody>{r.items.map((u) => <tr key={u.id}><td data-label={t("users.username")}>{u.username}</td><td data-label={t("users.name")}><span dir="auto">{u.displayName}</span></td><td data-label={t("users.nationality")}>{names.country(u.nationality)}</td><td data-label={t("users.clearance")}>{t(`level.${u.clearance}`)}</td></tr>)}</tbody>
                    </table>
                  </div>
                )}
              </Loaded>
            </Section>
            <Section title={t("access.whyNot")} id="why">
              <Select label={t("access.user")} value={userId} onChange={setUserId} testId="access-user"
                options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.username} — ${names.country(u.nationality)}, ${t(`level.${rankOf(u.clearance)}`)}` }))} />
              {userId && <Explain recordId={id} userId={userId} />}
            </Section>
          </>
        );
      }}
    </Loaded>
  );
}

function Explain({ recordId, userId }: { recordId: string; userId: string }) {
  const { t } = useTranslation();
  const names = useNames();
  const state = useApi<Explanation>(`/records/${recordId}/access/${userId}`);
  // Levels come in the user's national terms; countries and account states in the reader's language.
  const words = (r: Explanation["reasons"][number]) => t(`access.reason.${r.rule}`, {
    ...r.params,
    ...(r.params.country ? { country: names.country(r.params.country) } : {}),
    ...(r.params.status ? { status: t(`userStatus.${r.params.status}`, { defaultValue: r.params.status }) } : {}),
    defaultValue: r.detail,
  });
  return (
    <Loaded state={state}>
      {(x) => (
        <div className="explanation" data-testid="access-explanation" role="status">
          {x.allowed ? <Badge tone="ok">{t("access.allowed", { user: x.user.username })}</Badge> : (
            <>
              <Badge tone="bad">{t("access.denied", { user: x.user.username })}</Badge>
              <ul>{x.reasons.map((r) => <li key={r.rule}><strong>{t(`access.rule.${r.rule}`, { defaultValue: r.rule })}</strong>: <span dir="auto">{words(r)}</span></li>)}</ul>
            </>
          )}
        </div>
      )}
    </Loaded>
  );
}
