// Statements become drafts, and drafts become records, at an analyst's (or the secretariat's) hand.
import { definePolicy, hasAnyRole } from "../../domain/policy.ts";

const editors = ["analyst", "secretariat"] as const;

export const sourcePolicy = definePolicy<void>()({ editors });

export const draftPolicy = definePolicy<{ status: "open" | "confirmed" | "discarded" }>()({
  editors,
  rules: {
    confirm: (a) => hasAnyRole(a, editors),
    discard: (a) => hasAnyRole(a, editors),
  },
});
