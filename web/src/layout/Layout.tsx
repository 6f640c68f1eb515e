// The frame of every signed-in page: banners top and bottom, the header with search, language
// and account, the navigation, and the page itself. On a phone the navigation, search and
// language fold behind a menu button, so the page starts near the top of the screen.
import { Suspense, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation } from "react-router";
import { ChunkBoundary } from "../components/ChunkBoundary.tsx";
import { Loading } from "../components/Status.tsx";
import { ClassificationBanner } from "../markings/Banner.tsx";
import { Header } from "./Header.tsx";
import { Nav } from "./Nav.tsx";

export function Layout() {
  const { t } = useTranslation();
  const main = useRef<HTMLElement>(null);
  const { pathname, search } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  // After navigating, keyboard and screen-reader users start at the new page's content, and the
  // phone menu closes.
  const first = useRef(true);
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) { first.current = false; return; }
    main.current?.focus({ preventScroll: false });
  }, [pathname, search]);
  return (
    <div className={`app${menuOpen ? " menu-open" : ""}`}>
      <a className="skip-link" href="#main">{t("nav.skip")}</a>
      <ClassificationBanner position="top" />
      <Header menuId={menuId} menuOpen={menuOpen} onMenu={() => setMenuOpen((o) => !o)} />
      <div className="body">
        <Nav id={menuId} />
        <main id="main" ref={main} tabIndex={-1}>
          <ChunkBoundary key={pathname}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </ChunkBoundary>
        </main>
      </div>
      <ClassificationBanner position="bottom" />
    </div>
  );
}
