// Assembles the HTTP server: security headers, cookies, rate limits, schema validation that
// also yields the OpenAPI document, auth, and every resource's routes.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform, validatorCompiler } from "fastify-type-provider-zod";
import { checkResponsesByDefault, serializerCompiler } from "./serialize.ts";
import { DEFAULT_THROTTLE } from "../accounts/signin.ts";
import { rateLimitKey } from "../accounts/ratekey.ts";
import { defaultKeyPaths } from "../audit/checkpoint.ts";
import { defaultAuditConfig, registerAuditService } from "../audit/service.ts";
import type { Store } from "../store/db.ts";
import { registerAuth } from "./auth.ts";
import type { Config, Ctx } from "./context.ts";
import { MarkingSets } from "../store/marking-sets.ts";
import { IdentityCache } from "../accounts/identity-cache.ts";
import { AccordError } from "../domain/errors.ts";
import { defaultPoolConfig, WorkerPool } from "../workers/pool.ts";
import { errorHandler, jsonDepthExceeds, MAX_JSON_DEPTH, refuseNul, sendProblem } from "./problem.ts";
import { registerCompression, STATIC_DELIVERY } from "./delivery.ts";
import { helmetOptions, registerSecurityHeaders } from "./security-headers.ts";
import { registerRoutes } from "../resources/index.ts";
import { registerHealth } from "./health.ts";
import { registerIdempotency } from "./idempotency.ts";
import { registerPreconditions } from "./preconditions.ts";
import { registerLifecycle } from "./lifecycle.ts";
import { newLateCheckCounts } from "./late-check.ts";
import { registerUnits } from "./units.ts";
import { defaultFederationConfig } from "../federation/identity.ts";
import { registerFederation } from "../federation/service.ts";
import { mailConfigFromEnv, startSender } from "../notify/mail.ts";

/** The built web application (`npm run build`), served from the same origin as the API. */
export const WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

async function registerWebApp(app: FastifyInstance): Promise<void> {
  if (existsSync(join(WEB_DIST, "index.html"))) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: "/", wildcard: false, index: ["index.html"], ...STATIC_DELIVERY });
  } else {
    // Without a build, the root opens the browsable API.
    app.get("/", { config: { public: true }, schema: { hide: true } }, async (_req, reply) => reply.redirect("/api/docs"));
  }
}

function envMs(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a whole number of milliseconds, not ${JSON.stringify(v)}`);
  return n;
}

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    throttle: DEFAULT_THROTTLE,
    bodyLimit: 256 * 1024,
    fileLimit: 25 * 1024 * 1024,
    rateLimitPerMinute: Number(process.env.ACCORD_RATE_LIMIT ?? 1200),
    secureCookies: process.env.ACCORD_SECURE_COOKIES === "1",
    keys: defaultKeyPaths(),
    audit: defaultAuditConfig(),
    logLevel: process.env.LOG_LEVEL ?? "warn",
    searchRankedMatches: 5000,
    searchMarkingTerms: 256,
    searchPrefixWords: 64,
    requestTimeoutMs: envMs("ACCORD_REQUEST_TIMEOUT_MS", 15_000),
    healthTimeoutMs: envMs("ACCORD_HEALTH_TIMEOUT_MS", 2000),
    idempotencyTtlMs: 24 * 60 * 60_000,
    checkResponses: checkResponsesByDefault(),
    federation: defaultFederationConfig(),
    mail: mailConfigFromEnv(),
    pool: defaultPoolConfig(),
    ...overrides,
  };
}

/** E-mail from the outbox while the server runs, when an SMTP server is configured. */
function registerMailSender(app: FastifyInstance, store: Store, config: Config): void {
  const mail = config.mail;
  if (!mail) return;
  let sender: ReturnType<typeof startSender> | null = null;
  app.addHook("onReady", async () => {
    // Links go to the configured public address, or else to where this server listens.
    const link = () => {
      if (mail.publicUrl) return mail.publicUrl.replace(/\/?$/, "/");
      const a = app.server.address();
      return a && typeof a === "object" ? `http://${a.family === "IPv6" ? `[${a.address}]` : a.address}:${a.port}/` : "http://127.0.0.1:8080/";
    };
    sender = startSender(store.db, mail, link, (msg, err) => app.log.warn({ err }, msg));
  });
  app.addHook("onClose", async () => { await sender?.stop(); });
}

export async function buildServer(store: Store, config: Config = defaultConfig()): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    // Shutdown answers with a problem of its own (lifecycle.ts), not Fastify's plain JSON.
    return503OnClosing: false,
    trustProxy: process.env.ACCORD_TRUST_PROXY === "1",
    logger: {
      level: config.logLevel,
      // Secrets never reach the log.
      redact: ["req.headers.authorization", "req.headers.cookie", "req.headers[\"x-csrf-token\"]", "res.headers[\"set-cookie\"]"],
    },
  });
  // Security headers first: every answer carries them, a refusal while draining (lifecycle.ts) too.
  registerSecurityHeaders(app, helmetOptions(config.secureCookies));
  const lifecycle = registerLifecycle(app, config.requestTimeoutMs);
  const pool = new WorkerPool(config.pool);
  const ctx: Ctx = { store, config, markingSets: new MarkingSets(store.db, store.dialect), identities: new IdentityCache(store.db), lifecycle, pool, lateChecks: newLateCheckCounts() };
  app.decorate("ctx", ctx);
  app.addHook("onClose", () => pool.close());
  registerAuditService(app, store, config.keys, config.audit);
  registerMailSender(app, store, config);
  // The store's fault changes (database lost, back after so long, disk full) go to the server's log.
  store.health.log = (level, fields, message) => app.log[level](fields, message);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler(config.checkResponses));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    // The web application routes in the browser: any other GET outside /api gets its page.
    if (req.method === "GET" && !req.url.startsWith("/api/") && existsSync(join(WEB_DIST, "index.html"))) {
      return reply.type("text/html; charset=utf-8").sendFile("index.html");
    }
    return sendProblem(reply, 404, "not_found", `No route ${req.method} ${req.url.split("?")[0]}.`);
  });

  await registerCompression(app);
  await app.register(cookie);
  if (config.rateLimitPerMinute > 0) await app.register(rateLimit, { max: config.rateLimitPerMinute, timeWindow: "1 minute", keyGenerator: rateLimitKey(store.db) });
  // Multipart bodies are parsed only by the upload routes (uploads.ts).
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Accord API", version: "0.1.0", description: "Secure workspace for bilateral defence cooperation. Every read is filtered by the caller's clearance, nationality and compartments. Any POST accepts an Idempotency-Key header (1 to 255 printable ASCII characters): the first response for a key and user is returned again for the same request for 24 hours. Database faults are 503 (or 507 for a full disk) problems with Retry-After." },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "accord_session" },
          token: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  // Depth is checked on the text before it is parsed or walked: 50,000 nested arrays are a 400, not a stack overflow.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (jsonDepthExceeds(body as string)) {
      done(new AccordError("validation_failed", `(body): is nested more than ${MAX_JSON_DEPTH} levels deep`, [{ field: "(body)", rule: "max_depth", message: `is nested more than ${MAX_JSON_DEPTH} levels deep` }]), undefined);
      return;
    }
    void parseJson(req, body as string, done);
  });
  // U+0000 in any input is refused before validation, on both stores alike (see nulField).
  app.addHook("preValidation", (req, _reply, done) => {
    refuseNul(req.params, ["params"]);
    refuseNul(req.query, ["querystring"]);
    refuseNul(req.body);
    done();
  });
  registerAuth(app);
  // After auth (units and keys are per user), before the routes (every change gets them).
  registerIdempotency(app);
  registerUnits(app);
  registerPreconditions(app);
  registerHealth(app);
  await app.register(registerRoutes, { prefix: "/api" });
  await registerFederation(app, store.db, config.federation, {}, store.signals);
  await registerWebApp(app);
  app.get("/api/openapi.json", { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  return app;
}
