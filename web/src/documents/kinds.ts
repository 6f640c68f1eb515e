export const DOC_KINDS = ["minutes", "agenda", "report", "agreement_text", "brief", "presentation", "correspondence", "technical", "other"] as const;
