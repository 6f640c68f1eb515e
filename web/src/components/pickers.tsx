// Text fields, and selects over records the reader may read (the lists come from the API, already
// filtered). Each takes the `id` and `error` a form gives it (form.tsx, `form.field(name)`).
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../api/hooks.ts";
import type { Organisation, Page, Person } from "../api/types.ts";
import { describedBy, Field } from "./form.tsx";
import { useNames } from "./ui.tsx";

interface SelectProps {
  label: string; value: string; onChange(v: string): void; required?: boolean; emptyLabel?: string; testId?: string;
  id?: string; error?: string; hint?: string;
}

export function PersonSelect({ country, ...p }: SelectProps & { country?: string | null }) {
  const state = useApi<Page<Person>>(`/people?limit=200${country ? `&country=${country}` : ""}`);
  const options = (state.data?.items ?? []).map((x) => ({ value: x.id, label: x.currentTitle ? `${x.name} — ${x.currentTitle}` : x.name, country: x.country }));
  return <Select {...p} options={options} />;
}

export function OrganisationSelect({ country, ...p }: SelectProps & { country?: string | null }) {
  const state = useApi<Page<Organisation>>(`/organisations?limit=200${country ? `&country=${country}` : ""}`);
  const options = (state.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }));
  return <Select {...p} options={options} />;
}

export function CountrySelect(p: SelectProps) {
  const names = useNames();
  return <Select {...p} options={names.countries.map((c) => ({ value: c.code, label: names.country(c.code) }))} />;
}

export function Select({ label, value, onChange, options, required, emptyLabel, testId, id: given, error, hint }: SelectProps & { options: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const own = useId();
  const id = given ?? own;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select {...describedBy(id, hint, error)} value={value} onChange={(e) => onChange(e.target.value)} required={required} data-testid={testId}>
        <option value="">{emptyLabel ?? t("common.choose")}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
}

export function TextField({ label, value, onChange, type = "text", required, hint, multiline, testId, id: given, error }: {
  label: string; value: string; onChange(v: string): void; type?: string; required?: boolean; hint?: string; multiline?: boolean; testId?: string;
  id?: string; error?: string;
}) {
  const own = useId();
  const id = given ?? own;
  const control = { ...describedBy(id, hint, error), value, required, dir: "auto", "data-testid": testId };
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {multiline
        ? <textarea {...control} onChange={(e) => onChange(e.target.value)} rows={6} />
        : <input {...control} type={type} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}
