// The one access layer (SPEC 3.2). Every read path composes `readableMarkings(scope)` into its
// SQL, so the database returns only what the caller may read. The predicate is written once,
// over a user row `u` and a marking row `m`, and serves both questions:
// "what may this user read" and "who may read this".
import { sql, type RawBuilder } from "kysely";
import type { Rank } from "../domain/markings.ts";

/** A caller whose reads are filtered. Only `forUser` and `system` make one: forgetting the user does not compile. */
export class Scope {
  private constructor(
    readonly userId: string | null,
    readonly viewer: Viewer | null,
  ) {}
  static forUser(viewer: Viewer): Scope {
    return new Scope(viewer.id, viewer);
  }
  /** Unfiltered: only for audit bookkeeping, existence checks after a denial, and the CLI. Grep for it. */
  static system(): Scope {
    return new Scope(null, null);
  }
  get isSystem(): boolean {
    return this.userId === null;
  }
  requireViewer(): Viewer {
    if (!this.viewer) throw new Error("this operation needs a signed-in user");
    return this.viewer;
  }
}

export interface Viewer {
  id: string;
  username: string;
  displayName: string;
  nationality: string;
  clearance: Rank;
  compartments: string[];
  roles: string[];
  status: "active" | "locked" | "disabled";
  locale: string;
  mfaEnabled: boolean;
}

/** SPEC 3.2 rules 1–4 over aliases `u` (users) and `m` (markings); fail closed on anything unknown. */
const predicate = sql`
  u.status = 'active'
  and m.cls between 0 and 4
  and exists (select 1 from countries oc where oc.code = m.originator)
  and u.clearance >= m.cls
  and u.clearance >= coalesce((select e.to_rank from level_equivalences e
        where e.from_country = m.originator and e.from_rank = m.cls and e.to_country = u.nationality), 0)
  and (m.originator = u.nationality or m.rel_all = 1
       or exists (select 1 from marking_countries mc where mc.marking_id = m.id and mc.country = u.nationality))
  and not exists (select 1 from marking_compartments mk where mk.marking_id = m.id
       and not exists (select 1 from user_compartments uc where uc.user_id = u.id and uc.compartment = mk.compartment))`;

/** `select m.id from markings m ...`: the markings the scope's user may read (all of them for system). */
export function readableMarkings(scope: Scope): RawBuilder<{ id: string }> {
  if (scope.userId === null) return sql`select m.id from markings m`;
  return sql`select m.id from markings m join users u on u.id = ${scope.userId} where ${predicate}`;
}

/** `select u.id from users u ...`: who may read records carrying this marking. */
export function readersOfMarking(markingId: string): RawBuilder<{ id: string }> {
  return sql`select u.id from users u join markings m on m.id = ${markingId} where ${predicate}`;
}
