// Small building blocks shared by the pages: the page head with its marking, labelled facts,
// and the names of countries and cooperation areas in the reader's language.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { MarkingOutput } from "../api/types.ts";
import { useSession } from "../auth/session.tsx";
import { isLanguage } from "../i18n/index.ts";
import { MarkingChip } from "../markings/MarkingChip.tsx";

export function PageHead({ title, marking, kind, children }: { title: ReactNode; marking?: MarkingOutput; kind?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="page-head">
      <div>
        {kind && <p className="eyebrow">{t(`kind.${kind}`)}</p>}
        <h1 dir="auto">{title}</h1>
        {marking && <MarkingChip marking={marking} />}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}

/** Label–value pairs. Values that are null show as a dash. */
export function Facts({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === "" ? "—" : value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Section({ title, id, children, actions }: { title: string; id?: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="section" aria-labelledby={id ? `${id}-h` : undefined} id={id}>
      <div className="section-head">
        <h2 id={id ? `${id}-h` : undefined}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function useNames() {
  const { t, i18n } = useTranslation();
  const { areas, countries } = useSession();
  const lng = isLanguage(i18n.language) ? i18n.language : "en";
  return {
    country: (code: string | null | undefined) => (code ? t(`country.${code}`, { defaultValue: countries.find((c) => c.code === code)?.nameEn ?? code }) : "—"),
    area: (code: string) => areas.find((a) => a.code === code)?.names[lng] ?? code,
    countries,
    areas,
  };
}

export function Badge({ tone, children }: { tone?: "ok" | "warn" | "bad" | "info"; children: ReactNode }) {
  return <span className={`badge ${tone ?? ""}`}>{children}</span>;
}
