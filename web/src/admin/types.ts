// Accounts as administrators and security officers see them, with the change awaiting a decision.
import type { User } from "../api/types.ts";

type Level = User["clearance"];
interface UserRef { id: string; username: string; displayName: string }

export interface AccountChange {
  id: string;
  user: UserRef & { nationality: string };
  requestedBy: UserRef;
  reason: string | null;
  grants: { clearance?: { from: Level; to: Level }; compartments?: string[]; roles?: string[]; password?: true };
  status: "pending" | "approved" | "refused" | "withdrawn";
  decidedBy: UserRef | null;
  decidedAt: string | null;
  note: string | null;
  createdAt: string;
  mayApprove: boolean;
  mayRefuse: boolean;
  mayWithdraw: boolean;
}

export interface AdminUser extends User {
  pendingChange: AccountChange | null;
}
