// A button for an irreversible step (approve minutes, decide a release, mark a meeting held): it
// opens a modal dialog that says what will happen, and only "Yes" does it. Escape or "Cancel"
// closes it. The browser's own <dialog> keeps the focus inside while it is open.
import { useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function ConfirmButton({ label, question, yes, onConfirm, disabled, danger, testId }: {
  label: ReactNode;
  question: ReactNode;
  /** The confirming button's words ("Yes, approve"). */
  yes: string;
  onConfirm(): void | Promise<void>;
  disabled?: boolean;
  danger?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const close = () => dialog.current?.close();
  return (
    <>
      <button type="button" className={danger ? "danger" : undefined} disabled={disabled} onClick={() => dialog.current?.showModal()} data-testid={testId}>{label}</button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={testId ? `${testId}-q` : undefined}>
        <p id={testId ? `${testId}-q` : undefined} className="confirm-question">{question}</p>
        <div className="actions">
          <button type="button" className={danger ? "danger" : undefined} onClick={() => { close(); void onConfirm(); }}>{yes}</button>
          <button type="button" className="secondary" onClick={close}>{t("common.cancel")}</button>
        </div>
      </dialog>
    </>
  );
}
