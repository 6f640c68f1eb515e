// The draft API's shapes (src/resources/ingest/routes.ts, src/ingest/propose.ts), types only.
import type { MarkingOutput } from "../api/types.ts";
import type { Proposal } from "../../../src/ingest/propose.ts";
import type { Span } from "../../../src/ingest/spans.ts";

export type { Proposal, Span };

export type DraftStatus = "open" | "confirmed" | "discarded";

/** One proposal's result. Anything but a record or a skip is a refusal, worded the same for every cause. */
export interface Outcome { key: string; action: string; recordId: string | null }

export interface Draft {
  id: string;
  title: string;
  status: DraftStatus;
  marking: string;
  source: { id: string; text: string; publisher: string | null; url: string | null; published: string | null } | null;
  proposals: Proposal[];
  outcome: Outcome[] | null;
}

export interface DraftSummary { id: string; title: string; status: DraftStatus; createdAt: string }

export type { Source } from "../../../src/resources/ingest/sources.ts";

export interface SourceSpan { sourceId: string; field: string; start: number | null; end: number | null; quote: string | null; publisher: string | null; url: string | null; published: string | null }

export interface Suggestion { id: string; kind: string; title: string; marking: MarkingOutput }
