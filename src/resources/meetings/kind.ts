import { sql } from "kysely";
import { defineKind, filtersOf } from "../kind.ts";
import { meetingPolicy } from "./policy.ts";
import { presentMeetings } from "./present.ts";
import { meetingRoutes } from "./routes.ts";
import { Meeting, MeetingCreate, MeetingQuery, MeetingUpdate, MEETING_STATUSES } from "./schema.ts";
import { createMeeting, updateMeeting } from "./write.ts";

export const meetingKind = defineKind({
  kind: "meeting",
  path: "meetings",
  tables: ["meetings", "meeting_co_chairs", "meeting_participants", "agenda_items", "outcomes", "minutes_versions", "minutes_approvals"],
  schemas: { Item: Meeting, Create: MeetingCreate, Update: MeetingUpdate, Query: MeetingQuery },
  policy: meetingPolicy,
  present: presentMeetings,
  create: createMeeting,
  update: updateMeeting,
  filters: (q) => filtersOf(q, {
    forumId: (id) => sql<boolean>`r.id in (select id from meetings where forum_id = ${id})`,
    status: (s) => sql<boolean>`r.id in (select id from meetings where status = ${s})`,
  }),
  facets: ["status"],
  exportColumns: [["id", (m) => m.id], ["title", (m) => m.title], ["sequence", (m) => m.sequence], ["start", (m) => m.dateStart ?? ""], ["end", (m) => m.dateEnd ?? ""],
    ["venue", (m) => [m.venueCity, m.venueCountry].filter(Boolean).join(", ")], ["status", (m) => m.status]],
  searchable: true,
  links: [],
  parent: { field: "forumId", kind: "forum" },
  enums: { status: MEETING_STATUSES },
  routes: meetingRoutes,
});
