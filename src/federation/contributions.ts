// Joint acts across instances (SPEC 8.4). A co-chair approves a received meeting's minutes, or a
// user of the owner country records progress on a received action, on their own instance: the act
// is kept here as a contribution (`out`), signed by this instance's key, and travels in the next
// bundle to the record's owner only. The owner verifies it, applies it once under its own rules
// (`in`), and answers: applied (and the record, changed, is sent again) or refused with its reason.
import type { Conn } from "../store/db.ts";
import { Contribution } from "./bundle.ts";
import type { ContributionOut } from "./service.ts";

/** This instance's contributions to a record it holds a replica of, newest first. */
export async function contributionsOf(conn: Conn, recordId: string): Promise<ContributionOut[]> {
  const rows = await conn.selectFrom("federation_contributions").select(["id", "body", "hash", "state", "reason", "created_at", "decided_at"])
    .where("record_id", "=", recordId).where("direction", "=", "out").orderBy("created_at", "desc").orderBy("id", "desc").execute();
  return rows.map((r) => {
    const c = Contribution.parse(JSON.parse(r.body));
    const common = { id: r.id, kind: c.kind, state: r.state, reason: r.reason, createdAt: r.created_at, decidedAt: r.decided_at, hash: r.hash };
    return c.kind === "minutes_approval"
      ? { ...common, by: c.approver, version: c.version, contentHash: c.contentHash, onDate: null, text: null, status: null }
      : { ...common, by: c.by, version: null, contentHash: null, onDate: c.onDate, text: c.text, status: c.status };
  });
}
