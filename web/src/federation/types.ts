// What the federation routes answer (src/federation/service.ts, peers.ts): peers with their link
// state for security officers, and the replicas received from peer instances.
import type { MarkingOutput } from "../api/types.ts";

export const LINK_LEVELS = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"] as const;
export type LinkLevel = (typeof LINK_LEVELS)[number];

export interface Peer {
  id: string;
  country: string;
  url: string;
  fingerprint: string;
  level: LinkLevel;
  compartments: string[];
  status: "active" | "suspended" | "removed";
  lastBuilt: number;
  lastAcknowledged: number;
  lastApplied: number;
  queue: { changes: number; bundles: number };
  lastSentAt: string | null;
  lastReceivedAt: string | null;
  lastError: string | null;
}

export interface Peers {
  identity: { country: string; fingerprint: string; key: string } | null;
  peers: Peer[];
}

export interface ReplicaFrom { country: string; instance: string; receivedAt: string }

export interface ReplicaSummary {
  id: string;
  kind: string;
  title: string;
  version: number;
  marking: MarkingOutput;
  readOnly: true;
  from: ReplicaFrom;
}

export interface Contribution {
  id: string;
  kind: "minutes_approval" | "action_progress";
  state: "pending" | "applied" | "refused";
  reason: string | null;
  by: { userId: string; name: string };
  createdAt: string;
  decidedAt: string | null;
  hash: string;
  version: number | null;
  contentHash: string | null;
  onDate: string | null;
  text: string | null;
  status: string | null;
}

export interface Replica extends ReplicaSummary {
  updatedAt: string | null;
  content: unknown;
  files: { name: string; mediaType: string; size: number; sha256: string }[];
  contributions: Contribution[];
}

/** A received meeting's content, as its owner sends it. */
export interface MeetingContent {
  sequence?: number;
  dateStart?: string | null;
  venueCity?: string | null;
  venueCountry?: string | null;
  status?: string;
  coChairs?: { country: string; name: string | null }[];
  /** The forum's member countries: each must approve the same version. */
  members?: string[];
  minutes?: {
    versions: { version: number; text: string; contentHash: string; createdAt: string; approvals: { country: string; name: string | null; approvedAt: string }[] }[];
    agreed: { version: number; contentHash: string } | null;
  };
}

/** A received action's content, as its owner sends it. */
export interface ActionContent {
  description?: string | null;
  ownerCountry?: string;
  ownerName?: string | null;
  dueDate?: string | null;
  status?: string;
  progress?: { onDate: string; text: string; status: string | null; by: string | null; at: string }[];
}
