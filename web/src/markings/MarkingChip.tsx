// A record's marking, shown beside it; showing it also counts it towards the page banner.
import { useTranslation } from "react-i18next";
import type { MarkingOutput } from "../api/types.ts";
import { useSession } from "../auth/session.tsx";
import { fromOutput, levelClass, nationalTerm } from "./derive.ts";
import { useShowMarkings } from "./registry.tsx";

export function MarkingChip({ marking }: { marking: MarkingOutput }) {
  const { t, i18n } = useTranslation();
  const { me, countries } = useSession();
  useShowMarkings([marking]);
  const m = fromOutput(marking);
  const national = me ? nationalTerm(m, me.nationality, countries, i18n.language) : null;
  const label = national ? `${marking.banner} — ${national}` : marking.banner;
  return (
    <span className={`chip marking-chip ${levelClass(m)}`} title={label} aria-label={t("marking.chipLabel", { marking: label })} dir="ltr">
      {marking.banner}
    </span>
  );
}
