// A deliberately plain reading of SPEC 3.2, independent of the application's access code:
// the oracle the no-leak tests compare every read path against.
export interface OracleUser { nationality: string; clearance: number; compartments: string[]; active: boolean }
export interface OracleMarking { level: number; originator: string; releasableTo: string[] | "ALL"; compartments: string[] }

export function oracleCanRead(u: OracleUser, m: OracleMarking): boolean {
  if (!u.active) return false;
  if (u.clearance < m.level) return false;
  const releasable = u.nationality === m.originator || m.releasableTo === "ALL" || m.releasableTo.includes(u.nationality);
  if (!releasable) return false;
  for (const c of m.compartments) if (!u.compartments.includes(c)) return false;
  return true;
}
