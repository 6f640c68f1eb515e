import { definePolicy } from "../../domain/policy.ts";

export const agreementPolicy = definePolicy<void>()({ editors: ["secretariat", "analyst"] });
