import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

const totpFor = (username: string, secret: string) =>
  new TOTP({ issuer: "Accord", label: username, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(username: string, secret: string): string {
  return totpFor(username, secret).toString();
}

/** The otpauth:// address as a QR code (SVG), for an authenticator app to scan. */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/**
 * Accepts the current code and its neighbours (clock drift of ±30 s) and returns the time step
 * it belongs to, or null. A step at or before `lastStep` was used already: a code is good once.
 */
export function checkTotp(username: string, secret: string, code: string, lastStep: number | null = null, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(username, secret).validate({ token: code, window: 1, timestamp: now });
  if (delta === null) return null;
  const step = Math.floor(now / 30_000) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

export function currentTotp(username: string, secret: string, timestamp = Date.now()): string {
  return totpFor(username, secret).generate({ timestamp });
}

export const MFA_REQUIRED_ROLES = ["admin", "security_officer"];
