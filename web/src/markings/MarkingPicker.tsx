// Choosing a marking for a new record. It offers only what the author may set (SPEC 3.3):
// levels up to their clearance, their own compartments, and their own country as originator.
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useMe, useSession } from "../auth/session.tsx";
import { describedBy, FieldError } from "../components/form.tsx";
import { banner, fromOutput, inheritedMarking, LEVELS, rankOf } from "./derive.ts";
import { isRelease, toOutput, type Marking } from "../../../src/domain/markings.ts";
import { useShowMarkings } from "./registry.tsx";
import type { MarkingOutput } from "../api/types.ts";

export interface MarkingValue {
  classification: (typeof LEVELS)[number];
  originator: string;
  releasableTo: "ALL" | string[];
  compartments: string[];
}

/** A sensible start: unclassified, shared with the other platform countries, no compartments. */
export function defaultMarking(nationality: string, countries: { code: string }[], compartments: string[] = []): MarkingValue {
  return { classification: "UNCLASSIFIED", originator: nationality, releasableTo: countries.map((c) => c.code).filter((c) => c !== nationality), compartments };
}

/** A record made inside another starts with the parent's marking (SPEC 3.3), as the server would give it. */
export function parentMarking(parent: MarkingOutput, nationality: string): MarkingValue {
  const m = inheritedMarking(fromOutput(parent), nationality);
  return { classification: LEVELS[m.classification], originator: m.originator, releasableTo: m.releasableTo === "ALL" ? "ALL" : [...m.releasableTo], compartments: [...m.compartments] };
}

const asMarking = (v: MarkingValue): Marking => ({ classification: rankOf(v.classification), originator: v.originator, releasableTo: v.releasableTo, compartments: v.compartments });

/** The record a new one is made inside: its marking is where the new one starts (SPEC 3.3). */
export interface MarkingParent { marking: MarkingOutput; kind: string }

/**
 * `id` goes to the level, the picker's first control, which an error summary links to.
 * While the form is on screen, the marking it will save counts towards the page banner, so a
 * SECRET upload being composed is bannered SECRET. With a `parent`, a marking that would widen
 * who may read it is said plainly before it is saved (the server records that choice too).
 */
export function MarkingPicker({ value, onChange, legend, id: given, error, parent }: {
  value: MarkingValue; onChange(v: MarkingValue): void; legend?: string; id?: string; error?: string; parent?: MarkingParent | null;
}) {
  const { t } = useTranslation();
  useShowMarkings([toOutput(asMarking(value))]);
  const me = useMe();
  const { countries } = useSession();
  const own = useId();
  const id = given ?? own;
  const allowed = LEVELS.slice(0, rankOf(me.clearance) + 1);
  const others = countries.filter((c) => c.code !== value.originator);
  const rel = value.releasableTo;
  const toggleCountry = (code: string, on: boolean) => {
    const list = rel === "ALL" ? others.map((c) => c.code) : rel;
    onChange({ ...value, releasableTo: on ? [...new Set([...list, code])] : list.filter((c) => c !== code) });
  };
  const toggleCompartment = (code: string, on: boolean) =>
    onChange({ ...value, compartments: on ? [...new Set([...value.compartments, code])].sort() : value.compartments.filter((c) => c !== code) });
  const preview = banner({ classification: rankOf(value.classification), originator: value.originator, releasableTo: value.releasableTo, compartments: value.compartments });
  return (
    <fieldset className={`marking-picker${error ? " field-error" : ""}`}>
      <legend>{legend ?? t("marking.picker")}</legend>
      <FieldError id={id} error={error} />
      <div className="field">
        <label htmlFor={id}>{t("marking.classification")}</label>
        <select {...describedBy(id, undefined, error)} value={value.classification} onChange={(e) => onChange({ ...value, classification: e.target.value as MarkingValue["classification"] })}>
          {allowed.map((l) => <option key={l} value={l}>{t(`level.${rankOf(l)}`)}</option>)}
        </select>
      </div>
      <div className="field">
        <span className="label">{t("marking.originator")}</span>
        <span>{t(`country.${value.originator}`, { defaultValue: value.originator })}</span>
      </div>
      <fieldset className="inline-choices">
        <legend>{t("marking.releasableTo")}</legend>
        <label>
          <input type="checkbox" checked={rel === "ALL"} onChange={(e) => onChange({ ...value, releasableTo: e.target.checked ? "ALL" : others.map((c) => c.code) })} />
          {t("marking.allCountries")}
        </label>
        {others.map((c) => (
          <label key={c.code}>
            <input type="checkbox" disabled={rel === "ALL"} checked={rel === "ALL" || rel.includes(c.code)} onChange={(e) => toggleCountry(c.code, e.target.checked)} />
            {t(`country.${c.code}`, { defaultValue: c.nameEn })}
          </label>
        ))}
      </fieldset>
      <fieldset className="inline-choices">
        <legend>{t("marking.compartments")}</legend>
        {me.compartments.length === 0 && <span className="muted">{t("marking.noCompartments")}</span>}
        {me.compartments.map((c) => (
          <label key={c}>
            <input type="checkbox" checked={value.compartments.includes(c)} onChange={(e) => toggleCompartment(c, e.target.checked)} />
            <span dir="ltr">{c}</span>
          </label>
        ))}
      </fieldset>
      <p className="marking-preview">{t("marking.preview")} <strong dir="ltr" data-testid="marking-preview">{preview}</strong></p>
      {parent && <LowerThanParent parent={parent} value={value} />}
    </fieldset>
  );
}

/** "Lower than its meeting: visible to …": who could read the new record that cannot read its parent. */
function LowerThanParent({ parent, value }: { parent: MarkingParent; value: MarkingValue }) {
  const { t } = useTranslation();
  const me = useMe();
  const floor = inheritedMarking(fromOutput(parent.marking), me.nationality);
  const chosen = asMarking(value);
  if (!isRelease(floor, chosen)) return null;
  const countries = chosen.releasableTo === "ALL"
    ? t("marking.allCountries")
    : [chosen.originator, ...chosen.releasableTo].map((c) => t(`country.${c}`, { defaultValue: c })).join(", ");
  const dropped = floor.compartments.filter((c) => !chosen.compartments.includes(c));
  const who = t("inherit.audience", { level: t(`level.${chosen.classification}`), countries });
  return (
    <p className="warning lower-than-parent" role="status" data-testid="lower-than-parent">
      {t("inherit.lower", { parent: t(`kind.${parent.kind}`).toLowerCase(), who })}
      {dropped.length > 0 && <> {t("inherit.withoutCompartments", { compartments: dropped.join(", ") })}</>}
      {" "}{t("inherit.audited")}
    </p>
  );
}
