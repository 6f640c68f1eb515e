// Accounts for administrators: clearances, roles, compartments and status. Administrators see
// no content by virtue of the role, and grant no access on their own: a higher clearance, a new
// compartment or an oversight role waits for a security officer, and the table shows what waits.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { Compartment, Items } from "../api/types.ts";
import { useMe } from "../auth/session.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { Badge, PageHead, Section, useNames } from "../components/ui.tsx";
import { rankOf } from "../markings/derive.ts";
import { ChangeSummary } from "./ChangeSummary.tsx";
import { NewUserForm } from "./NewUserForm.tsx";
import type { AccountChange, AdminUser } from "./types.ts";
import { UserEditor } from "./UserEditor.tsx";

export function UsersPage() {
  const { t } = useTranslation();
  const names = useNames();
  const me = useMe();
  const users = useApi<Items<AdminUser>>("/users");
  const compartments = useApi<Items<Compartment>>("/compartments");
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [sent, setSent] = useState<AccountChange | null>(null);
  const selected = users.data?.items.find((u) => u.id === editing);
  const done = (changed: AdminUser | null) => {
    setEditing(null);
    setAdding(false);
    if (changed) {
      setSent(changed.pendingChange);
      users.reload();
    }
  };
  return (
    <>
      <PageHead title={t("users.title")}>
        <Link className="button secondary" to="/admin/account-changes">{t("nav.accountChanges")}</Link>
        {!adding && <button type="button" onClick={() => setAdding(true)}>{t("users.add")}</button>}
      </PageHead>
      <p className="muted">{t("users.twoPerson")}</p>
      {sent && (
        <div className="callout" role="status" data-testid="change-sent">
          {t("users.sent", { user: sent.user.username, country: names.country(sent.user.nationality) })}
          <ChangeSummary grants={sent.grants} />
        </div>
      )}
      {adding && (
        <Section title={t("users.add")}>
          <NewUserForm compartments={compartments.data?.items ?? []} onDone={done} />
        </Section>
      )}
      {selected && (
        <Section title={t("users.editing", { user: selected.username })}>
          <UserEditor key={selected.id} user={selected} compartments={compartments.data?.items ?? []} onDone={done} />
        </Section>
      )}
      <Loaded state={users}>
        {(u) => u.items.length === 0 ? <Empty /> : (
          <div className="table-wrap">
            <table className="table" data-testid="users-table">
              <thead><tr><th>{t("users.username")}</th><th>{t("users.name")}</th><th>{t("users.nationality")}</th><th>{t("users.clearance")}</th><th>{t("users.roles")}</th><th>{t("users.compartments")}</th><th>{t("users.status")}</th><th>{t("users.mfa")}</th><th>{t("users.pending")}</th><th><span className="visually-hidden">{t("common.edit")}</span></th></tr></thead>
              <tbody>
                {u.items.map((x) => (
                  <tr key={x.id}>
                    <td dir="ltr">{x.username}</td>
                    <td dir="auto">{x.displayName}</td>
                    <td>{names.country(x.nationality)}</td>
                    <td>{t(`level.${rankOf(x.clearance)}`)}</td>
                    <td>{x.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(", ")}</td>
                    <td dir="ltr">{x.compartments.join(", ") || "—"}</td>
                    <td><Badge tone={x.status === "active" ? "ok" : "bad"}>{t(`userStatus.${x.status}`)}</Badge></td>
                    <td>{x.mfaEnabled ? t("common.yes") : t("common.no")}</td>
                    <td data-testid="pending-change">{x.pendingChange ? <><Badge tone="warn">{t("users.awaitsOfficer")}</Badge><ChangeSummary grants={x.pendingChange.grants} /></> : "—"}</td>
                    <td>{x.id === me.id ? <span className="muted">{t("users.you")}</span> : (
                      <button type="button" className="secondary small" onClick={() => setEditing(x.id)} aria-label={t("users.editUser", { user: x.username })}>{t("common.edit")}</button>
                    )}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </>
  );
}
