// Enrolling an authenticator: the secret as a QR code to scan (and as text to type), a current
// code to prove it works, then the ten recovery codes, shown once.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, type ApiError } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import { ErrorText } from "../components/Status.tsx";
import { RecoveryCodes } from "./RecoveryCodes.tsx";

interface Enrolment { secret: string; uri: string; qrSvg: string }

export function EnrolFlow({ username, onDone, onCancel, cancelLabel }: { username: string; onDone(): void; onCancel(): void; cancelLabel: string }) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [startError, setStartError] = useState<ApiError | undefined>();
  const [code, setCode] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const confirm = useAction();

  // One enrolment per visit: each call makes a new secret and replaces the last.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api<Enrolment>("/auth/mfa/enrol", { method: "POST" }).then(setEnrolment).catch((e: ApiError) => setStartError(e));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await confirm.run(() => api<{ recoveryCodes: string[] }>("/auth/mfa/confirm", { body: { code } }));
    if (res) setCodes(res.recoveryCodes);
    else setCode("");
  };

  if (codes) return <RecoveryCodes codes={codes} username={username} onSaved={onDone} />;
  return (
    <>
      <ErrorText error={startError} />
      {enrolment && (
        <ol className="steps">
          <li>
            <p>{t("enrol.step1")}</p>
            <div className="enrol-secret">
              <img className="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`} alt={t("enrol.qrAlt")} width={200} height={200} data-testid="totp-qr" />
              <div>
                <p className="label">{t("enrol.secret")}</p>
                <code className="secret" data-testid="totp-secret" dir="ltr">{enrolment.secret}</code>
                <p className="label">{t("enrol.uri")}</p>
                <code className="uri" data-testid="totp-uri" dir="ltr">{enrolment.uri}</code>
              </div>
            </div>
          </li>
          <li>
            <form onSubmit={(e) => void submit(e)}>
              <div className="field">
                <label htmlFor="enrol-code">{t("enrol.step2")}</label>
                <input id="enrol-code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required dir="ltr"
                  value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))} />
              </div>
              <ErrorText error={confirm.error} />
              <div className="actions">
                <button type="submit" disabled={confirm.busy}>{t("enrol.confirm")}</button>
                <button type="button" className="secondary" onClick={onCancel}>{cancelLabel}</button>
              </div>
            </form>
          </li>
        </ol>
      )}
    </>
  );
}
