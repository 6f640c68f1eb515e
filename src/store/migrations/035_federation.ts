// Federation between national instances (SPEC 8, issue 17): the peers a security officer added,
// the outbox filled in the same transaction as each change to a record a peer may receive, what
// each peer holds of ours, the numbered bundles sent and received, and the read-only replicas of
// records other instances sent us (with their files' SHA-256).
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s.createTable("federation_peers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    // This instance's home country when the peer was added: the originator of what may leave.
    .addColumn("home_country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("url", "text", (c) => c.notNull())
    // The peer's Ed25519 public key (raw 32 bytes, base64url) and its SHA-256 fingerprint.
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    // The highest rank the link is accredited for (common scale 0-4).
    .addColumn("level", "integer", (c) => c.notNull().check(sql`level between 0 and 4`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('active', 'suspended', 'removed')`))
    // Outbound: the number the next bundle gets, and the highest the peer acknowledged applying.
    .addColumn("next_out_seq", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("acked_out_seq", "integer", (c) => c.notNull().defaultTo(0))
    // Inbound: the highest bundle number applied from this peer.
    .addColumn("applied_in_seq", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_sent_at", "text")
    .addColumn("last_received_at", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // One live link per country and per key.
  await sql`create unique index federation_peers_country on federation_peers (country) where status <> 'removed'`.execute(db);
  await sql`create unique index federation_peers_fingerprint on federation_peers (fingerprint) where status <> 'removed'`.execute(db);
  await s.createTable("federation_peer_compartments")
    .addColumn("peer_id", "text", (c) => c.notNull().references("federation_peers.id"))
    .addColumn("compartment", "text", (c) => c.notNull().references("compartments.code"))
    .addPrimaryKeyConstraint("federation_peer_compartments_pk", ["peer_id", "compartment"])
    .execute();
  await s.createTable("federation_outbox")
    .addColumn("id", dialect === "postgres" ? "bigserial" : "integer", (c) => (dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("peer_id", "text", (c) => c.notNull())
    .addColumn("record_id", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("federation_outbox_peer").on("federation_outbox").columns(["peer_id", "id"]).execute();
  // What each peer holds of ours, as of the bundles built: the version sent, so a retraction goes
  // exactly to the peers holding a copy.
  await s.createTable("federation_sent")
    .addColumn("peer_id", "text", (c) => c.notNull())
    .addColumn("record_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("marking_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("federation_sent_pk", ["peer_id", "record_id"])
    .execute();
  await s.createTable("federation_bundles_out")
    .addColumn("peer_id", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("items", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("acked_at", "text")
    .addPrimaryKeyConstraint("federation_bundles_out_pk", ["peer_id", "seq"])
    .execute();
  // Received bundles: `waiting` ones (ahead of a gap) keep their body until applied.
  await s.createTable("federation_bundles_in")
    .addColumn("peer_id", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("body", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('waiting', 'applied')`))
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("applied_at", "text")
    .addPrimaryKeyConstraint("federation_bundles_in_pk", ["peer_id", "seq"])
    .execute();
  await s.createTable("federation_replicas")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("peer_id", "text", (c) => c.notNull().references("federation_peers.id"))
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("marking_id", "text", (c) => c.notNull().references("markings.id"))
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .addColumn("bundle_seq", "integer", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("federation_replicas_marking").on("federation_replicas").columns(["marking_id", "received_at"]).execute();
  await s.createIndex("federation_replicas_peer").on("federation_replicas").columns(["peer_id"]).execute();
  await s.createTable("federation_replica_files")
    .addColumn("replica_id", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("federation_replica_files_pk", ["replica_id", "sha256"])
    .execute();
}
