// The security headers every response carries (Content-Security-Policy, HSTS, X-Frame-Options and
// the rest of helmet's set). Helmet decides them; because none of them depends on the request, they
// are decided once at start and the same list is set on every response. (@fastify/helmet built a
// new helmet middleware, parsing the CSP directives again, on every request.)
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/** Helmet's options for this server: its defaults, with our Content-Security-Policy. */
export function helmetOptions(secureCookies: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], imgSrc: ["'self'", "data:"], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"], frameAncestors: ["'none'"],
        // Only behind TLS: on plain HTTP it would send browsers to an https:// that is not there.
        upgradeInsecureRequests: secureCookies ? [] : null,
      },
    },
  };
}

/** What helmet does to a response, in order: a header set to a value, or (value null) removed. */
export type HeaderSteps = readonly (readonly [name: string, value: string | null])[];

/**
 * Runs helmet's middleware once on a recording response and returns what it did. A directive
 * given as a function would be computed per request, so it is refused here rather than frozen.
 */
export function securityHeaderSteps(options: HelmetOptions): HeaderSteps {
  const csp = options.contentSecurityPolicy;
  const directives = csp && typeof csp === "object" ? Object.values(csp.directives ?? {}) : [];
  if (directives.some((d) => typeof d === "function" || (Array.isArray(d) && d.some((e) => typeof e === "function")))) {
    throw new Error("a Content-Security-Policy directive computed per request cannot be set once for every response");
  }
  const steps: [string, string | null][] = [];
  const recorder = {
    setHeader(name: string, value: string) { steps.push([name, value]); },
    removeHeader(name: string) { steps.push([name, null]); },
  };
  let error: unknown = null;
  helmet(options)({} as never, recorder as never, (err?: unknown) => { error = err ?? null; });
  if (error) throw error;
  return steps;
}

/**
 * Sets the security headers on every response (registered first, before the lifecycle, so even a
 * refusal while draining carries them). They go on the reply, as the headers Fastify itself sets:
 * a header set on the raw response instead made Node merge every one of Fastify's into it again at
 * writeHead (its slow path), on every response.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const steps = securityHeaderSteps(options).map(([name, value]) => [name.toLowerCase(), value] as const);
  app.addHook("onRequest", (_req, reply, next) => {
    for (const [name, value] of steps) {
      if (value === null) reply.removeHeader(name);
      else reply.header(name, value);
    }
    next();
  });
}
