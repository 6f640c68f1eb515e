import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import type { Compartment } from "../api/types.ts";
import { CountrySelect, Select, TextField } from "../components/pickers.tsx";
import { ErrorText } from "../components/Status.tsx";
import { LEVELS, rankOf } from "../markings/derive.ts";
import { LANGUAGES } from "../i18n/index.ts";
import { ROLES } from "./roles.ts";
import { Checkboxes } from "./UserEditor.tsx";
import type { AdminUser } from "./types.ts";

/** A new account starts with no access: the clearance, compartments and oversight roles asked for wait for a security officer. */
export function NewUserForm({ compartments, onDone }: { compartments: Compartment[]; onDone(created: AdminUser | null): void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [nationality, setNationality] = useState("");
  const [clearance, setClearance] = useState<string>("UNCLASSIFIED");
  const [roles, setRoles] = useState<string[]>(["member"]);
  const [comps, setComps] = useState<string[]>([]);
  const [locale, setLocale] = useState("en");
  const [reason, setReason] = useState("");
  const save = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await save.run(() => api<AdminUser>("/users", { body: { username, displayName, password, nationality, clearance, roles, compartments: comps, locale, ...(reason.trim() ? { reason: reason.trim() } : {}) } }));
    if (res) onDone(res);
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <p className="hint">{t("users.newHint")}</p>
      <div className="grid-2">
        <TextField label={t("users.username")} value={username} onChange={setUsername} required hint={t("users.usernameHint")} />
        <TextField label={t("users.name")} value={displayName} onChange={setDisplayName} required />
        <TextField label={t("users.password")} type="password" value={password} onChange={setPassword} required hint={t("users.passwordHint")} />
        <CountrySelect label={t("users.nationality")} value={nationality} onChange={setNationality} required />
        <Select label={t("users.clearance")} value={clearance} onChange={setClearance} required options={LEVELS.map((l) => ({ value: l, label: t(`level.${rankOf(l)}`) }))} />
        <Select label={t("language.label")} value={locale} onChange={setLocale} required options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))} />
      </div>
      <Checkboxes legend={t("users.roles")} value={roles} onChange={setRoles} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      <Checkboxes legend={t("users.compartments")} value={comps} onChange={setComps} options={compartments.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }))} />
      <TextField label={t("users.reason")} value={reason} onChange={setReason} hint={t("users.reasonHint")} />
      <ErrorText error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.busy}>{t("users.create")}</button>
        <button type="button" className="secondary" onClick={() => onDone(null)}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
