// Accounts for administrators: clearances, roles, compartments and status. Administrators see
// no content by virtue of the role; this page holds accounts only.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../api/hooks.ts";
import type { Compartment, Items, User } from "../api/types.ts";
import { Empty, Loaded } from "../components/Status.tsx";
import { Badge, PageHead, Section, useNames } from "../components/ui.tsx";
import { rankOf } from "../markings/derive.ts";
import { NewUserForm } from "./NewUserForm.tsx";
import { UserEditor } from "./UserEditor.tsx";

export function UsersPage() {
  const { t } = useTranslation();
  const names = useNames();
  const users = useApi<Items<User>>("/users");
  const compartments = useApi<Items<Compartment>>("/compartments");
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const selected = users.data?.items.find((u) => u.id === editing);
  return (
    <>
      <PageHead title={t("users.title")}>
        {!adding && <button type="button" onClick={() => setAdding(true)}>{t("users.add")}</button>}
      </PageHead>
      {adding && (
        <Section title={t("users.add")}>
          <NewUserForm compartments={compartments.data?.items ?? []} onDone={(created) => { setAdding(false); if (created) users.reload(); }} />
        </Section>
      )}
      {selected && (
        <Section title={t("users.editing", { user: selected.username })}>
          <UserEditor key={selected.id} user={selected} compartments={compartments.data?.items ?? []} onDone={(changed) => { setEditing(null); if (changed) users.reload(); }} />
        </Section>
      )}
      <Loaded state={users}>
        {(u) => u.items.length === 0 ? <Empty /> : (
          <div className="table-wrap">
            <table className="table" data-testid="users-table">
              <thead><tr><th>{t("users.username")}</th><th>{t("users.name")}</th><th>{t("users.nationality")}</th><th>{t("users.clearance")}</th><th>{t("users.roles")}</th><th>{t("users.compartments")}</th><th>{t("users.status")}</th><th>{t("users.mfa")}</th><th><span className="visually-hidden">{t("common.edit")}</span></th></tr></thead>
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
                    <td><button type="button" className="secondary small" onClick={() => setEditing(x.id)} aria-label={t("users.editUser", { user: x.username })}>{t("common.edit")}</button></td>
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
