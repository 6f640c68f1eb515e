import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { hasRole, useMe } from "../auth/session.tsx";

export function Nav({ id }: { id?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const items: [string, string, boolean][] = [
    ["/", "nav.overview", true],
    ["/forums", "nav.forums", true],
    ["/actions", "nav.actions", true],
    ["/programmes", "nav.programmes", true],
    ["/agreements", "nav.agreements", true],
    ["/engagements", "nav.engagements", true],
    ["/organisations", "nav.organisations", true],
    ["/people", "nav.people", true],
    ["/documents", "nav.documents", true],
    ["/security/releases", "nav.releases", hasRole(me, "security_officer")],
    ["/security/access", "nav.access", hasRole(me, "security_officer")],
    ["/audit", "nav.audit", hasRole(me, "auditor")],
    ["/admin/users", "nav.users", hasRole(me, "admin")],
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
