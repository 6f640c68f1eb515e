// Sign-in: password, second factor, and throttling per account and per address (SPEC 3.6).
// Every attempt is audited; the answer never says whether the account exists.
import { AccordError } from "../domain/errors.ts";
import { appendAudit } from "../audit/log.ts";
import type { Db } from "../store/db.ts";
import { burnVerify, verifyPassword } from "./passwords.ts";
import { checkTotp, MFA_REQUIRED_ROLES } from "./totp.ts";
import { unseal } from "./sealed.ts";
import { createSession } from "./sessions.ts";

export interface ThrottleConfig {
  windowMs: number;
  maxAccountFailures: number;
  maxAddressFailures: number;
}

export const DEFAULT_THROTTLE: ThrottleConfig = { windowMs: 15 * 60 * 1000, maxAccountFailures: 5, maxAddressFailures: 30 };

async function recentFailures(db: Db, subject: string, windowMs: number): Promise<number> {
  const since = new Date(Date.now() - windowMs).toISOString();
  const lastOk = await db.selectFrom("signin_attempts").select("at").where("subject", "=", subject).where("ok", "=", 1)
    .where("at", ">=", since).orderBy("at", "desc").limit(1).executeTakeFirst();
  const row = await db.selectFrom("signin_attempts").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("subject", "=", subject).where("ok", "=", 0).where("at", ">", lastOk?.at ?? since).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface SigninResult {
  token: string;
  csrfToken: string;
  userId: string;
  mfaEnrolmentRequired: boolean;
}

export async function signIn(db: Db, throttle: ThrottleConfig, sealKey: Buffer, username: string, password: string, totp: string | undefined, client: string): Promise<SigninResult> {
  const acct = `user:${username.toLowerCase()}`;
  const addr = `addr:${client}`;
  const fail = async (reason: string, error: AccordError, userId: string | null) => {
    await db.transaction().execute(async (tx) => {
      const at = new Date().toISOString();
      await tx.insertInto("signin_attempts").values([{ subject: acct, at, ok: 0 }, { subject: addr, at, ok: 0 }]).execute();
      await appendAudit(tx, { actor: userId, action: "auth.signin", outcome: "failure", client, details: { username, reason } });
    });
    return error;
  };
  const badCredentials = new AccordError("unauthenticated", "The user name or password is wrong.");

  if ((await recentFailures(db, addr, throttle.windowMs)) >= throttle.maxAddressFailures) {
    throw await fail("address throttled", new AccordError("rate_limited", "Too many failed sign-ins from this address; try again in 15 minutes."), null);
  }
  const user = await db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
  if (!user) {
    await burnVerify(password);
    throw await fail("no such user", badCredentials, null);
  }
  if ((await recentFailures(db, acct, throttle.windowMs)) >= throttle.maxAccountFailures) {
    throw await fail("account throttled", new AccordError("account_locked", "This account is locked for 15 minutes after repeated failed sign-ins."), user.id);
  }
  if (!(await verifyPassword(user.password_hash, password))) throw await fail("bad password", badCredentials, user.id);
  if (user.status !== "active") {
    throw await fail(`account ${user.status}`, new AccordError("account_locked", `This account is ${user.status}; ask an administrator.`), user.id);
  }
  let step: number | null = null;
  if (user.mfa_enabled && user.mfa_secret) {
    if (!totp) throw await fail("second factor missing", new AccordError("mfa_required", "Enter the code from your authenticator app.", [{ field: "totp", rule: "required", message: "is required for this account" }]), user.id);
    step = checkTotp(user.username, unseal(sealKey, user.mfa_secret), totp, user.mfa_last_step);
    if (step === null) throw await fail("bad or reused second factor", new AccordError("unauthenticated", "The authenticator code is wrong or was used already; wait for the next one."), user.id);
  }
  const roles = (await db.selectFrom("user_roles").select("role").where("user_id", "=", user.id).execute()).map((r) => r.role);
  const mfaEnrolmentRequired = !user.mfa_enabled && roles.some((r) => MFA_REQUIRED_ROLES.includes(r));
  return db.transaction().execute(async (tx) => {
    if (step !== null) {
      // Claim the step atomically: of two sign-ins racing with one code, one wins.
      const claimed = await tx.updateTable("users").set({ mfa_last_step: step }).where("id", "=", user.id)
        .where((eb) => eb.or([eb("mfa_last_step", "is", null), eb("mfa_last_step", "<", step)])).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new AccordError("unauthenticated", "The authenticator code was used already; wait for the next one.");
    }
    const at = new Date().toISOString();
    await tx.insertInto("signin_attempts").values([{ subject: acct, at, ok: 1 }, { subject: addr, at, ok: 1 }]).execute();
    // A session that still owes a second factor is limited to enrolling one (see http/auth.ts).
    const s = await createSession(tx, user.id, !mfaEnrolmentRequired, client);
    await appendAudit(tx, { actor: user.id, action: "auth.signin", outcome: "success", client, details: { username, mfaEnrolmentRequired } });
    return { ...s, userId: user.id, mfaEnrolmentRequired };
  });
}
