// The events that reach users (issue 14), each about one record. Pure data: the web app and the
// preferences share this list.
export const NOTIFICATION_EVENTS = ["minutes_awaiting", "minutes_agreed", "release_requested", "release_decided", "action_assigned"] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Stands for Accord's address in a queued e-mail; the sender puts the configured address in. */
export const LINK = "{accord-link}";

/** What an e-mail says, whatever the event: no title, no kind, nothing above UNCLASSIFIED. */
export const MAIL_SUBJECT = "Something awaits you in Accord";
export function mailBody(link: string): string {
  return `Something awaits you in Accord.\n\nSign in to see it: ${link}\n\nThis message says nothing more on purpose: what awaits you is shown only in Accord, to you.\nYou can choose which events reach you, and how, on your notification settings page: ${link.replace(/\/$/, "")}/notifications/settings\n`;
}
