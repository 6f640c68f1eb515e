// The outbox (SPEC 8.2): every change to a record a peer may receive, or holds a copy of, is put
// here in the same transaction as the change, so a committed change is never missed and a
// rolled-back one never sent. Which peer may receive it is the read rule for the peer principal
// (store/access.ts), inside the query.
import { sql } from "kysely";
import { peerReadableMarkings } from "../store/access.ts";
import { signalOnCommit } from "../store/commit-signals.ts";
import type { Conn, Tx } from "../store/db.ts";

/** Raised once a request's transaction that gave a peer something to send commits: the server pushes soon after (service.ts). */
export const OUTBOX_SIGNAL = "federation.outbox";

/** Called by the record writer after each version it writes (store/records.ts). No peer, no row. */
export async function enqueueChange(tx: Tx, recordId: string): Promise<void> {
  const queued = await sql`insert into federation_outbox (peer_id, record_id, at)
    select p.id, r.id, ${new Date().toISOString()} from federation_peers p join records r on r.id = ${recordId}
    where p.status <> 'removed'
      and (r.marking_id in (${peerReadableMarkings(sql.ref("p.id"))})
           or exists (select 1 from federation_sent s where s.peer_id = p.id and s.record_id = r.id))`.execute(tx);
  if (Number(queued.numAffectedRows ?? 0) > 0) signalOnCommit(OUTBOX_SIGNAL);
}

/**
 * After a change to the link itself (added, level or compartments changed, suspended, resumed):
 * every record the peer may now receive and every record it holds is looked at again.
 */
export async function enqueueAll(tx: Tx, peerId: string): Promise<void> {
  const at = new Date().toISOString();
  await sql`insert into federation_outbox (peer_id, record_id, at)
    select ${peerId}, r.id, ${at} from records r where r.marking_id in (${peerReadableMarkings(peerId)})
    union
    select ${peerId}, s.record_id, ${at} from federation_sent s where s.peer_id = ${peerId}`.execute(tx);
  signalOnCommit(OUTBOX_SIGNAL);
}

/** Changes waiting to be bundled for a peer. */
export async function outboxDepth(conn: Conn, peerId: string): Promise<number> {
  const row = await conn.selectFrom("federation_outbox").select((eb) => eb.fn.countAll<number>().as("n")).where("peer_id", "=", peerId).executeTakeFirstOrThrow();
  return Number(row.n);
}
