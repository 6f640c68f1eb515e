// Hooks that only a change needs (a unit of work, an Idempotency-Key, an If-Match): they are put on
// the routes that take a POST, PUT, PATCH or DELETE, as those routes' own hooks, so a read never
// passes through them (each hook a request passes costs it a call, and an async one a promise).
// Each hook still checks the request's method itself: a route may take a safe method as well.
import type { FastifyInstance, onRequestAbortHookHandler, onResponseHookHandler, onSendHookHandler, preHandlerHookHandler, RouteOptions } from "fastify";

const SAFE = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

interface ChangeHooks {
  preHandler: preHandlerHookHandler[];
  onSend: onSendHookHandler[];
  onResponse: onResponseHookHandler[];
  onRequestAbort: onRequestAbortHookHandler[];
}

const byApp = new WeakMap<FastifyInstance, ChangeHooks>();

/** Whether a route takes a method that may change something. */
export function takesChanges(route: Pick<RouteOptions, "method">): boolean {
  return (Array.isArray(route.method) ? route.method : [route.method]).some((m) => !SAFE.has(m.toUpperCase()));
}

/**
 * Adds `hook` to every route registered from now on that takes a change. Change hooks run after
 * the server's own hooks of the same kind (auth's preHandler first), in the order they were added
 * here, and before any hook the route declares itself.
 */
export function addChangeHook<K extends keyof ChangeHooks>(app: FastifyInstance, name: K, hook: ChangeHooks[K][number]): void {
  let hooks = byApp.get(app);
  if (!hooks) {
    const all: ChangeHooks = { preHandler: [], onSend: [], onResponse: [], onRequestAbort: [] };
    hooks = all;
    byApp.set(app, all);
    app.addHook("onRoute", (route) => {
      if (!takesChanges(route)) return;
      const r = route as unknown as Record<keyof ChangeHooks, unknown>;
      for (const k of Object.keys(all) as (keyof ChangeHooks)[]) {
        if (!all[k].length) continue;
        const own = r[k] === undefined || r[k] === null ? [] : Array.isArray(r[k]) ? r[k] as unknown[] : [r[k]];
        r[k] = [...all[k], ...own];
      }
    });
  }
  (hooks[name] as ChangeHooks[K][number][]).push(hook);
}
