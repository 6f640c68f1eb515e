// The extraction result in the shape of ../shared/extraction/SCHEMA.md, plus what the scorer does
// not read: a confidence per record and slot, and a visit's place and meeting.
import type { OrgKind } from './gazetteer.ts';

export interface Source {
  title: string | null;
  publisher: string | null;
  url: string | null;
  published: string | null;
}

/**
 * How likely each value is right: a calibrated probability for the record as a whole and for each
 * stated slot (list slots score the list). Drafts rank proposals by `record` and show slots below
 * UNSURE as unsure. The scorer ignores it.
 */
export interface Confidence {
  record: number;
  slots: Record<string, number>;
}

/** Below this a value is shown as unsure rather than filled in silently. */
export const UNSURE = 0.7;

export interface MeetingEvent {
  type: 'meeting';
  forum: string;
  sequence: number | null;
  date_start: string | null;
  date_end: string | null;
  venue: string | null;
  countries: string[];
  co_chairs: string[];
  confidence?: Confidence;
  /** Where each value came from (only with the `explain` option). */
  why?: Record<string, string>;
}

export interface AgreementEvent {
  type: 'agreement';
  kind: 'MoU' | 'Agreement' | 'Protocol' | 'Letter of Intent' | 'Roadmap' | 'Other';
  title: string | null;
  date: string | null;
  venue: string | null;
  countries: string[];
  areas: string[];
  confidence?: Confidence;
  /** Where each value came from (only with the `explain` option). */
  why?: Record<string, string>;
}

export interface VisitEvent {
  type: 'visit';
  date_start: string | null;
  date_end: string | null;
  visitor: string | null;
  delegation_country: string | null;
  host_country: string | null;
  hosts: string[];
  purpose: string | null;
  /** The town or city visited, where stated (not scored). */
  place?: string | null;
  /** Index in `events` of the meeting held during the same trip, if any (not scored). */
  meeting?: number | null;
  confidence?: Confidence;
  /** Where each value came from (only with the `explain` option). */
  why?: Record<string, string>;
}

export interface CallOnEvent {
  type: 'call_on';
  date: string | null;
  visitor: string;
  host: string;
  confidence?: Confidence;
  /** Where each value came from (only with the `explain` option). */
  why?: Record<string, string>;
}

export type ExtractedEvent = MeetingEvent | AgreementEvent | VisitEvent | CallOnEvent;

export interface ExtractedPerson {
  name: string;
  title: string | null;
  country: string | null;
  confidence?: Confidence;
  /** Where each value came from (only with the `explain` option). */
  why?: Record<string, string>;
}

export interface ExtractedOrganization {
  name: string;
  country: string | null;
  kind: OrgKind;
  confidence?: Confidence;
  /** Where each value came from (only with the `explain` option). */
  why?: Record<string, string>;
}

export interface Extraction {
  source: Source;
  events: ExtractedEvent[];
  people: ExtractedPerson[];
  organizations: ExtractedOrganization[];
}

export function emptyExtraction(source: Partial<Source> = {}): Extraction {
  return {
    source: { title: null, publisher: null, url: null, published: null, ...source },
    events: [],
    people: [],
    organizations: [],
  };
}
