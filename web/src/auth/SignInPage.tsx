// Sign-in: user name, password and, for accounts with a second factor, the authenticator code (or
// a recovery code) all on one form. The server answers every failure alike, so the page cannot
// tell which part was wrong and does not pretend to: it says what to check. Throttling says when
// to try again.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { ApiError } from "../api/client.ts";
import { ClassificationBanner } from "../markings/Banner.tsx";
import { LanguagePicker } from "../layout/LanguagePicker.tsx";
import { INTL_LOCALE, isLanguage } from "../i18n/index.ts";
import { useSession } from "./session.tsx";

/** "in 40 seconds", "in 15 minutes", in the reader's language. */
function useWait() {
  const { i18n } = useTranslation();
  const rtf = new Intl.RelativeTimeFormat(INTL_LOCALE[isLanguage(i18n.language) ? i18n.language : "en"], { numeric: "always" });
  return (seconds: number) => (seconds < 90 ? rtf.format(seconds, "second") : rtf.format(Math.ceil(seconds / 60), "minute"));
}

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const wait = useWait();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);
  const [problem, setProblem] = useState<{ code: string; retryAfter: number | null } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    const here = location.pathname + location.search;
    const factor = code.trim() ? (useRecovery ? { recoveryCode: code.trim() } : { totp: code.trim() }) : undefined;
    // Signed in with a recovery code: land on the account page, which says how many remain.
    if (useRecovery) void navigate("/account?recovery=1", { replace: true });
    try {
      await signIn(username, password, factor);
    } catch (err) {
      if (useRecovery) void navigate(here, { replace: true });
      setProblem(err instanceof ApiError ? { code: err.code, retryAfter: err.retryAfterSeconds } : { code: "network", retryAfter: null });
      setCode("");
    } finally {
      setBusy(false);
    }
  };

  const switchFactor = () => {
    setUseRecovery(!useRecovery);
    setCode("");
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
              <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="password">{t("auth.password")}</label>
              <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
            {useRecovery ? (
              <div className="field">
                <label htmlFor="recovery-code">{t("auth.recoveryCode")}</label>
                <input id="recovery-code" name="recoveryCode" autoComplete="off" spellCheck={false} maxLength={24} required dir="ltr"
                  value={code} onChange={(e) => setCode(e.target.value)} aria-describedby="code-hint" />
                <p id="code-hint" className="hint">{t("auth.recoveryCodeHint")}</p>
              </div>
            ) : (
              <div className="field">
                <label htmlFor="totp">{t("auth.totpOptional")}</label>
                <input id="totp" name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} dir="ltr"
                  value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))} aria-describedby="code-hint" />
                <p id="code-hint" className="hint">{t("auth.totpOptionalHint")}</p>
              </div>
            )}
            <p><button type="button" className="link" onClick={switchFactor}>{useRecovery ? t("auth.useAuthenticator") : t("auth.useRecoveryCode")}</button></p>
            {problem && (
              <div id="signin-problem" className="error" role="alert" data-testid="signin-error">
                {problem.code === "rate_limited"
                  ? t("auth.problem.rate_limited", { when: wait(problem.retryAfter ?? 60) })
                  : t(`auth.problem.${problem.code}`, { defaultValue: t("auth.problem.generic") })}
              </div>
            )}
            <div className="actions">
              <button type="submit" disabled={busy}>{t("auth.signIn")}</button>
            </div>
          </form>
        </div>
      </main>
      <ClassificationBanner position="bottom" />
    </div>
  );
}
