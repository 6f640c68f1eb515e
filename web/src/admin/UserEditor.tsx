import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import type { Compartment, User } from "../api/types.ts";
import { Select } from "../components/pickers.tsx";
import { ErrorText } from "../components/Status.tsx";
import { LEVELS, rankOf } from "../markings/derive.ts";
import { ROLES, STATUSES } from "./roles.ts";

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

export function UserEditor({ user, compartments, onDone }: { user: User; compartments: Compartment[]; onDone(changed: boolean): void }) {
  const { t } = useTranslation();
  const [clearance, setClearance] = useState<string>(user.clearance);
  const [roles, setRoles] = useState(user.roles);
  const [comps, setComps] = useState(user.compartments);
  const [status, setStatus] = useState<string>(user.status);
  const save = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { clearance, roles, compartments: comps, status };
    const res = await save.run(() => api(`/users/${user.id}`, { method: "PATCH", body }));
    if (res) onDone(true);
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="user-editor">
      <div className="grid-2">
        <Select label={t("users.clearance")} value={clearance} onChange={setClearance} required options={LEVELS.map((l) => ({ value: l, label: t(`level.${rankOf(l)}`) }))} />
        <Select label={t("users.status")} value={status} onChange={setStatus} required options={STATUSES.map((s) => ({ value: s, label: t(`userStatus.${s}`) }))} />
      </div>
      <Checkboxes legend={t("users.roles")} value={roles} onChange={setRoles} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      <Checkboxes legend={t("users.compartments")} value={comps} onChange={setComps} options={compartments.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }))} />
      <ErrorText error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.busy}>{t("common.save")}</button>
        <button type="button" className="secondary" onClick={() => onDone(false)}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
