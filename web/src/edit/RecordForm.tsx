// One form for creating and editing records of any kind, driven by the kind's field list
// (specs.ts): text, dates, numbers, choices, pickers over readable records, sets of options and
// lists of rows (a programme's partners, a person's titles). Errors come back from the API's
// own validation and show beside their field, row by row, in the reader's language (form.tsx).
// An edit sends the version it was made on, in the body and as If-Match: when someone else
// changed the record meanwhile, the form says so and shows the newer values.
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import { useApi } from "../api/hooks.ts";
import type { MarkingOutput, Meeting, Page } from "../api/types.ts";
import { ErrorSummary, FieldError, useForm, type FieldSpec, type FormState } from "../components/form.tsx";
import { CountrySelect, OrganisationSelect, PersonSelect, Select, TextField } from "../components/pickers.tsx";
import { MarkingPicker, parentMarking, type MarkingParent, type MarkingValue } from "../markings/MarkingPicker.tsx";
import type { FieldDef, Row, Values } from "./fields.ts";
import { BODY_KEY } from "./specs.ts";

export interface Saved { id: string; version: number; marking: MarkingOutput }

export interface RecordFormProps<R extends Saved> {
  fields: FieldDef[];
  initial: Values;
  /** Lists holding references the reader may not read: shown, never sent, so nothing is lost. */
  locked?: string[];
  /** The record being edited; absent when creating. */
  record?: R;
  /** The values of a fresher copy of the record, for the conflict answer. */
  valuesOf?(r: R): Values;
  marking: MarkingValue | null;
  parent?: MarkingParent | null;
  /** `POST` to create, `PATCH` to edit. */
  path: string;
  toBody(v: Values): Record<string, unknown>;
  submitLabel: string;
  onSaved(r: R): void;
  onCancel?(): void;
}

const isConflict = (e: ApiError) => e.status === 409 || e.status === 412;

export function RecordForm<R extends Saved>(p: RecordFormProps<R>) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(p.initial);
  const [marking, setMarking] = useState<MarkingValue | null>(p.marking);
  const [version, setVersion] = useState(p.record?.version ?? 0);
  const [newer, setNewer] = useState<{ changed: string[] } | null>(null);
  const save = useAction();
  const specs: Record<string, FieldSpec> = {};
  for (const f of p.fields) {
    if (f.type === "list") {
      const rows = (values[f.name] as Row[] | undefined) ?? [];
      specs[f.name] = { label: f.label, type: "text", value: rows };
      rows.forEach((row, i) => f.item.forEach((sub) => {
        specs[`${f.name}.${i}.${sub.name}`] = { label: `${sub.label} (${f.itemLabel} ${i + 1})`, type: specType(sub), value: row[sub.name] };
      }));
    } else specs[f.name] = { label: f.label, type: specType(f), value: values[f.name] };
  }
  if (marking) specs.marking = { label: t("marking.picker"), type: "marking" };
  const form = useForm(save.error, specs);
  const set = (name: string, v: unknown) => setValues((x) => ({ ...x, [name]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = p.toBody(values);
    for (const name of p.locked ?? []) delete body[BODY_KEY[name] ?? name];
    const editing = p.record;
    const markingChanged = marking && (!editing || JSON.stringify(parentMarking(editing.marking, editing.marking.originator)) !== JSON.stringify(marking));
    if (marking && markingChanged) body.marking = marking;
    if (editing) body.version = version;
    let conflictSeen = false;
    const saved = await save.run(async () => {
      try {
        return await api<R>(p.path, editing
          ? { method: "PATCH", body, ifMatch: { id: editing.id, version } }
          : { method: "POST", body });
      } catch (err) {
        if (editing && err instanceof ApiError && isConflict(err)) {
          const fresh = await api<R>(p.path);
          if (fresh.version !== version) {
            conflictSeen = true;
            showNewer(fresh);
          }
        }
        throw err;
      }
    });
    if (saved) p.onSaved(saved);
    else if (conflictSeen) save.clear();
  };

  /** Someone else saved first: the form now holds their values, and says which differ from what was typed. */
  const showNewer = (fresh: R) => {
    const theirs = p.valuesOf!(fresh);
    const changed = p.fields.filter((f) => JSON.stringify(theirs[f.name]) !== JSON.stringify(values[f.name])).map((f) => f.label);
    setValues(theirs);
    setVersion(fresh.version);
    setMarking(parentMarking(fresh.marking, fresh.marking.originator));
    setNewer({ changed });
  };

  return (
    <form className="form record-form" onSubmit={(e) => void submit(e)} noValidate data-testid="record-form">
      {newer && (
        <div className="warning" role="alert" data-testid="edit-conflict">
          <strong>{t("edit.conflictTitle")}</strong> {t("edit.conflictText")}
          {newer.changed.length > 0 && <> {t("edit.conflictChanged", { fields: newer.changed.join(", ") })}</>}
        </div>
      )}
      <ErrorSummary form={form} />
      {p.fields.map((f) => (
        <FieldControl key={f.name} f={f} values={values} set={set} form={form} locked={p.locked?.includes(f.name) ?? false} />
      ))}
      {marking && <MarkingPicker {...form.field("marking")} value={marking} onChange={setMarking} parent={p.parent ?? null} />}
      <div className="actions">
        <button type="submit" disabled={save.busy} data-testid="record-save">{p.submitLabel}</button>
        {p.onCancel && <button type="button" className="secondary" onClick={p.onCancel}>{t("common.cancel")}</button>}
      </div>
    </form>
  );
}

function specType(f: FieldDef): FieldSpec["type"] {
  if (f.type === "date" || f.type === "number") return f.type;
  if (f.type === "text" || f.type === "textarea" || f.type === "list") return "text";
  return "choice";
}

function FieldControl({ f, values, set, form, locked }: { f: FieldDef; values: Values; set(name: string, v: unknown): void; form: FormState; locked: boolean }) {
  if (f.type === "list") return <ListControl f={f} rows={(values[f.name] as Row[] | undefined) ?? []} onChange={(rows) => set(f.name, rows)} form={form} locked={locked} />;
  if (locked) return <LockedField label={f.label} />;
  return <Control f={f} value={values[f.name]} onChange={(v) => set(f.name, v)} field={form.field(f.name)} country={f.type === "organisation" || f.type === "person" ? (f.countryFrom ? String(values[f.countryFrom] ?? "") : null) : null} />;
}

function Control({ f, value, onChange, field, country }: { f: FieldDef; value: unknown; onChange(v: unknown): void; field: { id: string; error?: string }; country: string | null }): ReactNode {
  const { t } = useTranslation();
  const str = typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
  const common = { ...field, label: f.label, required: f.required, hint: f.hint };
  switch (f.type) {
    case "text": case "date": case "number":
      return <TextField {...common} type={f.type === "number" ? "number" : f.type} value={str} onChange={onChange} testId={f.testId} />;
    case "textarea":
      return <TextField {...common} multiline value={str} onChange={onChange} testId={f.testId} />;
    case "select":
      return <Select {...common} value={str} onChange={onChange} options={f.options} emptyLabel={f.empty ?? (f.required ? undefined : t("common.noneOption"))} testId={f.testId} />;
    case "country":
      return <CountrySelect {...common} value={str} onChange={onChange} emptyLabel={f.required ? undefined : t("common.noneOption")} testId={f.testId} />;
    case "organisation":
      return <OrganisationSelect {...common} country={country || null} value={str} onChange={onChange} emptyLabel={f.required ? undefined : t("common.noneOption")} testId={f.testId} />;
    case "meeting":
      return <MeetingSelect {...common} value={str} onChange={onChange} emptyLabel={t("common.noneOption")} testId={f.testId} />;
    case "person":
      return <PersonSelect {...common} country={country || null} value={str} onChange={onChange} emptyLabel={f.required ? undefined : t("common.noneOption")} testId={f.testId} />;
    case "multi": {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset className={`inline-choices${field.error ? " field-error" : ""}`} id={field.id} tabIndex={-1}>
          <legend>{f.label}</legend>
          <FieldError id={field.id} error={field.error} />
          {f.options.map((o) => (
            <label key={o.value}>
              <input type="checkbox" checked={chosen.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))} />
              {o.label}
            </label>
          ))}
        </fieldset>
      );
    }
    case "list":
      return null;
  }
}

/** A field referring to a record the reader may not read: kept as it is, never sent. */
function LockedField({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <div className="field" data-testid="locked-field">
      <span className="label">{label}</span>
      <span className="withheld" title={t("common.withheldHint")}>{t("common.withheld")}</span>
      <p className="hint">{t("edit.lockedField")}</p>
    </div>
  );
}

function ListControl({ f, rows, onChange, form, locked }: { f: Extract<FieldDef, { type: "list" }>; rows: Row[]; onChange(rows: Row[]): void; form: FormState; locked: boolean }) {
  const { t } = useTranslation();
  const field = form.field(f.name);
  const setRow = (i: number, name: string, v: unknown) => onChange(rows.map((r, n) => (n === i ? { ...r, [name]: v } : r)));
  return (
    <fieldset className={`edit-rows${field.error ? " field-error" : ""}`} id={field.id} tabIndex={-1} data-testid={`list-${f.name}`}>
      <legend>{f.label}</legend>
      <FieldError id={field.id} error={field.error} />
      {locked && <p className="hint">{t("edit.lockedList")}</p>}
      {!locked && rows.map((row, i) => (
        <fieldset key={i} className="edit-row" data-testid={`row-${f.name}`}>
          <legend>{f.itemLabel} {i + 1}</legend>
          <div className="grid-3">
            {f.item.map((sub) => (
              <Control key={sub.name} f={sub} value={row[sub.name]} onChange={(v) => setRow(i, sub.name, v)} field={form.field(`${f.name}.${i}.${sub.name}`)}
                country={sub.type === "organisation" || sub.type === "person" ? (sub.countryFrom ? String(row[sub.countryFrom] ?? "") : null) : null} />
            ))}
          </div>
          <button type="button" className="secondary small" onClick={() => onChange(rows.filter((_, n) => n !== i))}>{t("edit.removeRow", { item: `${f.itemLabel} ${i + 1}` })}</button>
        </fieldset>
      ))}
      {!locked && <button type="button" className="secondary" onClick={() => onChange([...rows, { ...f.blank }])}>{f.add}</button>}
    </fieldset>
  );
}

/** Meetings the reader may read, newest first. */
function MeetingSelect(p: { label: string; value: string; onChange(v: string): void; required?: boolean; emptyLabel?: string; testId?: string; id?: string; error?: string; hint?: string }) {
  const state = useApi<Page<Meeting>>("/meetings?limit=200");
  return <Select {...p} options={(state.data?.items ?? []).map((m) => ({ value: m.id, label: m.title }))} />;
}
