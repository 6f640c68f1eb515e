import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
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
