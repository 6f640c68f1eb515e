import { z } from "zod";
import { MarkingInput } from "../../domain/markings.ts";
import { PageQuery } from "../../http/pagination.ts";
import { Id, recordSchema, Reference, Text } from "../common.ts";
import { documentPolicy } from "./policy.ts";

export const DOC_KINDS = ["minutes", "agenda", "report", "agreement_text", "brief", "presentation", "correspondence", "technical", "other"] as const;

/** The `metadata` part of an upload (multipart/form-data, JSON text). */
export const DocumentCreate = z.strictObject({
  marking: MarkingInput.optional().describe("defaults to the marking of the record it is attached to"),
  title: Text(500),
  kind: z.enum(DOC_KINDS),
  attachedToId: Id.nullable().optional(),
});
export type DocumentCreate = z.infer<typeof DocumentCreate>;
export const DocumentUpdate = DocumentCreate.extend({ marking: MarkingInput }).partial().extend({ version: z.number().int().positive().optional() }).strict();
export type DocumentUpdate = z.infer<typeof DocumentUpdate>;

export const DocumentVersion = z.object({
  version: z.number(), contentHash: z.string(), size: z.number(), mediaType: z.string(), filename: z.string(), uploadedBy: z.string(), uploadedAt: z.string(),
});
export const Document = recordSchema(documentPolicy, {
  title: z.string(),
  docKind: z.enum(DOC_KINDS),
  attachedTo: Reference.nullable(),
  currentVersion: z.number(),
  versions: z.array(DocumentVersion),
});
export type Document = z.infer<typeof Document>;
export const DocumentQuery = PageQuery.extend({ kind: z.enum(DOC_KINDS).optional(), attachedTo: Id.optional() }).strict();
