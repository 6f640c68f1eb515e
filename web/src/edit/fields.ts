// The fields of a record form (RecordForm.tsx) and the small conversions between a form's
// values (strings, lists of strings, rows) and the API's bodies.
export interface Opt { value: string; label: string }
export type Row = Record<string, unknown>;
export type Values = Record<string, unknown>;

interface Base { name: string; label: string; required?: boolean; hint?: string; testId?: string }
export type FieldDef =
  | (Base & { type: "text" | "textarea" | "date" | "number" })
  | (Base & { type: "select"; options: Opt[]; empty?: string })
  | (Base & { type: "country" | "meeting" })
  | (Base & { type: "organisation" | "person"; countryFrom?: string })
  | (Base & { type: "multi"; options: Opt[] })
  | (Base & { type: "list"; item: FieldDef[]; blank: Row; add: string; itemLabel: string });

/** A text value as the API wants it: trimmed, and null when empty. */
export const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);

/** A number typed in a field: null when empty; what is not a number is sent as typed, for the API to refuse by its own rule. */
export const num = (v: unknown): number | string | null => {
  const s = typeof v === "string" ? v.trim() : v === null || v === undefined ? "" : String(v);
  if (!s) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
};

export const str = (v: string | number | null | undefined): string => (v === null || v === undefined ? "" : String(v));
export const list = (v: unknown): Row[] => (Array.isArray(v) ? (v as Row[]) : []);
export const strings = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
