import { defineKind, shown } from "../kind.ts";
import { listActions } from "./list.ts";
import { actionPolicy } from "./policy.ts";
import { getAction, presentActions } from "./present.ts";
import { actionRoutes } from "./routes.ts";
import { Action, ACTION_STATUSES, ActionCreate, ActionQuery, ActionUpdate } from "./schema.ts";
import { createAction, updateAction } from "./write.ts";

export const actionKind = defineKind({
  kind: "action",
  path: "actions",
  tables: ["actions", "action_updates"],
  schemas: { Item: Action, Create: ActionCreate, Update: ActionUpdate, Query: ActionQuery },
  policy: actionPolicy,
  present: presentActions,
  create: createAction,
  update: updateAction,
  list: listActions,
  get: getAction,
  // The list filters in its own query (by due date); facets and export count every readable action.
  filters: () => [],
  facets: ["status", "owner_country"],
  exportColumns: [
    ["id", (a) => a.id], ["title", (a) => a.title], ["status", (a) => a.status], ["due", (a) => a.dueDate ?? ""], ["overdue days", (a) => a.overdueDays ?? ""],
    ["owner country", (a) => a.owner.country], ["owner organisation", (a) => shown(a.owner.organisation)],
    ["owner person", (a) => shown(a.owner.person)], ["meeting", (a) => shown(a.meeting)],
    ["latest update", (a) => a.updates[0]?.text ?? ""],
  ],
  searchable: true,
  links: [],
  parent: { field: "meetingId", kind: "meeting" },
  enums: { status: ACTION_STATUSES },
  routes: actionRoutes,
});
