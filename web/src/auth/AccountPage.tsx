// The signed-in user's own account: their second factor (set it up, see how many recovery codes
// remain, replace them) and their password. Clearance, compartments and roles are not here: nobody
// changes their own.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, setCsrfToken } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import { ErrorText } from "../components/Status.tsx";
import { PageHead, Section } from "../components/ui.tsx";
import { EnrolFlow } from "./EnrolFlow.tsx";
import { RecoveryCodes } from "./RecoveryCodes.tsx";
import { useMe, useSession } from "./session.tsx";

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params] = useSearchParams();
  return (
    <>
      <PageHead title={t("account.title")} />
      {params.get("recovery") === "1" && me.recoveryCodesLeft !== null && (
        <div className="callout warn" role="status" data-testid="recovery-used">{t("account.recoveryUsed", { n: me.recoveryCodesLeft })}</div>
      )}
      <SecondFactor />
      <PasswordChange />
    </>
  );
}

function SecondFactor() {
  const { t } = useTranslation();
  const me = useMe();
  const { refresh } = useSession();
  const [enrolling, setEnrolling] = useState(false);
  const [code, setCode] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const regenerate = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await regenerate.run(() => api<{ recoveryCodes: string[] }>("/auth/mfa/recovery-codes", { body: { code } }));
    setCode("");
    if (res) setCodes(res.recoveryCodes);
  };
  const finished = () => { setCodes(null); setEnrolling(false); void refresh(); };
  if (codes) return <Section title={t("account.secondFactor")}><RecoveryCodes codes={codes} username={me.username} onSaved={finished} /></Section>;
  if (!me.mfaEnabled) {
    return (
      <Section title={t("account.secondFactor")}>
        {enrolling ? <EnrolFlow username={me.username} onDone={finished} onCancel={() => setEnrolling(false)} cancelLabel={t("common.cancel")} /> : (
          <>
            <p>{t("account.noSecondFactor")}</p>
            <button type="button" onClick={() => setEnrolling(true)}>{t("account.enrol")}</button>
          </>
        )}
      </Section>
    );
  }
  return (
    <Section title={t("account.secondFactor")}>
      <p data-testid="recovery-left">{t("account.codesLeft", { n: me.recoveryCodesLeft ?? 0 })}</p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="hint">{t("account.regenerateWhy")}</p>
        <div className="field">
          <label htmlFor="regen-code">{t("auth.totp")}</label>
          <input id="regen-code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required dir="ltr"
            value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))} />
        </div>
        <ErrorText error={regenerate.error} />
        <div className="actions"><button type="submit" disabled={regenerate.busy}>{t("account.regenerate")}</button></div>
      </form>
    </Section>
  );
}

function PasswordChange() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [done, setDone] = useState(false);
  const change = useAction();
  const mismatch = again.length > 0 && again !== next;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setDone(false);
    const res = await change.run(() => api<{ csrfToken: string }>("/auth/password", { body: { currentPassword: current, newPassword: next } }));
    if (res) {
      setCsrfToken(res.csrfToken);
      setDone(true);
      setCurrent(""); setNext(""); setAgain("");
    }
  };
  return (
    <Section title={t("account.password")}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="pw-current">{t("account.currentPassword")}</label>
          <input id="pw-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pw-new">{t("account.newPassword")}</label>
          <input id="pw-new" type="password" autoComplete="new-password" minLength={12} maxLength={200} required value={next} onChange={(e) => setNext(e.target.value)} aria-describedby="pw-hint" />
          <p id="pw-hint" className="hint">{t("users.passwordHint")}</p>
        </div>
        <div className="field">
          <label htmlFor="pw-again">{t("account.repeatPassword")}</label>
          <input id="pw-again" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} aria-invalid={mismatch} aria-describedby={mismatch ? "pw-mismatch" : undefined} />
          {mismatch && <p id="pw-mismatch" className="field-error">{t("account.mismatch")}</p>}
        </div>
        <ErrorText error={change.error} />
        {done && <p className="success" role="status">{t("account.passwordChanged")}</p>}
        <div className="actions"><button type="submit" disabled={change.busy || mismatch}>{t("account.changePassword")}</button></div>
      </form>
    </Section>
  );
}
