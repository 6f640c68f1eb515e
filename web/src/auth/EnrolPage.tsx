// First sign-in of a security officer or administrator: a second factor must be enrolled
// before anything else. The secret is shown as text and as an otpauth:// address for the app.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, type ApiError } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import { ClassificationBanner } from "../markings/Banner.tsx";
import { ErrorText } from "../components/Status.tsx";
import { LanguagePicker } from "../layout/LanguagePicker.tsx";
import { useSession } from "./session.tsx";

export function EnrolPage() {
  const { t } = useTranslation();
  const { refresh, signOut } = useSession();
  const [secret, setSecret] = useState<{ secret: string; uri: string } | null>(null);
  const [startError, setStartError] = useState<ApiError | undefined>();
  const [code, setCode] = useState("");
  const confirm = useAction();

  // One enrolment per visit: each call makes a new secret and replaces the last.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api<{ secret: string; uri: string }>("/auth/mfa/enrol", { method: "POST" }).then(setSecret).catch((e: ApiError) => setStartError(e));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await confirm.run(() => api("/auth/mfa/confirm", { body: { code } }));
    if (ok !== undefined) await refresh();
    else setCode("");
  };

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
          <ErrorText error={startError} />
          {secret && (
            <ol className="steps">
              <li>
                <p>{t("enrol.step1")}</p>
                <p className="label">{t("enrol.secret")}</p>
                <code className="secret" data-testid="totp-secret" dir="ltr">{secret.secret}</code>
                <p className="label">{t("enrol.uri")}</p>
                <code className="uri" data-testid="totp-uri" dir="ltr">{secret.uri}</code>
              </li>
              <li>
                <form onSubmit={(e) => void submit(e)}>
                  <div className="field">
                    <label htmlFor="enrol-code">{t("enrol.step2")}</label>
                    <input id="enrol-code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required
                      value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))} />
                  </div>
                  <ErrorText error={confirm.error} />
                  <div className="actions">
                    <button type="submit" disabled={confirm.busy}>{t("enrol.confirm")}</button>
                    <button type="button" className="secondary" onClick={() => void signOut()}>{t("auth.signOut")}</button>
                  </div>
                </form>
              </li>
            </ol>
          )}
        </div>
      </main>
      <ClassificationBanner position="bottom" />
    </div>
  );
}
