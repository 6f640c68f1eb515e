// Notifying users of an event about a record, inside the transaction that made the event: the
// in-app notification and the e-mail's outbox row commit (or roll back) with the change itself.
// Only users who may read the record at that moment are notified (the read rule, in SQL), never
// the one who caused it, and each as their preferences say.
import { sql } from "kysely";
import { ulid } from "ulid";
import { readersOfMarking } from "../store/access.ts";
import type { Tx } from "../store/db.ts";
import { LINK, MAIL_SUBJECT, mailBody, type NotificationEvent } from "./events.ts";

/** Who an event is for, before the read rule and preferences narrow it. */
export type Audience =
  /** Users who are, as persons, these co-chairs for their own country. */
  | { coChairsOf: string; countries?: readonly string[] }
  /** Security officers of a country. */
  | { officersOf: string }
  /** Named accounts. */
  | { users: readonly string[] }
  /** The person, or else the users of the organisation, owning an action. */
  | { person: string | null; organisation: string | null }
  /** Users holding a role. */
  | { role: string };

export interface NotifyInput {
  event: NotificationEvent;
  record: { id: string; marking_id: string };
  audience: Audience;
  /** The user who caused it, never notified of their own act; null for a peer instance's act (SPEC 8.4). */
  actor: string | null;
}

function candidates(tx: Tx, a: Audience) {
  let q = tx.selectFrom("users as u").select(["u.id", "u.email"]);
  if ("coChairsOf" in a) {
    q = q.where("u.id", "in", (eb) => eb.selectFrom("users as cu").innerJoin("meeting_co_chairs as c", (j) => j.onRef("c.person_id", "=", "cu.person_id").onRef("c.country", "=", "cu.nationality"))
      .select("cu.id").where("c.meeting_id", "=", a.coChairsOf).$if(a.countries !== undefined, (s) => s.where("c.country", "in", a.countries!.length ? [...a.countries!] : [""])));
  } else if ("officersOf" in a) {
    q = q.where("u.nationality", "=", a.officersOf).where("u.id", "in", (eb) => eb.selectFrom("user_roles").select("user_id").where("role", "=", "security_officer"));
  } else if ("users" in a) {
    q = q.where("u.id", "in", a.users.length ? [...a.users] : [""]);
  } else if ("person" in a) {
    if (a.person) q = q.where("u.person_id", "=", a.person);
    else if (a.organisation) q = q.where("u.organisation_id", "=", a.organisation);
    else q = q.where(sql<boolean>`1 = 0`);
  } else {
    q = q.where("u.id", "in", (eb) => eb.selectFrom("user_roles").select("user_id").where("role", "=", a.role));
  }
  return q;
}

/** Writes the notifications and e-mails of one event; answers how many users it reached. */
export async function notify(tx: Tx, n: NotifyInput): Promise<number> {
  const users = await candidates(tx, n.audience)
    .$if(n.actor !== null, (q) => q.where("u.id", "!=", n.actor!))
    .where(sql<boolean>`u.id in (${readersOfMarking(n.record.marking_id)})`)
    .leftJoin("notification_preferences as p", (j) => j.onRef("p.user_id", "=", "u.id").on("p.event", "=", n.event))
    .select(["p.in_app", "p.email as wants_email"])
    .execute();
  const now = new Date().toISOString();
  // Without a preference saved, an event reaches the user both ways.
  const inApp = users.filter((u) => u.in_app !== 0);
  const mail = users.filter((u) => u.wants_email !== 0 && u.email);
  if (inApp.length) {
    await tx.insertInto("notifications").values(inApp.map((u) => ({ id: ulid(), user_id: u.id, event: n.event, record_id: n.record.id, created_at: now, read_at: null }))).execute();
  }
  if (mail.length) {
    // The link is put in when sending, from the server's configured address.
    const body = mailBody(LINK);
    await tx.insertInto("mail_outbox").values(mail.map((u) => ({
      id: ulid(), user_id: u.id, to_address: u.email!, subject: MAIL_SUBJECT, body, created_at: now, attempts: 0, next_attempt_at: now, lease_until: null, sent_at: null, last_error: null,
    }))).execute();
  }
  return new Set([...inApp, ...mail].map((u) => u.id)).size;
}
