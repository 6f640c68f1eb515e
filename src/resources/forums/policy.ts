import { definePolicy, hasAnyRole } from "../../domain/policy.ts";
import { meetingPolicy } from "../meetings/policy.ts";

export const forumPolicy = definePolicy<void>()({
  editors: ["secretariat"],
  rules: {
    /** Prepare the forum's next meeting: whoever may create meetings. */
    planMeeting: (a) => hasAnyRole(a, meetingPolicy.editors),
  },
});
