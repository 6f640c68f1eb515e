// Sign-in and out, the current session, the second factor, and API tokens (SPEC 3.6).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { signIn, SigninThrottled } from "../../accounts/signin.ts";
import { createApiToken, createSession, endAllSessions, endSession, markMfaPassed, revokeApiToken, SESSION_COOKIE, TOKEN_SCOPES } from "../../accounts/sessions.ts";
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from "../../accounts/totp.ts";
import { recoveryCodesLeft, replaceRecoveryCodes } from "../../accounts/recovery.ts";
import { attemptFailed, attemptRefused, attemptSucceeded, beginAttempt } from "../../accounts/throttle.ts";
import { hashPassword, passwordProblem, verifyPassword } from "../../accounts/passwords.ts";
import { revokeCredentials } from "../../accounts/users.ts";
import { invalid } from "../../domain/errors.ts";
import type { FastifyReply, FastifyRequest } from "fastify";
import { seal, sealingKey, unseal } from "../../accounts/sealed.ts";
import { dirname } from "node:path";
import { appendAudit } from "../../audit/log.ts";
import { clientOf, viewerOf } from "../../http/auth.ts";
import { LEVELS } from "../../domain/markings.ts";
import { systemDb as db } from "../../http/system.ts";

const SignIn = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
  totp: z.string().max(10).optional().describe("the authenticator code, for an account with a second factor"),
  recoveryCode: z.string().max(40).optional().describe("instead of totp: one of the account's single-use recovery codes"),
}).refine((b) => !(b.totp && b.recoveryCode), { path: ["recoveryCode"], message: "send either totp or recoveryCode, not both" });

const Code = z.string().regex(/^\d{6}$/, "must be 6 digits");

const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  nationality: z.string(),
  clearance: z.enum(LEVELS),
  roles: z.array(z.string()),
  compartments: z.array(z.string()),
  locale: z.string(),
  mfaEnabled: z.boolean(),
  mfaPending: z.boolean(),
  recoveryCodesLeft: z.number().nullable().describe("unused recovery codes, when a second factor is enrolled"),
  csrfToken: z.string().nullable(),
  personId: z.string().nullable().describe("the person record this user is, if any"),
});

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // The key that seals TOTP seeds lives beside the audit signing key, outside the database.
  let key: Buffer | null = null;
  const sealKey = () => (key ??= sealingKey(dirname(app.ctx.config.keys.privateKey)));
  const cookieOpts = () => ({ httpOnly: true, sameSite: "strict" as const, secure: app.ctx.config.secureCookies, path: "/" });

  r.post("/auth/signin", {
    config: { public: true, rateLimit: { max: 60, timeWindow: "1 minute" } },
    schema: {
      tags: ["auth"], body: SignIn,
      summary: "Sign in with password, and an authenticator or recovery code when the account has a second factor. Every failure gets one answer (401 unauthenticated); repeated failures of one account from one address get 429 with Retry-After",
    },
  }, async (req, reply) => {
    const b = req.body;
    try {
      const res = await signIn(db(req), app.ctx.config.throttle, sealKey(), { username: b.username, password: b.password, totp: b.totp, recoveryCode: b.recoveryCode, client: clientOf(req) });
      reply.setCookie(SESSION_COOKIE, res.token, cookieOpts());
      return { csrfToken: res.csrfToken, mfaEnrolmentRequired: res.mfaEnrolmentRequired, recoveryCodesLeft: res.recoveryCodesLeft };
    } catch (err) {
      if (err instanceof SigninThrottled) reply.header("retry-after", String(err.retryAfterSeconds));
      throw err;
    }
  });

  r.post("/auth/signout", { config: { mfaEnrolment: true }, schema: { tags: ["auth"], summary: "Sign out of this session" } }, async (req, reply) => {
    const v = viewerOf(req);
    if (req.auth?.sessionToken) await endSession(db(req), req.auth.sessionToken);
    await db(req).transaction().execute((tx) => appendAudit(tx, { actor: v.id, action: "auth.signout", outcome: "success", client: clientOf(req) }));
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.code(204).send();
  });

  r.post("/auth/signout-everywhere", { config: { mfaEnrolment: true }, schema: { tags: ["auth"], summary: "End every session of this account" } }, async (req, reply) => {
    const v = viewerOf(req);
    const ended = await db(req).transaction().execute(async (tx) => {
      const n = await endAllSessions(tx, v.id);
      await appendAudit(tx, { actor: v.id, action: "auth.signout_everywhere", outcome: "success", client: clientOf(req), details: { sessions: n } });
      return n;
    });
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { sessionsEnded: ended };
  });

  r.get("/auth/session", { config: { mfaEnrolment: true, checkAfterReads: true }, schema: { tags: ["auth"], summary: "Who am I", response: { 200: Me } } }, async (req) => {
    const v = viewerOf(req);
    return {
      id: v.id, username: v.username, displayName: v.displayName, nationality: v.nationality,
      clearance: LEVELS[v.clearance], roles: v.roles, compartments: v.compartments, locale: v.locale,
      mfaEnabled: v.mfaEnabled, mfaPending: req.auth?.mfaPassed === false, csrfToken: req.auth?.csrfToken ?? null, personId: v.personId,
      recoveryCodesLeft: v.mfaEnabled ? await recoveryCodesLeft(db(req), v.id) : null,
    };
  });

  r.put("/auth/locale", {
    config: { mfaEnrolment: true },
    schema: { tags: ["auth"], summary: "Remember my language (en, hi, he)", body: z.strictObject({ locale: z.enum(["en", "hi", "he"]) }) },
  }, async (req) => {
    const v = viewerOf(req);
    await db(req).updateTable("users").set({ locale: req.body.locale, updated_at: new Date().toISOString() }).where("id", "=", v.id).execute();
    return { locale: req.body.locale };
  });

  r.post("/auth/mfa/enrol", { config: { mfaEnrolment: true }, schema: { tags: ["auth"], summary: "Start TOTP enrolment: returns a secret, its otpauth URI and that URI as a QR code (SVG)" } }, async (req) => {
    const v = viewerOf(req);
    if (v.mfaEnabled) throw new AccordError("conflict", "A second factor is enrolled already.");
    const secret = newTotpSecret();
    await db(req).updateTable("users").set({ mfa_secret: seal(sealKey(), secret) }).where("id", "=", v.id).execute();
    const uri = totpUri(v.username, secret);
    return { secret, uri, qrSvg: await totpQrSvg(uri) };
  });

  r.post("/auth/mfa/confirm", {
    config: { mfaEnrolment: true },
    schema: { tags: ["auth"], summary: "Confirm TOTP enrolment with a current code; returns ten single-use recovery codes, shown this once", body: z.strictObject({ code: Code }) },
  }, async (req) => {
    const v = viewerOf(req);
    const row = await db(req).selectFrom("users").select("mfa_secret").where("id", "=", v.id).executeTakeFirstOrThrow();
    if (!row.mfa_secret) throw new AccordError("conflict", "Start enrolment first.");
    const step = checkTotp(v.username, unseal(sealKey(), row.mfa_secret), req.body.code);
    if (step === null) throw new AccordError("validation_failed", "code: the code does not match", [{ field: "code", rule: "totp", message: "does not match" }]);
    const recoveryCodes = await db(req).transaction().execute(async (tx) => {
      const enabled = await tx.updateTable("users").set({ mfa_enabled: 1, mfa_last_step: step }).where("id", "=", v.id).where("mfa_enabled", "=", 0).executeTakeFirst();
      if (Number(enabled.numUpdatedRows) !== 1) throw new AccordError("conflict", "A second factor is enrolled already.");
      if (req.auth?.sessionToken) await markMfaPassed(tx, req.auth.sessionToken);
      const codes = await replaceRecoveryCodes(tx, v.id);
      await appendAudit(tx, { actor: v.id, action: "auth.mfa_enrolled", outcome: "success", client: clientOf(req), details: { recoveryCodes: codes.length } });
      return codes;
    });
    return { mfaEnabled: true, recoveryCodes };
  });

  /**
   * A step-up check (the current password, an authenticator code) counts against the same
   * throttle as sign-in, so a borrowed session cannot be used to guess either.
   */
  const stepUp = async (req: FastifyRequest, reply: FastifyReply, check: () => Promise<boolean>, field: string, what: string) => {
    const v = viewerOf(req);
    const attempt = await beginAttempt(db(req), app.ctx.config.throttle, v.username, clientOf(req));
    if (!attempt.verdict.allow) {
      await attemptRefused(db(req), attempt);
      const err = new SigninThrottled(attempt.verdict.retryAfterMs);
      reply.header("retry-after", String(err.retryAfterSeconds));
      throw err;
    }
    if (!(await check())) {
      await db(req).transaction().execute(async (tx) => {
        await attemptFailed(tx, app.ctx.config.throttle, attempt);
        await appendAudit(tx, { actor: v.id, action: "auth.step_up", outcome: "failure", client: clientOf(req), details: { field } });
      });
      throw invalid(field, "matches", what);
    }
    return attempt;
  };

  r.post("/auth/mfa/recovery-codes", {
    schema: { tags: ["auth"], summary: "Replace my recovery codes with ten new ones (the old ones stop working); needs a current authenticator code", body: z.strictObject({ code: Code }) },
  }, async (req, reply) => {
    const v = viewerOf(req);
    if (!v.mfaEnabled) throw new AccordError("conflict", "Enrol a second factor first.");
    const row = await db(req).selectFrom("users").select(["mfa_secret", "mfa_last_step"]).where("id", "=", v.id).executeTakeFirstOrThrow();
    let step: number | null = null;
    const attempt = await stepUp(req, reply, async () => (step = checkTotp(v.username, unseal(sealKey(), row.mfa_secret!), req.body.code, row.mfa_last_step)) !== null, "code", "does not match, or was used already");
    return db(req).transaction().execute(async (tx) => {
      const claimed = await tx.updateTable("users").set({ mfa_last_step: step }).where("id", "=", v.id)
        .where((eb) => eb.or([eb("mfa_last_step", "is", null), eb("mfa_last_step", "<", step!)])).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw invalid("code", "matches", "was used already; wait for the next one");
      await attemptSucceeded(tx, app.ctx.config.throttle, attempt);
      const recoveryCodes = await replaceRecoveryCodes(tx, v.id);
      await appendAudit(tx, { actor: v.id, action: "auth.recovery_codes_replaced", outcome: "success", client: clientOf(req), details: { recoveryCodes: recoveryCodes.length } });
      return { recoveryCodes };
    });
  });

  r.post("/auth/password", {
    config: { mfaEnrolment: true },
    schema: {
      tags: ["auth"], summary: "Change my password: needs the current one; ends my other sessions and revokes my API tokens",
      body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(12).max(200) }),
    },
  }, async (req, reply) => {
    const v = viewerOf(req);
    const problem = passwordProblem(req.body.newPassword);
    if (problem) throw invalid("newPassword", "strength", problem);
    const row = await db(req).selectFrom("users").select("password_hash").where("id", "=", v.id).executeTakeFirstOrThrow();
    const attempt = await stepUp(req, reply, () => verifyPassword(row.password_hash, req.body.currentPassword), "currentPassword", "is not your current password");
    const hash = await hashPassword(req.body.newPassword);
    const s = await db(req).transaction().execute(async (tx) => {
      await attemptSucceeded(tx, app.ctx.config.throttle, attempt);
      await tx.updateTable("users").set({ password_hash: hash, updated_at: new Date().toISOString() }).where("id", "=", v.id).execute();
      const revoked = await revokeCredentials(tx, v.id);
      await appendAudit(tx, { actor: v.id, action: "auth.password_changed", outcome: "success", client: clientOf(req), details: { ...revoked } });
      // This session ended with the others: the one who changed the password gets a fresh one.
      return createSession(tx, v.id, req.auth?.mfaPassed ?? true, clientOf(req));
    });
    reply.setCookie(SESSION_COOKIE, s.token, cookieOpts());
    return { csrfToken: s.csrfToken };
  });

  const TokenIn = z.strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
    expiresAt: z.iso.datetime().optional(),
  });
  r.post("/auth/tokens", { schema: { tags: ["auth"], summary: "Create a scoped API token (shown once)", body: TokenIn } }, async (req, reply) => {
    const v = viewerOf(req);
    if (req.auth?.via !== "session") throw new AccordError("forbidden", "API tokens are created from a signed-in session.");
    const t = await db(req).transaction().execute(async (tx) => {
      const t = await createApiToken(tx, v.id, req.body.name, req.body.scopes, req.body.expiresAt ?? null);
      await appendAudit(tx, { actor: v.id, action: "auth.token_created", target: t.id, outcome: "success", client: clientOf(req), details: { scopes: req.body.scopes } });
      return t;
    });
    return reply.code(201).send({ id: t.id, token: t.token, scopes: req.body.scopes });
  });

  r.get("/auth/tokens", { schema: { tags: ["auth"], summary: "My API tokens" } }, async (req) => {
    const rows = await db(req).selectFrom("api_tokens").select(["id", "name", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"])
      .where("user_id", "=", viewerOf(req).id).orderBy("created_at", "desc").execute();
    return { items: rows.map((t) => ({ id: t.id, name: t.name, scopes: JSON.parse(t.scopes) as string[], createdAt: t.created_at, expiresAt: t.expires_at, revokedAt: t.revoked_at })) };
  });

  r.delete("/auth/tokens/:id", { schema: { tags: ["auth"], summary: "Revoke an API token", params: z.strictObject({ id: z.string().max(40) }) } }, async (req, reply) => {
    const v = viewerOf(req);
    const ok = await db(req).transaction().execute(async (tx) => {
      const ok = await revokeApiToken(tx, v.id, req.params.id);
      if (ok) await appendAudit(tx, { actor: v.id, action: "auth.token_revoked", target: req.params.id, outcome: "success", client: clientOf(req) });
      return ok;
    });
    if (!ok) throw new AccordError("not_found", "No such token.");
    return reply.code(204).send();
  });

}
