// First sign-in of a security officer or administrator: a second factor must be enrolled before
// anything else (see EnrolFlow: QR code, confirmation, recovery codes).
import { useTranslation } from "react-i18next";
import { ClassificationBanner } from "../markings/Banner.tsx";
import { LanguagePicker } from "../layout/LanguagePicker.tsx";
import { EnrolFlow } from "./EnrolFlow.tsx";
import { useSession } from "./session.tsx";

export function EnrolPage() {
  const { t } = useTranslation();
  const { me, refresh, signOut } = useSession();
  return (
    <div className="app signed-out">
      <ClassificationBanner position="top" />
      <main id="main" className="signin">
        <div className="signin-card wide">
          <div className="signin-head">
            <h1>{t("enrol.title")}</h1>
            <LanguagePicker />
          </div>
          <p>{t("enrol.why")}</p>
          <EnrolFlow username={me?.username ?? ""} onDone={() => void refresh()} onCancel={() => void signOut()} cancelLabel={t("auth.signOut")} />
        </div>
      </main>
      <ClassificationBanner position="bottom" />
    </div>
  );
}
