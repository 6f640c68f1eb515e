// Which events reach the reader, in the app and by e-mail, and where e-mail goes. Without an SMTP
// server configured, e-mail is off and the page says so. E-mails never carry what awaits: only
// that something does, with a link.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { NotificationPreferences } from "../api/types.ts";
import { ErrorText, Loaded } from "../components/Status.tsx";
import { PageHead } from "../components/ui.tsx";

export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const state = useApi<NotificationPreferences>("/notifications/preferences");
  return (
    <>
      <PageHead title={t("notifications.settingsTitle")} />
      <Loaded state={state}>{(p) => <Settings p={p} onSaved={state.set} />}</Loaded>
    </>
  );
}

function Settings({ p, onSaved }: { p: NotificationPreferences; onSaved(p: NotificationPreferences): void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(p.email ?? "");
  const [events, setEvents] = useState(p.events);
  const [saved, setSaved] = useState(false);
  const save = useAction();
  useEffect(() => setSaved(false), [email, events]);
  const submit = async () => {
    const body = { events, ...(p.mail.enabled ? { email: email.trim() || null } : {}) };
    const res = await save.run(() => api<NotificationPreferences>("/notifications/preferences", { method: "PUT", body }));
    if (res) { onSaved(res); setSaved(true); }
  };
  const set = (i: number, key: "inApp" | "email", value: boolean) => setEvents((xs) => xs.map((x, n) => (n === i ? { ...x, [key]: value } : x)));
  return (
    <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      {p.mail.enabled ? (
        <div className="field">
          <label htmlFor="notify-email">{t("notifications.email")}</label>
          <p className="hint" id="notify-email-hint">{t("notifications.emailHint")}</p>
          <input id="notify-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby="notify-email-hint" autoComplete="email" />
        </div>
      ) : <p className="callout" data-testid="mail-off">{t("notifications.mailOff")}</p>}
      <table className="table">
        <thead><tr><th scope="col">{t("notifications.eventCol")}</th><th scope="col">{t("notifications.inApp")}</th><th scope="col">{t("notifications.byEmail")}</th></tr></thead>
        <tbody>
          {events.map((e, i) => (
            <tr key={e.event}>
              <th scope="row">{t(`notifications.event.${e.event}`)}</th>
              <td><input type="checkbox" checked={e.inApp} onChange={(x) => set(i, "inApp", x.target.checked)} aria-label={t("notifications.inAppFor", { event: t(`notifications.event.${e.event}`) })} /></td>
              <td><input type="checkbox" checked={e.email} disabled={!p.mail.enabled} onChange={(x) => set(i, "email", x.target.checked)} aria-label={t("notifications.emailFor", { event: t(`notifications.event.${e.event}`) })} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorText error={save.error} />
      {saved && <p role="status" className="ok-text">{t("notifications.saved")}</p>}
      <div className="actions"><button type="submit" disabled={save.busy}>{t("common.save")}</button></div>
    </form>
  );
}
