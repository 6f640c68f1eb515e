import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useMe, useSession } from "../auth/session.tsx";
import { rankOf } from "../markings/derive.ts";
import { LanguagePicker } from "./LanguagePicker.tsx";

export function Header() {
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
      <form role="search" className="search-box" onSubmit={search}>
        <label htmlFor="global-search" className="visually-hidden">{t("search.label")}</label>
        <input id="global-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("search.placeholder")} />
        <button type="submit">{t("search.go")}</button>
      </form>
      <LanguagePicker />
      <div className="account">
        <Link to="/account" className="who" title={t("account.title")}>
          {me.username} · {t(`country.${me.nationality}`, { defaultValue: me.nationality })} · {t(`level.${rankOf(me.clearance)}`)}
        </Link>
        <button type="button" className="secondary" onClick={() => void signOut().then(() => navigate("/"))}>{t("auth.signOut")}</button>
      </div>
    </header>
  );
}
