// The extraction result, exactly as /work/shared/extraction/SCHEMA.md describes it.
import type { OrgKind } from './gazetteer.ts';

export interface Source {
  title: string | null;
  publisher: string | null;
  url: string | null;
  published: string | null;
}

export interface MeetingEvent {
  type: 'meeting';
  forum: string;
  sequence: number | null;
  date_start: string | null;
  date_end: string | null;
  venue: string | null;
  countries: string[];
  co_chairs: string[];
}

export interface AgreementEvent {
  type: 'agreement';
  kind: 'MoU' | 'Agreement' | 'Protocol' | 'Letter of Intent' | 'Roadmap' | 'Other';
  title: string | null;
  date: string | null;
  venue: string | null;
  countries: string[];
  areas: string[];
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
}

export interface CallOnEvent {
  type: 'call_on';
  date: string | null;
  visitor: string;
  host: string;
}

export type ExtractedEvent = MeetingEvent | AgreementEvent | VisitEvent | CallOnEvent;

export interface ExtractedPerson {
  name: string;
  title: string | null;
  country: string | null;
}

export interface ExtractedOrganization {
  name: string;
  country: string | null;
  kind: OrgKind;
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
