// A real SMTP server on loopback for the tests (the `smtp-server` package): it keeps every message
// it receives, raw, so a test can read exactly what left Accord.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { MailConfig } from "./mail.ts";

export interface Received { from: string; to: string[]; raw: string }

export async function startSmtp(): Promise<{ port: number; messages: Received[]; config(pollMs?: number): MailConfig; waitFor(n: number, timeoutMs?: number): Promise<Received[]>; close(): Promise<void> }> {
  const messages: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to make for a test.
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    config: (pollMs = 100) => ({ host: "127.0.0.1", port, secure: false, requireTls: false, allowSelfSigned: false, user: null, password: null, from: "Accord <accord@accord.test>", pollMs, publicUrl: null }),
    /** Waits until at least `n` messages have arrived (checking as they come, never a fixed sleep). */
    async waitFor(n, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} e-mail(s) at the test SMTP server, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
