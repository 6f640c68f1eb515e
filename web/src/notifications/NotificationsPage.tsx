// The reader's notifications, newest first, each about a record they may still read; unread ones
// stand out and are marked read one by one or all at once.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { AppNotification } from "../api/types.ts";
import { useFormat } from "../components/format.ts";
import { pathOf } from "../components/paths.ts";
import { Empty, ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, PageHead } from "../components/ui.tsx";
import { MarkingChip } from "../markings/MarkingChip.tsx";
import { notifyWorkChanged } from "../mywork/badge.ts";

export function NotificationsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useApi<{ unread: number; items: AppNotification[] }>("/notifications");
  const act = useAction();
  const mark = async (body: { ids: string[] } | { all: true }) => {
    if (await act.run(() => api("/notifications/read", { body }))) { state.reload(); notifyWorkChanged(); }
  };
  return (
    <>
      <PageHead title={t("notifications.title")}>
        <Link to="/notifications/settings" className="button secondary">{t("notifications.settings")}</Link>
        {Boolean(state.data?.unread) && <button type="button" className="secondary" onClick={() => void mark({ all: true })} disabled={act.busy}>{t("notifications.markAllRead")}</button>}
      </PageHead>
      <ErrorText error={act.error} />
      <Loaded state={state}>
        {(n) => n.items.length === 0 ? <Empty>{t("notifications.none")}</Empty> : (
          <ul className="work-list notifications" data-testid="notifications">
            {n.items.map((x) => {
              const to = pathOf(x.record.kind, x.record.id);
              return (
                <li key={x.id} className={x.readAt ? "read" : "unread"} data-testid="notification">
                  {!x.readAt && <Badge tone="info">{t("notifications.new")}</Badge>}{" "}
                  <strong>{t(`notifications.event.${x.event}`)}</strong>{": "}
                  {to ? <Link to={to} dir="auto" onClick={() => { if (!x.readAt) void mark({ ids: [x.id] }); }}>{x.record.title}</Link> : <span dir="auto">{x.record.title}</span>}{" "}
                  <MarkingChip marking={x.record.marking} /> <span className="muted">{f.dateTime(x.createdAt)}</span>
                  {!x.readAt && <button type="button" className="link-button" onClick={() => void mark({ ids: [x.id] })} disabled={act.busy}>{t("notifications.markRead")}</button>}
                </li>
              );
            })}
          </ul>
        )}
      </Loaded>
    </>
  );
}
