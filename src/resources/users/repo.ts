// Reading accounts and account changes for the API: rows to shapes, and who may see which change.
import type { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { LEVELS, type Rank } from "../../domain/markings.ts";
import { loadViewer } from "../../accounts/users.ts";
import { refusalToDecide, type Grants } from "../../accounts/changes.ts";
import type { Viewer } from "../../store/access.ts";
import type { Conn } from "../../store/db.ts";
import type { AccountChangeTable } from "../../store/schema.ts";
import type { AccountChangeOut, UserOut } from "./schema.ts";

type ChangeOut = z.infer<typeof AccountChangeOut>;
type UserRef = { id: string; username: string; displayName: string; nationality: string };

async function refs(conn: Conn, ids: string[]): Promise<Map<string, UserRef>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await conn.selectFrom("users").select(["id", "username", "display_name", "nationality"]).where("id", "in", unique).execute();
  return new Map(rows.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.display_name, nationality: u.nationality }]));
}

const grantsOut = (g: Grants): ChangeOut["grants"] => ({
  ...(g.clearance ? { clearance: { from: LEVELS[g.clearance.from], to: LEVELS[g.clearance.to] } } : {}),
  ...(g.compartments ? { compartments: g.compartments } : {}),
  ...(g.roles ? { roles: g.roles } : {}),
  ...(g.password ? { password: true as const } : {}),
});

export async function presentChanges(conn: Conn, caller: Viewer, rows: AccountChangeTable[]): Promise<ChangeOut[]> {
  const people = await refs(conn, rows.flatMap((r) => [r.user_id, r.requested_by, ...(r.decided_by ? [r.decided_by] : [])]));
  const ref = (id: string) => { const { nationality: _n, ...r } = people.get(id)!; return r; };
  return rows.map((r) => {
    const grants = JSON.parse(r.grants) as Grants;
    const target = people.get(r.user_id)!;
    const pending = r.status === "pending";
    const may = (approve: boolean) => pending && refusalToDecide(caller, target, { requested_by: r.requested_by, grants }, approve) === null;
    return {
      id: r.id, user: target, requestedBy: ref(r.requested_by), reason: r.reason, grants: grantsOut(grants), status: r.status,
      decidedBy: r.decided_by ? ref(r.decided_by) : null, decidedAt: r.decided_at, note: r.decision_note, createdAt: r.created_at,
      mayApprove: may(true), mayRefuse: may(false), mayWithdraw: pending && (r.requested_by === caller.id || caller.roles.includes("admin")),
    };
  });
}

/**
 * The changes a caller may see: administrators all of them; security officers those to accounts
 * of their nationality; nobody else any.
 */
export async function listChanges(conn: Conn, caller: Viewer, filter: { status?: AccountChangeTable["status"] | undefined; userId?: string | undefined; limit?: number }): Promise<ChangeOut[]> {
  const admin = caller.roles.includes("admin");
  if (!admin && !caller.roles.includes("security_officer")) throw new AccordError("forbidden", "This needs the role admin or security_officer.");
  let q = conn.selectFrom("account_changes as c").innerJoin("users as u", "u.id", "c.user_id").selectAll("c");
  if (!admin) q = q.where("u.nationality", "=", caller.nationality);
  if (filter.status) q = q.where("c.status", "=", filter.status);
  if (filter.userId) q = q.where("c.user_id", "=", filter.userId);
  const rows = await q.orderBy("c.created_at", "desc").orderBy("c.id", "desc").limit(filter.limit ?? 200).execute();
  return presentChanges(conn, caller, rows);
}

export async function presentUser(conn: Conn, caller: Viewer, id: string): Promise<z.infer<typeof UserOut>> {
  const u = await loadViewer(conn, id);
  if (!u) throw new AccordError("not_found", "No such user.");
  // As in the list of changes: an officer sees only those to accounts of their nationality.
  const visible = caller.roles.includes("admin") || (caller.roles.includes("security_officer") && caller.nationality === u.nationality);
  const pending = visible ? await conn.selectFrom("account_changes").selectAll().where("user_id", "=", id).where("status", "=", "pending").execute() : [];
  const [pendingChange] = await presentChanges(conn, caller, pending);
  return {
    id: u.id, username: u.username, displayName: u.displayName, nationality: u.nationality, clearance: LEVELS[u.clearance as Rank],
    roles: u.roles, compartments: u.compartments, status: u.status, locale: u.locale, mfaEnabled: u.mfaEnabled, pendingChange: pendingChange ?? null,
  };
}
