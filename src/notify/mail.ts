// E-mail through a configured SMTP server (nodemailer), from the durable outbox. Without
// configuration e-mail is off (and the preferences page says so). A sender loop in every server
// process claims due rows for a while (a lease, so several processes never send one row twice),
// sends them, and marks each sent, or failed with a later retry: nothing is lost while the SMTP
// server is down.
import nodemailer, { type Transporter } from "nodemailer";
import { sql } from "kysely";
import type { Db } from "../store/db.ts";
import { LINK } from "./events.ts";

export interface MailConfig {
  host: string;
  port: number;
  /** TLS from the start (SMTPS, usually port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send unless the connection is upgraded with STARTTLS. */
  requireTls: boolean;
  /** Accept a certificate no known authority signed (a test server; never in production). */
  allowSelfSigned: boolean;
  user: string | null;
  password: string | null;
  from: string;
  /** How often the sender looks for due mail. */
  pollMs: number;
  /** Accord's address as users reach it (ACCORD_PUBLIC_URL); null: the server's own listening address. */
  publicUrl: string | null;
}

const bool = (v: string | undefined) => v === "1" || v === "true";

/** From the environment (README, "Notifications"); null when no SMTP server is named. */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const host = env.ACCORD_SMTP_HOST;
  if (!host) return null;
  const secure = bool(env.ACCORD_SMTP_SECURE);
  const port = Number(env.ACCORD_SMTP_PORT ?? (secure ? 465 : 587));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`ACCORD_SMTP_PORT must be a port number, not ${JSON.stringify(env.ACCORD_SMTP_PORT)}`);
  const from = env.ACCORD_MAIL_FROM;
  if (!from) throw new Error("ACCORD_MAIL_FROM must name the sender when ACCORD_SMTP_HOST is set (e.g. \"Accord <accord@example.gov>\")");
  return {
    host, port, secure, requireTls: bool(env.ACCORD_SMTP_REQUIRE_TLS), allowSelfSigned: bool(env.ACCORD_SMTP_ALLOW_SELF_SIGNED),
    user: env.ACCORD_SMTP_USER || null, password: env.ACCORD_SMTP_PASSWORD || null, from, pollMs: Number(env.ACCORD_MAIL_POLL_MS ?? 5000),
    publicUrl: env.ACCORD_PUBLIC_URL || null,
  };
}

export function transportOf(c: MailConfig): Transporter {
  return nodemailer.createTransport({
    host: c.host, port: c.port, secure: c.secure, requireTLS: c.requireTls,
    ...(c.user ? { auth: { user: c.user, pass: c.password ?? "" } } : {}),
    tls: { rejectUnauthorized: !c.allowSelfSigned },
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
  });
}

const LEASE_MS = 2 * 60_000;
const BATCH = 20;
/** After the n-th failure, wait 30 s × 2^(n-1), at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

/**
 * Claims up to a batch of due rows for this sender: one UPDATE whose condition is checked again
 * row by row, so of two processes claiming at once each row goes to one.
 */
async function claim(db: Db, now: Date): Promise<{ id: string; to_address: string; subject: string; body: string; attempts: number }[]> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  const due = (eb: any) => eb.and([eb("sent_at", "is", null), eb("next_attempt_at", "<=", at), eb.or([eb("lease_until", "is", null), eb("lease_until", "<", at)])]);
  return db.updateTable("mail_outbox").set({ lease_until: until })
    .where((eb) => eb("id", "in", eb.selectFrom("mail_outbox").select("id").where(due).orderBy("next_attempt_at").limit(BATCH)))
    .where(due)
    .returning(["id", "to_address", "subject", "body", "attempts"]).execute();
}

/** Sends what is due now; answers how many were sent and how many failed. */
export async function sendDue(db: Db, transport: Transporter, from: string, link: string, now = new Date()): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const m of await claim(db, now)) {
    try {
      await transport.sendMail({ from, to: m.to_address, subject: m.subject, text: m.body.replaceAll(LINK, link) });
      await db.updateTable("mail_outbox").set({ sent_at: new Date().toISOString(), lease_until: null, last_error: null, attempts: m.attempts + 1 }).where("id", "=", m.id).execute();
      sent++;
    } catch (err) {
      const attempts = m.attempts + 1;
      await db.updateTable("mail_outbox").set({
        attempts, lease_until: null, next_attempt_at: new Date(Date.now() + retryDelayMs(attempts)).toISOString(),
        last_error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
      }).where("id", "=", m.id).execute();
      failed++;
    }
  }
  return { sent, failed };
}

/** What waits in the outbox (for the log and the tests). */
export async function outboxCounts(db: Db): Promise<{ pending: number; sent: number }> {
  const rows = await sql<{ pending: number; sent: number }>`select
    sum(case when sent_at is null then 1 else 0 end) as pending, sum(case when sent_at is null then 0 else 1 end) as sent from mail_outbox`.execute(db);
  return { pending: Number(rows.rows[0]?.pending ?? 0), sent: Number(rows.rows[0]?.sent ?? 0) };
}

/** The sender loop: every `pollMs`, one pass at a time; stopped (and its transport closed) by `stop`. */
export function startSender(db: Db, c: MailConfig, link: () => string, log: (msg: string, err?: unknown) => void): { stop(): Promise<void>; kick(): Promise<void> } {
  const transport = transportOf(c);
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let failing = false;
  const pass = async () => {
    if (busy) return running;
    busy = true;
    running = sendDue(db, transport, c.from, link()).then((r) => {
      // One line when sending starts to fail and one when it works again, not one per message.
      if (r.failed && !r.sent && !failing) { failing = true; log(`mail: sending failed; ${r.failed} message(s) will be retried`); }
      if (r.sent && failing) { failing = false; log("mail: sending works again"); }
    }).catch((err: unknown) => log("mail: the outbox could not be read", err)).finally(() => { busy = false; });
    return running;
  };
  const timer = setInterval(() => void pass(), c.pollMs);
  timer.unref();
  return {
    kick: async () => { await pass(); },
    async stop() {
      clearInterval(timer);
      await running;
      transport.close();
    },
  };
}
