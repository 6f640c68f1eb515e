// The frame of every signed-in page: banners top and bottom, the header with search, language
// and account, the navigation, and the page itself.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation } from "react-router";
import { ClassificationBanner } from "../markings/Banner.tsx";
import { Header } from "./Header.tsx";
import { Nav } from "./Nav.tsx";

export function Layout() {
  const { t } = useTranslation();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // After navigating, keyboard and screen-reader users start at the new page's content.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    main.current?.focus({ preventScroll: false });
  }, [pathname]);
  return (
    <div className="app">
      <a className="skip-link" href="#main">{t("nav.skip")}</a>
      <ClassificationBanner position="top" />
      <Header />
      <div className="body">
        <Nav />
        <main id="main" ref={main} tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <ClassificationBanner position="bottom" />
    </div>
  );
}
