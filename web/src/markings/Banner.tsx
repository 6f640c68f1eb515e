// The classification banner, top and bottom of every page: the highest marking on screen,
// with the level in the viewer's own national terms as well.
import { useTranslation } from "react-i18next";
import { useSession } from "../auth/session.tsx";
import { banner, derivedOf, levelClass, nationalTerm } from "./derive.ts";
import { useShownMarkings } from "./registry.tsx";

export function ClassificationBanner({ position }: { position: "top" | "bottom" }) {
  const { t, i18n } = useTranslation();
  const { me, countries } = useSession();
  const shown = useShownMarkings();
  const country = me?.nationality ?? "IND";
  const derived = derivedOf(shown, country);
  const national = me ? nationalTerm(derived, country, countries, i18n.language) : null;
  return (
    <div className={`classification-banner banner-${position} ${levelClass(derived)}`} data-testid={`banner-${position}`}
      role="note" aria-label={t("marking.bannerLabel")}>
      <span className="banner-text" dir="ltr">{banner(derived)}</span>
      {national && <span className="banner-national">{t("marking.national", { country: t(`country.${country}`, { defaultValue: country }), term: national })}</span>}
    </div>
  );
}
