// An API problem in the reader's words: each field issue by the rule it broke (refined by the kind
// of input, and by the field for the rules the API calls "custom"), an error without issues by its
// code. Used by the form components (form.tsx) and by ErrorText (Status.tsx).
import type { TFunction } from "i18next";
import type { ApiError, FieldIssue } from "../api/client.ts";

/** What a form knows about one of its fields: how to name it, what kind of input it is, its value. */
export interface FieldSpec {
  label: string;
  type?: "text" | "date" | "number" | "choice" | "file" | "marking";
  value?: unknown;
}

/**
 * Text in another direction set inside a sentence (an English role or message in a Hebrew one),
 * isolated so the bidirectional algorithm does not reorder the words around it (U+2068…U+2069).
 */
export const isolate = (s: string) => `\u2068${s}\u2069`;

const isEmpty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/** The form's field an API field path belongs to: itself, or the nearest enclosing one ("coChairs.0.personId" → "coChairs"). */
export function fieldOf(path: string, names: readonly string[]): string | undefined {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join(".");
    if (names.includes(candidate)) return candidate;
  }
  return undefined;
}

/**
 * An issue in words: by its rule, refined by the kind of input (a date, a number) and by the
 * field for the rules the API calls "custom" (end before start, shares not adding up). A rule the
 * files do not know falls back to the API's own message, after the field's label.
 */
export function issueText(t: TFunction, issue: FieldIssue, spec: FieldSpec | undefined): string {
  // Without the form's own label, a field the API often names has a name in the files.
  const last = issue.field.split(".").filter((p) => !/^\d+$/.test(p)).pop() ?? "";
  const label = spec?.label ?? (t(`form.fields.${last}`, { defaultValue: "" }) || t("form.thisField"));
  const kind = spec?.type ?? (/^date|Date$|On$|^valid(From|To)$/.test(last) ? "date" : "text");
  let rule = issue.rule;
  if (spec && isEmpty(spec.value) && ["too_small", "invalid_type", "invalid_format", "invalid_value", "required"].includes(rule)) {
    rule = kind === "choice" || kind === "marking" ? "choose" : kind === "file" ? "file" : "required";
  }
  const keys = [...(rule === "custom" ? [`form.custom.${last}`] : []), `form.rule.${rule}_${kind}`, `form.rule.${rule}`];
  const text = t(keys, { label, defaultValue: "" });
  return text || t("form.rule.fallback", { label, message: isolate(issue.message) });
}

/** An error without field issues (forbidden, conflict, the network…) in words, by its code. */
export function codeText(t: TFunction, error: ApiError): string {
  const known = t(`errors.${error.code}`, { defaultValue: "" });
  return known || t("errors.generic");
}

