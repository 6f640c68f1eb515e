// Delegations and who attended. Attendance is ticked in place; people join a delegation by
// country, chosen from the people the reader may read.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction } from "../api/hooks.ts";
import { FrozenSave, reopenQuery } from "./FrozenSave.tsx";
import type { Meeting } from "../api/types.ts";
import { CountrySelect, PersonSelect, TextField } from "../components/pickers.tsx";
import { RefLink } from "../components/RefLink.tsx";
import { Empty, ErrorText } from "../components/Status.tsx";
import { Section, useNames } from "../components/ui.tsx";

type Row = { country: string; personId: string | null; person: Meeting["participants"][number]["person"] | null; role: string; attended: boolean };

export function AttendancePanel({ m, onChange, editable }: { m: Meeting; onChange(m: Meeting): void; editable: boolean }) {
  const { t } = useTranslation();
  const names = useNames();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [country, setCountry] = useState("");
  const [personId, setPersonId] = useState("");
  const [role, setRole] = useState("");
  const save = useAction();
  const current: Row[] = rows ?? m.participants.map((p) => ({ country: p.country, personId: p.person.id, person: p.person, role: p.role ?? "", attended: p.attended }));
  // Withheld people cannot be sent back by identifier; they stay as the server has them only if
  // the list is not rewritten, so editing is offered only when every participant is readable.
  const canEdit = editable && current.every((r) => r.personId);
  const update = (i: number, patch: Partial<Row>) => setRows(current.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const add = () => {
    if (!country || !personId) return;
    setRows([...current, { country, personId, person: null, role, attended: true }]);
    setPersonId("");
    setRole("");
  };
  const submit = async (reopen: boolean) => {
    const body = current.map((r) => ({ country: r.country, personId: r.personId!, role: r.role || null, attended: r.attended }));
    const updated = await save.run(() => api<Meeting>(`/meetings/${m.id}/attendance${reopenQuery(reopen)}`, { method: "PUT", body, ifMatch: m }));
    if (updated) { onChange(updated); setRows(null); }
  };
  return (
    <Section title={t("meetings.attendance")} id="attendance">
      {current.length === 0 ? <Empty /> : (
        <div className="table-wrap">
          <table className="table stack" data-testid="attendance">
            <thead><tr><th>{t("meetings.delegation")}</th><th>{t("meetings.person")}</th><th>{t("meetings.role")}</th><th>{t("meetings.attended")}</th></tr></thead>
            <tbody>
              {current.map((r, i) => (
                <tr key={`${r.personId ?? "w"}-${i}`}>
                  <td data-label={t("meetings.delegation")}>{names.country(r.country)}</td>
                  <td data-label={t("meetings.person")}>{r.person ? <RefLink r={r.person} /> : <PersonName id={r.personId} />}</td>
                  <td data-label={t("meetings.role")}><span dir="auto">{r.role || "—"}</span></td>
                  <td data-label={t("meetings.attended")}>
                    {canEdit
                      ? <input type="checkbox" checked={r.attended} onChange={(e) => update(i, { attended: e.target.checked })} aria-label={t("meetings.attendedLabel", { n: i + 1 })} />
                      : r.attended ? t("common.yes") : t("common.no")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && (
        <div className="editor">
          <div className="grid-3">
            <CountrySelect label={t("meetings.delegation")} value={country} onChange={(v) => { setCountry(v); setPersonId(""); }} testId="participant-country" />
            <PersonSelect label={t("meetings.person")} country={country || null} value={personId} onChange={setPersonId} testId="participant-person" />
            <TextField label={t("meetings.role")} value={role} onChange={setRole} />
          </div>
          <button type="button" className="secondary" onClick={add} disabled={!country || !personId} data-testid="participant-add">{t("meetings.addParticipant")}</button>
          <ErrorText error={save.error} />
          {rows && (
            <div className="actions">
              <FrozenSave m={m} label={t("meetings.saveAttendance")} busy={save.busy} testId="attendance-save" onSave={(reopen) => void submit(reopen)} />
              <button type="button" className="secondary" onClick={() => setRows(null)}>{t("common.cancel")}</button>
            </div>
          )}
        </div>
      )}
    </Section>
  );
}

/** A newly added participant, named until the saved meeting comes back with the reference. */
function PersonName({ id }: { id: string | null }) {
  const { t } = useTranslation();
  return <span className="muted">{id ? t("meetings.unsaved") : t("common.withheld")}</span>;
}
