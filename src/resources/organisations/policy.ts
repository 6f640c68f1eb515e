import { definePolicy } from "../../domain/policy.ts";

export const organisationPolicy = definePolicy<void>()({ editors: ["secretariat", "analyst", "security_officer", "programme"] });
