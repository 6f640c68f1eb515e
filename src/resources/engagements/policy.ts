import { definePolicy } from "../../domain/policy.ts";

export const engagementPolicy = definePolicy<void>()({ editors: ["secretariat", "analyst"] });
