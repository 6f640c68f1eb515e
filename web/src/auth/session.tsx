// Who is signed in, and the reference data every page needs (countries with their national
// classification names, cooperation areas). The language follows the user's remembered locale.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ApiError, setCsrfToken, whenSignedOut } from "../api/client.ts";
import type { Area, Country, Items, Session } from "../api/types.ts";
import { applyLanguage, isLanguage, takeSignedOutChoice, type Language } from "../i18n/index.ts";

type Status = "loading" | "signed-out" | "enrol" | "signed-in";
export type SecondFactor = { totp: string } | { recoveryCode: string };

interface SessionState {
  status: Status;
  me: Session | null;
  countries: Country[];
  areas: Area[];
  /** Signs in; a second factor is sent when given. Says how many recovery codes remain if one was used. */
  signIn(username: string, password: string, factor?: SecondFactor): Promise<{ recoveryCodesLeft: number | null }>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
  setLanguage(lng: Language): Promise<void>;
}

const Ctx = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Session | null>(null);
  const [status, setStatus] = useState<Status>("loading");
  const [countries, setCountries] = useState<Country[]>([]);
  const [areas, setAreas] = useState<Area[]>([]);

  const refresh = useCallback(async () => {
    try {
      let s = await api<Session>("/auth/session");
      setCsrfToken(s.csrfToken);
      // Picked on the sign-in page just now: that wins, and is remembered for the account.
      const chosen = takeSignedOutChoice();
      if (chosen && chosen !== s.locale) {
        await api("/auth/locale", { method: "PUT", body: { locale: chosen } }).catch(() => undefined);
        s = { ...s, locale: chosen };
      }
      setMe(s);
      if (isLanguage(s.locale)) await applyLanguage(s.locale);
      setStatus(s.mfaPending ? "enrol" : "signed-in");
      if (!s.mfaPending) {
        const [c, a] = await Promise.all([api<Items<Country>>("/countries"), api<Items<Area>>("/areas")]);
        setCountries(c.items);
        setAreas(a.items);
      }
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
      setMe(null);
      setStatus("signed-out");
    }
  }, []);

  useEffect(() => {
    whenSignedOut(() => { setMe(null); setStatus("signed-out"); });
    void refresh();
    return () => whenSignedOut(null);
  }, [refresh]);

  const signIn = useCallback(async (username: string, password: string, factor?: SecondFactor) => {
    const res = await api<{ csrfToken: string; recoveryCodesLeft: number | null }>("/auth/signin", { body: { username, password, ...factor } });
    setCsrfToken(res.csrfToken);
    await refresh();
    return { recoveryCodesLeft: res.recoveryCodesLeft };
  }, [refresh]);

  const signOut = useCallback(async () => {
    try {
      await api("/auth/signout", { method: "POST" });
    } finally {
      setCsrfToken(null);
      setMe(null);
      setStatus("signed-out");
    }
  }, []);

  const setLanguage = useCallback(async (lng: Language) => {
    await applyLanguage(lng);
    // Remembered for the user on the server, so it follows them to another device.
    if (me) {
      await api("/auth/locale", { method: "PUT", body: { locale: lng } }).catch(() => undefined);
      setMe({ ...me, locale: lng });
    }
  }, [me]);

  const value = useMemo(() => ({ status, me, countries, areas, signIn, signOut, refresh, setLanguage }), [status, me, countries, areas, signIn, signOut, refresh, setLanguage]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}

/** The signed-in user (pages under the signed-in layout only). */
export function useMe(): Session {
  const { me } = useSession();
  if (!me) throw new Error("useMe without a session");
  return me;
}

export const hasRole = (me: Session | null, ...roles: string[]) => Boolean(me && roles.some((r) => me.roles.includes(r)));
