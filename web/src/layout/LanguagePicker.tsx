import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../auth/session.tsx";
import { chooseSignedOut, currentLanguage, isLanguage, LANGUAGES } from "../i18n/index.ts";

/**
 * Each language is named in itself, so a reader finds their own whatever is shown now, and the
 * others also in the language shown (a system without a Devanagari font, on an English page,
 * draws "हिन्दी" as boxes: see styles.css).
 */
export function LanguagePicker() {
  const { t } = useTranslation();
  const { me, setLanguage } = useSession();
  const id = useId();
  return (
    <div className="language">
      <label htmlFor={id}>{t("language.label")}</label>
      <select id={id} value={currentLanguage()} data-testid="language"
        onChange={(e) => { if (isLanguage(e.target.value)) void (me ? setLanguage(e.target.value) : chooseSignedOut(e.target.value)); }}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>{l === currentLanguage() ? t(`language.${l}`) : t("language.option", { self: t(`language.${l}`), name: t(`languageName.${l}`) })}</option>
        ))}
      </select>
    </div>
  );
}
