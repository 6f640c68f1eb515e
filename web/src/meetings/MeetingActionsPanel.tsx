// The action items this meeting raised, and recording new ones.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../api/hooks.ts";
import type { Action, Meeting, Page } from "../api/types.ts";
import { ActionTable } from "../actions/ActionTable.tsx";
import { NewActionForm } from "../actions/NewActionForm.tsx";
import { Empty, Loaded } from "../components/Status.tsx";
import { Section } from "../components/ui.tsx";

export function MeetingActionsPanel({ m, onCreated, editable }: { m: Meeting; onCreated(): void; editable: boolean }) {
  const { t } = useTranslation();
  const state = useApi<Page<Action>>(`/actions?meetingId=${m.id}&limit=200`);
  const [adding, setAdding] = useState(false);
  return (
    <Section title={t("meetings.actions")} id="actions"
      actions={editable && !adding && <button type="button" className="secondary" onClick={() => setAdding(true)} data-testid="action-new">{t("actions.new")}</button>}>
      <Loaded state={state}>{(p) => (p.items.length ? <ActionTable items={p.items} showForum={false} /> : <Empty />)}</Loaded>
      {adding && (
        <NewActionForm meeting={m} onCreated={() => { setAdding(false); state.reload(); onCreated(); }} />
      )}
    </Section>
  );
}
