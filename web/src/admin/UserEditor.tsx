import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import type { Compartment } from "../api/types.ts";
import { Select, TextField } from "../components/pickers.tsx";
import { ErrorText } from "../components/Status.tsx";
import { LEVELS, rankOf } from "../markings/derive.ts";
import { ROLES, STATUSES } from "./roles.ts";
import type { AccountChange, AdminUser } from "./types.ts";

export function Checkboxes({ legend, options, value, onChange }: { legend: string; options: { value: string; label: string }[]; value: string[]; onChange(v: string[]): void }) {
  return (
    <fieldset className="inline-choices">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="checkbox" checked={value.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((x) => x !== o.value))} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Changes another account. Only what changed is sent: taking access away applies at once, granting
 * it goes to a security officer with the reason given here.
 */
export function UserEditor({ user, compartments, onDone }: { user: AdminUser; compartments: Compartment[]; onDone(changed: AdminUser | null): void }) {
  const { t } = useTranslation();
  const [clearance, setClearance] = useState<string>(user.clearance);
  const [roles, setRoles] = useState(user.roles);
  const [comps, setComps] = useState(user.compartments);
  const [status, setStatus] = useState<string>(user.status);
  const [reason, setReason] = useState("");
  const save = useAction();
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      ...(clearance !== user.clearance ? { clearance } : {}),
      ...(!same(roles, user.roles) ? { roles } : {}),
      ...(!same(comps, user.compartments) ? { compartments: comps } : {}),
      ...(status !== user.status ? { status } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    };
    const res = await save.run(() => api<AdminUser>(`/users/${user.id}`, { method: "PATCH", body }));
    if (res) onDone(res);
  };
  return (
    <>
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="user-editor">
        <p className="hint">{t("users.editHint")}</p>
        <div className="grid-2">
          <Select label={t("users.clearance")} value={clearance} onChange={setClearance} required options={LEVELS.map((l) => ({ value: l, label: t(`level.${rankOf(l)}`) }))} />
          <Select label={t("users.status")} value={status} onChange={setStatus} required options={STATUSES.map((s) => ({ value: s, label: t(`userStatus.${s}`) }))} />
        </div>
        <Checkboxes legend={t("users.roles")} value={roles} onChange={setRoles} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <Checkboxes legend={t("users.compartments")} value={comps} onChange={setComps} options={compartments.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }))} />
        <TextField label={t("users.reason")} value={reason} onChange={setReason} hint={t("users.reasonHint")} />
        <ErrorText error={save.error} />
        <div className="actions">
          <button type="submit" disabled={save.busy}>{t("common.save")}</button>
          <button type="button" className="secondary" onClick={() => onDone(null)}>{t("common.cancel")}</button>
        </div>
      </form>
      <PasswordReset user={user} onDone={onDone} />
    </>
  );
}

/** Sets another account's password: at once for an account without access; otherwise it waits for a security officer. */
function PasswordReset({ user, onDone }: { user: AdminUser; onDone(changed: AdminUser | null): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const [reason, setReason] = useState("");
  const [applied, setApplied] = useState(false);
  const reset = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setApplied(false);
    // 202 with the change that waits, or 204 (no body) when applied at once.
    const res = await reset.run(async () => (await api<{ pendingChange: AccountChange } | undefined>(`/users/${user.id}/password`, { body: { password, ...(reason.trim() ? { reason: reason.trim() } : {}) } })) ?? "applied" as const);
    if (!res) return;
    setPassword("");
    if (res === "applied") {
      setApplied(true);
      return;
    }
    onDone({ ...user, pendingChange: res.pendingChange });
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="password-reset">
      <h3>{t("users.resetPassword")}</h3>
      <p className="hint">{t("users.resetHint")}</p>
      <TextField label={t("users.newPassword")} type="password" value={password} onChange={setPassword} required hint={t("users.passwordHint")} />
      <TextField label={t("users.reason")} value={reason} onChange={setReason} />
      <ErrorText error={reset.error} />
      {applied && <p className="success" role="status">{t("users.passwordReset")}</p>}
      <div className="actions"><button type="submit" disabled={reset.busy}>{t("users.resetPassword")}</button></div>
    </form>
  );
}
