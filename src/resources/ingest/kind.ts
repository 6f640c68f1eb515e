import { defineInternalKind } from "../kind.ts";
import { draftPolicy, sourcePolicy } from "./policy.ts";
import { ingestRoutes } from "./routes.ts";
import { sourceRoutes } from "./sources.ts";

/** Where records came from: a press release's text, and the spans behind each field of a record. */
export const sourceKind = defineInternalKind({ kind: "source", tables: ["sources", "record_sources"], policy: sourcePolicy, routes: sourceRoutes });

/** A statement's proposed records, until an analyst confirms or discards them. */
export const draftKind = defineInternalKind({ kind: "draft", tables: ["drafts", "draft_outcomes"], policy: draftPolicy, routes: ingestRoutes });
