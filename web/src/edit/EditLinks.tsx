// The "Edit" and "New" buttons, shown by the server's policies: a record's own `policies.edit`,
// and GET /api/policies for what the reader may create.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { PlatformPolicies } from "../api/types.ts";
import { pathOf } from "../components/paths.ts";
import type { Kind } from "../generated/kinds.ts";

export function EditLink({ r }: { r: { id: string; kind: string; policies: { edit: boolean } } }) {
  const { t } = useTranslation();
  if (!r.policies.edit) return null;
  return <Link className="button secondary" to={`${pathOf(r.kind, r.id)}/edit`} data-testid="edit-record">{t("common.edit")}</Link>;
}

export function NewLink({ kind, collection }: { kind: Kind; collection: string }) {
  const { t } = useTranslation();
  const may = useApi<PlatformPolicies>("/policies").data;
  if (!may?.create[kind]) return null;
  return <Link className="button" to={`/${collection}/new`} data-testid="new-record">{t("edit.newTitle", { kind: t(`kind.${kind}`) })}</Link>;
}
