// Test helpers for accounts: enrol a second factor through the API, as a user would.
import assert from "node:assert/strict";
import { client, type Caller, type TestEnv } from "../testing/harness.ts";
import { currentTotp } from "./totp.ts";

/** Enrols TOTP for a signed-in caller; returns the secret and the recovery codes shown once. */
export async function enrolTotp(env: TestEnv, who: Caller & { spec: { username: string } }): Promise<string> {
  return (await enrolTotpWithCodes(env, who)).secret;
}

export async function enrolTotpWithCodes(env: TestEnv, who: Caller & { spec: { username: string } }): Promise<{ secret: string; recoveryCodes: string[] }> {
  const api = client(env.app, who);
  const enrol = await api.post("/api/auth/mfa/enrol");
  assert.equal(enrol.status, 200, JSON.stringify(enrol.body));
  const confirm = await api.post("/api/auth/mfa/confirm", { code: currentTotp(who.spec.username, enrol.body.secret) });
  assert.equal(confirm.status, 200, JSON.stringify(confirm.body));
  return { secret: enrol.body.secret as string, recoveryCodes: confirm.body.recoveryCodes as string[] };
}
