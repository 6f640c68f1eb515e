// Where each kind of record opens in the web app (generated from the server's kind registry).
import { PATHS, type Kind } from "../generated/kinds.ts";

/** Kinds with pages of their own that are not API collections of the same name. */
const OWN_PAGES: Record<string, string> = { source: "/sources", draft: "/drafts" };

export const pathOf = (kind: string, id: string): string | null => {
  const path = PATHS[kind as Kind] ?? OWN_PAGES[kind];
  return path ? `${path}/${id}` : null;
};
