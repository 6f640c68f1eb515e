import { Secret, TOTP } from "otpauth";

const totpFor = (username: string, secret: string) =>
  new TOTP({ issuer: "Accord", label: username, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(username: string, secret: string): string {
  return totpFor(username, secret).toString();
}

/** Accepts the current code and its neighbours (clock drift of ±30 s). */
export function checkTotp(username: string, secret: string, code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(username, secret).validate({ token: code, window: 1 }) !== null;
}

export function currentTotp(username: string, secret: string): string {
  return totpFor(username, secret).generate();
}

export const MFA_REQUIRED_ROLES = ["admin", "security_officer"];
