// Saving a part of a meeting (agenda, attendance, outcomes). Once the minutes are agreed those
// parts are frozen: saving then opens a new version of the minutes that needs the co-chairs'
// agreement again, so the button asks first, and says so.
import { useTranslation } from "react-i18next";
import type { Meeting } from "../api/types.ts";
import { ConfirmButton } from "../components/ConfirmButton.tsx";

/** The query a save sends: reopening the agreed minutes only when the reader confirmed it. */
export const reopenQuery = (reopen: boolean) => (reopen ? "?reopenMinutes=true" : "");

export function FrozenSave({ m, label, busy, testId, onSave }: { m: Meeting; label: string; busy: boolean; testId: string; onSave(reopen: boolean): void }) {
  const { t } = useTranslation();
  if (m.status !== "minutes_agreed") return <button type="button" onClick={() => onSave(false)} disabled={busy} data-testid={testId}>{label}</button>;
  return (
    <ConfirmButton label={label} testId={testId} disabled={busy} yes={t("minutes.yesReopen")}
      question={t("minutes.confirmReopen", { version: (m.minutes.latestVersion ?? 0) + 1 })} onConfirm={() => onSave(true)} />
  );
}
