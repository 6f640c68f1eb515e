// Selects over records the reader may read (the lists come from the API, already filtered).
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../api/hooks.ts";
import type { Organisation, Page, Person } from "../api/types.ts";
import { useNames } from "./ui.tsx";

interface SelectProps { label: string; value: string; onChange(v: string): void; required?: boolean; emptyLabel?: string; testId?: string }

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

export function Select({ label, value, onChange, options, required, emptyLabel, testId }: SelectProps & { options: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} required={required} data-testid={testId}>
        <option value="">{emptyLabel ?? t("common.choose")}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

export function TextField({ label, value, onChange, type = "text", required, hint, multiline, testId }: {
  label: string; value: string; onChange(v: string): void; type?: string; required?: boolean; hint?: string; multiline?: boolean; testId?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline
        ? <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} required={required} rows={6} dir="auto" data-testid={testId} aria-describedby={hint ? `${id}-hint` : undefined} />
        : <input id={id} type={type} value={value} onChange={(e) => onChange(e.target.value)} required={required} dir="auto" data-testid={testId} aria-describedby={hint ? `${id}-hint` : undefined} />}
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
    </div>
  );
}
