/** The states of a release request (SPEC 3.3): waiting for a decision, or decided. */
export const RELEASE_STATUSES = ["pending", "approved", "refused"] as const;
