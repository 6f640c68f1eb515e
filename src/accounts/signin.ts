// Sign-in: password, second factor (an authenticator code or a recovery code), throttled by the
// pair of account and address (see throttle.ts). Every attempt is audited. The answer never says
// why a sign-in failed: a missing account, a wrong password, a locked or disabled account, and a
// missing or wrong second factor all get the same status, body and (one Argon2id check) timing,
// so the answer confirms neither an account nor its password until everything is right.
import { AccordError } from "../domain/errors.ts";
import { appendAudit, recordAudit } from "../audit/log.ts";
import type { Db } from "../store/db.ts";
import { burnVerify, verifyPassword } from "./passwords.ts";
import { checkTotp, MFA_REQUIRED_ROLES } from "./totp.ts";
import { unseal } from "./sealed.ts";
import { createSession } from "./sessions.ts";
import { hasRecoveryCode, recoveryCodesLeft, spendRecoveryCode } from "./recovery.ts";
import { attemptFailed, attemptRefused, attemptSucceeded, beginAttempt, type Attempt, type ThrottleConfig } from "./throttle.ts";

export { DEFAULT_THROTTLE, type ThrottleConfig } from "./throttle.ts";

export const SIGNIN_FAILED = "Sign-in failed. Check your user name and password, and your authenticator code if your account has one. If it keeps failing, ask your administrator.";

/** Throttled: the answer carries when to try again (also sent as Retry-After). */
export class SigninThrottled extends AccordError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super("rate_limited", `Too many failed sign-ins; try again in ${seconds} s.`);
    this.retryAfterSeconds = seconds;
  }
}

export interface SigninInput {
  username: string;
  password: string;
  totp?: string | undefined;
  recoveryCode?: string | undefined;
  client: string;
}

export interface SigninResult {
  token: string;
  csrfToken: string;
  userId: string;
  mfaEnrolmentRequired: boolean;
  /** Set when a recovery code was used: how many remain. */
  recoveryCodesLeft: number | null;
}

type SecondFactor = { kind: "none" } | { kind: "totp"; step: number } | { kind: "recovery_code"; code: string };

export async function signIn(db: Db, throttle: ThrottleConfig, sealKey: Buffer, input: SigninInput): Promise<SigninResult> {
  const { username, password, client } = input;
  const attempt = await beginAttempt(db, throttle, username, client);
  const v = attempt.verdict;
  // An account sprayed from many addresses stays open to the right password with the right second
  // factor: checked in full, and every other outcome answered as throttled, so nothing is learnt.
  const secondFactorOnly = !v.allow && v.reason === "account";
  if (!v.allow && !secondFactorOnly) {
    await attemptRefused(db, attempt);
    await recordAudit(db, { actor: null, action: "auth.signin", outcome: "denied", client, details: { username, reason: `throttled (${v.reason})` } });
    throw new SigninThrottled(v.retryAfterMs);
  }
  const fail = async (reason: string, userId: string | null): Promise<AccordError> => {
    await db.transaction().execute(async (tx) => {
      await attemptFailed(tx, throttle, attempt);
      await appendAudit(tx, { actor: userId, action: "auth.signin", outcome: "failure", client, details: { username, reason: secondFactorOnly ? `${reason}; account throttled` : reason } });
    });
    return !v.allow ? new SigninThrottled(v.retryAfterMs) : new AccordError("unauthenticated", SIGNIN_FAILED);
  };

  const user = await db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
  if (!user) {
    await burnVerify(password);
    throw await fail("no such user", null);
  }
  if (!(await verifyPassword(user.password_hash, password))) throw await fail("bad password", user.id);
  if (user.status !== "active") throw await fail(`account ${user.status}`, user.id);
  let factor: SecondFactor = { kind: "none" };
  if (user.mfa_enabled && user.mfa_secret) {
    if (input.recoveryCode) {
      if (!(await hasRecoveryCode(db, user.id, input.recoveryCode))) throw await fail("bad or spent recovery code", user.id);
      factor = { kind: "recovery_code", code: input.recoveryCode };
    } else if (input.totp) {
      const step = checkTotp(user.username, unseal(sealKey, user.mfa_secret), input.totp, user.mfa_last_step);
      if (step === null) throw await fail("bad or reused authenticator code", user.id);
      factor = { kind: "totp", step };
    } else {
      throw await fail("second factor missing", user.id);
    }
  }
  if (secondFactorOnly && factor.kind === "none") throw await fail("no second factor while the account is throttled", user.id);
  const roles = (await db.selectFrom("user_roles").select("role").where("user_id", "=", user.id).execute()).map((r) => r.role);
  const mfaEnrolmentRequired = !user.mfa_enabled && roles.some((r) => MFA_REQUIRED_ROLES.includes(r));
  const done = await succeed(db, throttle, attempt, user.id, factor, mfaEnrolmentRequired, username, client);
  if (!done) throw await fail(factor.kind === "totp" ? "authenticator code used by a racing sign-in" : "recovery code spent by a racing sign-in", user.id);
  return done;
}

/** Claims the second factor and opens the session in one transaction; null if a racing sign-in claimed the factor first. */
async function succeed(db: Db, throttle: ThrottleConfig, attempt: Attempt, userId: string, factor: SecondFactor, mfaEnrolmentRequired: boolean, username: string, client: string): Promise<SigninResult | null> {
  class Lost extends Error {}
  try {
    return await db.transaction().execute(async (tx) => {
      let left: number | null = null;
      if (factor.kind === "totp") {
        // Claim the step atomically: of two sign-ins racing with one code, one wins.
        const claimed = await tx.updateTable("users").set({ mfa_last_step: factor.step }).where("id", "=", userId)
          .where((eb) => eb.or([eb("mfa_last_step", "is", null), eb("mfa_last_step", "<", factor.step)])).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) throw new Lost();
      } else if (factor.kind === "recovery_code") {
        if (!(await spendRecoveryCode(tx, userId, factor.code))) throw new Lost();
        left = await recoveryCodesLeft(tx, userId);
      }
      await attemptSucceeded(tx, throttle, attempt);
      // A session that still owes a second factor is limited to enrolling one (see http/auth.ts).
      const s = await createSession(tx, userId, !mfaEnrolmentRequired, client);
      await appendAudit(tx, {
        actor: userId, action: "auth.signin", outcome: "success", client,
        details: { username, mfaEnrolmentRequired, secondFactor: factor.kind, ...(left !== null ? { recoveryCodesLeft: left } : {}) },
      });
      return { ...s, userId, mfaEnrolmentRequired, recoveryCodesLeft: left };
    });
  } catch (err) {
    if (err instanceof Lost) return null;
    throw err;
  }
}
