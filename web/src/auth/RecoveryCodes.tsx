// Ten recovery codes, shown once: listed, downloadable as a text file, and kept on screen until
// the user says they have saved them.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

export function RecoveryCodes({ codes, username, onSaved }: { codes: string[]; username: string; onSaved(): void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const heading = t("recovery.fileHeading", { user: username });
  const file = useMemo(() => URL.createObjectURL(new Blob([`${heading}\n\n${codes.join("\n")}\n`], { type: "text/plain;charset=utf-8" })), [heading, codes]);
  useEffect(() => () => URL.revokeObjectURL(file), [file]);
  return (
    <div className="recovery" data-testid="recovery-codes-panel">
      <h2>{t("recovery.title")}</h2>
      <p>{t("recovery.why")}</p>
      <ol className="recovery-codes" data-testid="recovery-codes" dir="ltr">
        {codes.map((c) => <li key={c}><code>{c}</code></li>)}
      </ol>
      <p className="hint">{t("recovery.once")}</p>
      <p><a className="button secondary" href={file} download={`accord-recovery-codes-${username}.txt`}>{t("recovery.download")}</a></p>
      <label className="check">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        {t("recovery.saved")}
      </label>
      <div className="actions">
        <button type="button" disabled={!saved} onClick={onSaved}>{t("recovery.continue")}</button>
      </div>
    </div>
  );
}
