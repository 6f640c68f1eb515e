// Where each kind of record opens in the web app.
const PATHS: Record<string, string> = {
  organisation: "/organisations", person: "/people", agreement: "/agreements", document: "/documents", forum: "/forums",
  meeting: "/meetings", action: "/actions", engagement: "/engagements", programme: "/programmes",
};

export const pathOf = (kind: string, id: string): string | null => (PATHS[kind] ? `${PATHS[kind]}/${id}` : null);
