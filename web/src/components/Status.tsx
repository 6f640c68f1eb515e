// Loading, failure and empty states, said the same way on every page.
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/client.ts";
import { allStrings } from "../i18n/index.ts";
import { codeText, issueText } from "./issues.ts";

/**
 * An API error in the reader's language: by its stable code, then each field issue by its rule
 * (never the API's field names). Forms with fields use ErrorSummary and field messages instead
 * (form.tsx); this is for a button's or a panel's error. A conflict without issues has only the
 * server's explanation to give.
 */
export function ErrorText({ error }: { error: ApiError | undefined }) {
  const { t } = useTranslation();
  // The rules' words are not among the first screen's strings: fetch them (the text re-renders).
  const issues = Boolean(error?.issues.length);
  useEffect(() => { if (issues) void allStrings(); }, [issues]);
  if (!error) return null;
  const known = t(`errors.${error.code}`, { defaultValue: "" });
  return (
    <div className="error" role="alert">
      {codeText(t, error)}
      {error.issues.length > 0 && <ul className="error-issues">{error.issues.map((i, n) => <li key={n} dir="auto">{issueText(t, i, undefined)}</li>)}</ul>}
      {!error.issues.length && (error.code === "conflict" || !known) && error.message && <span className="detail" dir="auto"> {error.message}</span>}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return <p className="muted" role="status" aria-busy="true" data-loading="">{t("common.loading")}</p>;
}

/** Renders the page once its data has come, or says why it has not. */
export function Loaded<T>({ state, children }: { state: { data: T | undefined; error: ApiError | undefined; loading: boolean }; children: (d: T) => ReactNode }) {
  const { t } = useTranslation();
  if (state.error) {
    if (state.error.status === 404) return <NotFound />;
    return <ErrorText error={state.error} />;
  }
  if (state.data === undefined) return state.loading ? <Loading /> : <p className="muted">{t("common.nothing")}</p>;
  return <>{children(state.data)}</>;
}

/** What an unreadable record looks like: exactly like one that does not exist (SPEC 3.2). */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="not-found" data-testid="not-found">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.text")}</p>
    </section>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return <p className="muted empty">{children ?? t("common.none")}</p>;
}
