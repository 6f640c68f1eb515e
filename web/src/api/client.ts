// The one way the web app talks to the API: same origin, the session cookie rides along, and
// every state-changing request carries the CSRF token the server gave at sign-in.
// Errors arrive as problem+json with a stable `code`, which the UI translates.

export interface FieldIssue { field: string; rule: string; message: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues: FieldIssue[] = [], readonly retryAfterSeconds: number | null = null) {
    super(message);
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (t: string | null) => { csrfToken = t; };

/** Told when the server says the session is gone, so the app can show the sign-in page. */
let onSignedOut: (() => void) | null = null;
export const whenSignedOut = (f: (() => void) | null) => { onSignedOut = f; };

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  form?: FormData;
  signal?: AbortSignal;
  /** Extra request headers (If-Match on edits). */
  headers?: Record<string, string>;
}

async function problemOf(res: Response): Promise<ApiError> {
  const retry = Number(res.headers.get("retry-after"));
  try {
    const p = (await res.json()) as { code?: string; detail?: string; errors?: FieldIssue[] };
    return new ApiError(res.status, p.code ?? "error", p.detail ?? res.statusText, p.errors ?? [], retry > 0 ? retry : null);
  } catch {
    return new ApiError(res.status, res.status === 404 ? "not_found" : "error", res.statusText);
  }
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined || opts.form ? "POST" : "GET");
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(`/api${path}`, { method, headers, body, signal: opts.signal, credentials: "same-origin" });
  if (!res.ok) {
    const err = await problemOf(res);
    if (res.status === 401 && err.code === "unauthenticated" && !path.startsWith("/auth/signin")) onSignedOut?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get("content-type") ?? "";
  return (type.includes("json") ? await res.json() : await res.text()) as T;
}

/** Builds a query string from the set values only. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
