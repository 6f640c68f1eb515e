// Form fields and their errors, the GOV.UK way (design-system.service.gov.uk/components/error-message):
// a box at the top of the form says there is a problem and links to each field in error; each
// field says what is wrong beside itself, in the reader's language, worded by the rule it broke
// (the API's problem+json names `field` and `rule` for every issue), never by the API's field
// names. Every form that writes uses these:
//
//   const save = useAction();
//   const form = useForm(save.error, { title: { label: t("x.title"), value: title }, dateEnd: { label: …, type: "date", value: dateEnd } });
//   <form noValidate …><ErrorSummary form={form} /><TextField {...form.field("title")} label=… /> …</form>
import { useEffect, useId, useRef, type MouseEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/client.ts";
import { codeText, fieldOf, issueText, type FieldSpec } from "./issues.ts";

export type { FieldSpec };

export interface FieldState { id: string; error?: string }

export interface FormState {
  error: ApiError | undefined;
  /** One line per problem, linked to its field when the form has it. */
  summary: { text: string; href?: string }[];
  /** The id to give the field's control, and its error message if it has one. */
  field(name: string): FieldState;
}

export function useForm(error: ApiError | undefined, fields: Record<string, FieldSpec>): FormState {
  const { t } = useTranslation();
  const base = useId();
  const idOf = (name: string) => `${base}${name.replace(/[^A-Za-z0-9]/g, "-")}`;
  const names = Object.keys(fields);
  const byField = new Map<string, string>();
  const summary: FormState["summary"] = [];
  for (const issue of error?.issues ?? []) {
    const name = fieldOf(issue.field, names);
    const text = issueText(t, issue, name ? fields[name] : undefined);
    if (name && !byField.has(name)) byField.set(name, text);
    if (!summary.some((s) => s.text === text)) summary.push({ text, href: name ? `#${idOf(name)}` : undefined });
  }
  if (error && !summary.length) summary.push({ text: codeText(t, error) });
  return { error, summary, field: (name) => ({ id: idOf(name), error: byField.get(name) }) };
}

/** The box at the top of a form: "There is a problem", then each problem as a link to its field. */
export function ErrorSummary({ form }: { form: FormState }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // A new error moves the focus to the box, so it is read out and seen first.
  useEffect(() => {
    if (form.error) box.current?.focus();
  }, [form.error]);
  if (!form.error) return null;
  const goTo = (e: MouseEvent, href: string) => {
    const control = document.getElementById(href.slice(1));
    if (!control) return;
    e.preventDefault();
    control.scrollIntoView({ block: "center" });
    control.focus();
  };
  return (
    <div className="error-summary" ref={box} tabIndex={-1} role="alert" aria-labelledby={titleId} data-testid="error-summary">
      <h2 className="error-summary-title" id={titleId}>{t("form.problem")}</h2>
      <ul className="error-summary-list">
        {form.summary.map((s) => (
          <li key={s.text} dir="auto">
            {s.href ? <a href={s.href} onClick={(e) => goTo(e, s.href!)}>{s.text}</a> : s.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The message beside a field in error; "Error:" is said to screen readers before it. */
export function FieldError({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="error-message" id={`${id}-error`} dir="auto" data-testid="field-error">
      <span className="visually-hidden">{t("form.errorPrefix")} </span>{error}
    </p>
  );
}

/** The attributes that tie a control to its hint and error message. */
export function describedBy(id: string, hint: ReactNode | undefined, error: string | undefined) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { id, "aria-describedby": ids || undefined, "aria-invalid": error ? true : undefined };
}

/** A labelled field: label, hint, error message, then the control (GOV.UK's order). */
export function Field({ id, label, hint, error, className, children }: {
  id: string; label: ReactNode; hint?: ReactNode; error?: string; className?: string; children: ReactNode;
}) {
  return (
    <div className={`field${error ? " field-error" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      <FieldError id={id} error={error} />
      {children}
    </div>
  );
}
