// Sign-in: user name and password, then the authenticator code when the account has one.
// Lock-out and throttling are told plainly, with what to do about them.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client.ts";
import { ClassificationBanner } from "../markings/Banner.tsx";
import { LanguagePicker } from "../layout/LanguagePicker.tsx";
import { useSession } from "./session.tsx";

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [needCode, setNeedCode] = useState(false);
  const [problem, setProblem] = useState<{ code: string; locked: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signIn(username, password, needCode ? totp : undefined);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : "network";
      if (code === "mfa_required") {
        setNeedCode(true);
        if (needCode) setProblem({ code: "mfa_required", locked: false });
      } else {
        setProblem({ code: code === "unauthenticated" && needCode ? "bad_code" : code, locked: code === "account_locked" });
      }
      setTotp("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="app signed-out">
      <ClassificationBanner position="top" />
      <main id="main" className="signin">
        <div className="signin-card">
          <div className="signin-head">
            <h1>{t("app.name")}</h1>
            <LanguagePicker />
          </div>
          <p className="muted">{t("app.tagline")}</p>
          <form onSubmit={(e) => void submit(e)} aria-describedby={problem ? "signin-problem" : undefined}>
            <div className="field">
              <label htmlFor="username">{t("auth.username")}</label>
              <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} disabled={needCode} />
            </div>
            <div className="field">
              <label htmlFor="password">{t("auth.password")}</label>
              <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} disabled={needCode} />
            </div>
            {needCode && (
              <div className="field">
                <label htmlFor="totp">{t("auth.totp")}</label>
                <input id="totp" name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required autoFocus
                  value={totp} onChange={(e) => setTotp(e.target.value.replace(/\D/g, ""))} aria-describedby="totp-hint" />
                <p id="totp-hint" className="hint">{t("auth.totpHint")}</p>
              </div>
            )}
            {problem && (
              <div id="signin-problem" className={problem.locked ? "error locked" : "error"} role="alert" data-testid="signin-error">
                {problem.locked && <strong>{t("auth.lockedTitle")} </strong>}
                {t(`auth.problem.${problem.code}`, { defaultValue: t("auth.problem.generic") })}
              </div>
            )}
            <div className="actions">
              <button type="submit" disabled={busy}>{needCode ? t("auth.verify") : t("auth.signIn")}</button>
              {needCode && <button type="button" className="secondary" onClick={() => { setNeedCode(false); setTotp(""); setProblem(null); }}>{t("common.back")}</button>}
            </div>
          </form>
        </div>
      </main>
      <ClassificationBanner position="bottom" />
    </div>
  );
}
