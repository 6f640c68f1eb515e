// Where each kind of record opens in the web app (generated from the server's kind registry).
import { PATHS, type Kind } from "../generated/kinds.ts";

export const pathOf = (kind: string, id: string): string | null => {
  const path = PATHS[kind as Kind];
  return path ? `${path}/${id}` : null;
};
