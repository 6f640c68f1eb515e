import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { PlatformPolicies } from "../api/types.ts";

export function Nav({ id }: { id?: string }) {
  const { t } = useTranslation();
  // The role pages a user may open, as the server's policies say (GET /api/policies).
  const may = useApi<PlatformPolicies>("/policies").data;
  const items: [string, string, boolean][] = [
    ["/", "nav.mywork", true],
    ["/overview", "nav.overview", true],
    ["/forums", "nav.forums", true],
    ["/actions", "nav.actions", true],
    ["/programmes", "nav.programmes", true],
    ["/agreements", "nav.agreements", true],
    ["/engagements", "nav.engagements", true],
    ["/organisations", "nav.organisations", true],
    ["/people", "nav.people", true],
    ["/documents", "nav.documents", true],
    ["/received", "nav.received", may?.received ?? false],
    ["/drafts", "nav.drafts", may?.create.draft ?? false],
    ["/notifications", "nav.notifications", true],
    ["/security/releases", "nav.releases", may?.releases ?? false],
    ["/security/access", "nav.access", may?.access ?? false],
    ["/security/federation", "nav.federation", may?.federation ?? false],
    ["/audit", "nav.audit", may?.audit ?? false],
    ["/admin/users", "nav.users", may?.users ?? false],
    ["/admin/account-changes", "nav.accountChanges", may?.accountChanges ?? false],
  ];
  return (
    <nav className="nav" id={id} aria-label={t("nav.label")}>
      <ul>
        {items.filter(([, , show]) => show).map(([to, key]) => (
          <li key={to}><NavLink to={to} end={to === "/"}>{t(key)}</NavLink></li>
        ))}
      </ul>
    </nav>
  );
}
