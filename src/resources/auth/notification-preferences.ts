// Each user's choice of which events reach them, in the app and by e-mail, and the address their
// e-mail goes to (account settings, no record content). E-mail is on only with a configured SMTP
// server; the answer says so, and an address cannot be set while it is off.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { viewerOf } from "../../http/auth.ts";
import { auditedAccounts, systemDb } from "../../http/system.ts";
import { NOTIFICATION_EVENTS, type NotificationEvent } from "../../notify/events.ts";
import type { Db, Tx } from "../../store/db.ts";

const tags = ["notifications"];
const Event = z.enum(NOTIFICATION_EVENTS);
const Choice = z.strictObject({ event: Event, inApp: z.boolean(), email: z.boolean() });
const PreferencesIn = z.strictObject({
  email: z.email().max(254).nullable().optional().describe("where notifications are e-mailed; null for none"),
  events: z.array(Choice).max(NOTIFICATION_EVENTS.length).optional(),
});

async function preferencesOf(db: Db | Tx, userId: string, mailOn: boolean) {
  const [user, saved] = await Promise.all([
    db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow(),
    db.selectFrom("notification_preferences").selectAll().where("user_id", "=", userId).execute(),
  ]);
  const byEvent = new Map(saved.map((p) => [p.event, p]));
  return {
    mail: { enabled: mailOn },
    email: user.email,
    events: NOTIFICATION_EVENTS.map((event: NotificationEvent) => {
      const p = byEvent.get(event);
      return { event, inApp: p ? p.in_app === 1 : true, email: p ? p.email === 1 : true };
    }),
  };
}

export async function notificationPreferenceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const mailOn = () => app.ctx.config.mail !== null;

  r.get("/notifications/preferences", { config: { checkAfterReads: true }, schema: { tags, summary: "Which events reach you, in the app and by e-mail; whether e-mail is on" } }, async (req) =>
    preferencesOf(systemDb(req), viewerOf(req).id, mailOn()));

  r.put("/notifications/preferences", { schema: { tags, summary: "Choose which events reach you, and your e-mail address", body: PreferencesIn } }, async (req) =>
    auditedAccounts(req, "notification.preferences", async (tx) => {
      const id = viewerOf(req).id;
      if (req.body.email !== undefined) {
        if (req.body.email !== null && !mailOn()) {
          throw new AccordError("conflict", "E-mail is off on this server: no SMTP server is configured.", [{ field: "email", rule: "mail_off", message: "e-mail is off" }]);
        }
        await tx.updateTable("users").set({ email: req.body.email }).where("id", "=", id).execute();
      }
      for (const c of req.body.events ?? []) {
        await tx.deleteFrom("notification_preferences").where("user_id", "=", id).where("event", "=", c.event).execute();
        await tx.insertInto("notification_preferences").values({ user_id: id, event: c.event, in_app: c.inApp ? 1 : 0, email: c.email ? 1 : 0 }).execute();
      }
      // The address itself is not audited: the event says it changed.
      return { result: await preferencesOf(tx, id, mailOn()), event: { target: id, outcome: "success", details: { emailChanged: req.body.email !== undefined, events: req.body.events?.length ?? 0 } } };
    }));
}
