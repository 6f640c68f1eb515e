import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { WorkCount } from "../api/types.ts";
import { onWorkChanged } from "../mywork/badge.ts";
import { useMe, useSession } from "../auth/session.tsx";
import { rankOf } from "../markings/derive.ts";
import { LanguagePicker } from "./LanguagePicker.tsx";

/**
 * Brand, who is signed in, and the tools. The reader's clearance is never cut off: a long user
 * name gives way first. On a phone the search, language and sign-out join the navigation behind
 * the menu button (styles.css, `.menu-open`).
 */
export function Header({ menuId, menuOpen, onMenu }: { menuId: string; menuOpen: boolean; onMenu(): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [q, setQ] = useState(params.get("q") ?? "");
  // The badge: what waits for this reader, fetched again on each page and when a page changes it.
  const { pathname } = useLocation();
  const work = useApi<WorkCount>("/my-work/count");
  const { reload } = work;
  useEffect(() => onWorkChanged(reload), [reload]);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    reload();
  }, [pathname, reload]);
  const count = work.data?.count ?? 0;
  const unread = work.data?.unread ?? 0;
  const search = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim()) void navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <header className="header">
      <Link to="/" className="brand">{t("app.name")}</Link>
      <p className="who" data-testid="who">
        <Link to="/account" className="who-name" title={t("account.title")} dir="auto">{me.username}</Link>
        {" · "}
        <span className="who-clearance" data-testid="who-clearance">{t(`country.${me.nationality}`, { defaultValue: me.nationality })} · {t(`level.${rankOf(me.clearance)}`)}</span>
      </p>
      <button type="button" className="menu-button secondary" aria-expanded={menuOpen} aria-controls={`${menuId} ${menuId}-tools`} onClick={onMenu} data-testid="menu-button">
        <span aria-hidden="true" className="menu-icon" />
        {t("nav.menu")}
      </button>
      <div className="header-badges">
        <Link to="/" className="work-badge" data-testid="work-badge" aria-label={t("mywork.badge", { count })}>
          <span className="badge-label" aria-hidden="true">{t("nav.mywork")}</span> <span className="badge-count" aria-hidden="true">{count}</span>
        </Link>
        {unread > 0 && (
          <Link to="/notifications" className="work-badge" data-testid="unread-badge" aria-label={t("notifications.unreadBadge", { count: unread })}>
            <span className="badge-label" aria-hidden="true">{t("nav.notifications")}</span> <span className="badge-count" aria-hidden="true">{unread}</span>
          </Link>
        )}
      </div>
      <div className="header-tools" id={`${menuId}-tools`}>
        <form role="search" className="search-box" onSubmit={search}>
          <label htmlFor="global-search" className="visually-hidden">{t("search.label")}</label>
          <input id="global-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("search.placeholder")} />
          <button type="submit">{t("search.go")}</button>
        </form>
        <LanguagePicker />
        <button type="button" className="secondary sign-out" onClick={() => void signOut().then(() => navigate("/"))}>{t("auth.signOut")}</button>
      </div>
    </header>
  );
}
