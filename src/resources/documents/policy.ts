import { definePolicy } from "../../domain/policy.ts";

const editors = ["secretariat", "analyst", "programme", "industry", "security_officer"] as const;

export const documentPolicy = definePolicy<void>()({
  editors,
  rules: {
    /** Upload a new version of the file: an edit of the document. */
    uploadVersion: (a) => editors.some((r) => a.roles.includes(r)),
  },
});
