// What the federation routes answer (src/federation/service.ts, peers.ts): peers with their link
// state for security officers, and the replicas received from peer instances.
// Taken from the server's own definitions (types, and the pure markings module), so the two cannot drift apart.
import { LEVELS, type LevelName } from "../../../src/domain/markings.ts";
import type { PeerView as Peer } from "../../../src/federation/peers.ts";
import type { ContributionOut, ReplicaOut } from "../../../src/federation/schema.ts";

export type { Peer };
export type { ActionContent, MeetingContent } from "../../../src/federation/schema.ts";

/** The levels a link can be accredited for: the common scale's. */
export const LINK_LEVELS = LEVELS;
export type LinkLevel = LevelName;

export interface Peers {
  identity: { country: string; fingerprint: string; key: string } | null;
  peers: Peer[];
}

export type Contribution = ContributionOut;
export type Replica = ReplicaOut;
/** A replica as the Received list shows it. */
export type ReplicaSummary = Omit<ReplicaOut, "updatedAt" | "content" | "files" | "contributions">;
