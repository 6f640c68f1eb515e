// Every marked thing on screen registers its marking here while it is shown; the page banner is
// derived from whatever is registered, so it cannot forget a record a component added.
import { createContext, useContext, useEffect, useId, useMemo, useState, type ReactNode } from "react";
import type { MarkingOutput } from "../api/types.ts";

interface Actions {
  put(key: string, markings: MarkingOutput[]): void;
  drop(key: string): void;
}

// Two contexts: the actions never change, so registering does not re-render every registrant.
const ActionsCtx = createContext<Actions | null>(null);
const ShownCtx = createContext<MarkingOutput[]>([]);

export function MarkingRegistry({ children }: { children: ReactNode }) {
  const [byKey, setByKey] = useState<ReadonlyMap<string, MarkingOutput[]>>(new Map());
  const actions = useMemo<Actions>(() => ({
    put: (key, markings) => setByKey((m) => new Map(m).set(key, markings)),
    drop: (key) => setByKey((m) => {
      if (!m.has(key)) return m;
      const n = new Map(m);
      n.delete(key);
      return n;
    }),
  }), []);
  const shown = useMemo(() => [...byKey.values()].flat(), [byKey]);
  return (
    <ActionsCtx.Provider value={actions}>
      <ShownCtx.Provider value={shown}>{children}</ShownCtx.Provider>
    </ActionsCtx.Provider>
  );
}

export function useShownMarkings(): MarkingOutput[] {
  return useContext(ShownCtx);
}

/** Declares markings as shown on screen for as long as the calling component is mounted. */
export function useShowMarkings(markings: (MarkingOutput | null | undefined)[]): void {
  const reg = useContext(ActionsCtx);
  const key = useId();
  const list = markings.filter((m): m is MarkingOutput => Boolean(m));
  // The banners stand for the list's content: re-register only when they change.
  const signature = JSON.stringify(list);
  useEffect(() => {
    reg?.put(key, JSON.parse(signature) as MarkingOutput[]);
  }, [reg, key, signature]);
  useEffect(() => () => reg?.drop(key), [reg, key]);
}
