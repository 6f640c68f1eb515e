import { definePolicy } from "../../domain/policy.ts";

export const personPolicy = definePolicy<void>()({ editors: ["secretariat", "analyst", "security_officer"] });
