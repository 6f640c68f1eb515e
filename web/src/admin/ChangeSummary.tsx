// What an account change grants, in words: the clearance it raises, the compartments and roles it
// adds, a password reset.
import { useTranslation } from "react-i18next";
import { rankOf } from "../markings/derive.ts";
import type { AccountChange } from "./types.ts";

export function ChangeSummary({ grants }: { grants: AccountChange["grants"] }) {
  const { t } = useTranslation();
  const level = (l: string) => t(`level.${rankOf(l)}`);
  return (
    <ul className="change-summary">
      {grants.clearance && <li>{t("changes.clearance", { from: level(grants.clearance.from), to: level(grants.clearance.to) })}</li>}
      {grants.compartments && <li>{t("changes.compartments", { list: grants.compartments.join(", ") })}</li>}
      {grants.roles && <li>{t("changes.roles", { list: grants.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(", ") })}</li>}
      {grants.password && <li>{t("changes.password")}</li>}
    </ul>
  );
}
