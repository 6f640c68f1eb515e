// `/<collection>/new` and `/<collection>/<id>/edit` for every kind with an editor (specs.ts).
// Whether the reader may create or edit comes from the server's policies (GET /api/policies and
// the record's own `policies`), never from a copy of the roles here.
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useParams } from "react-router";
import { useApi } from "../api/hooks.ts";
import type { PlatformPolicies } from "../api/types.ts";
import { useMe, useSession } from "../auth/session.tsx";
import { pathOf } from "../components/paths.ts";
import { Loaded, NotFound } from "../components/Status.tsx";
import { PageHead, useNames } from "../components/ui.tsx";
import { defaultMarking, parentMarking } from "../markings/MarkingPicker.tsx";
import { RecordForm, type Saved } from "./RecordForm.tsx";
import { EDITORS, lockedFields, type Ctx, type KindEditor } from "./specs.ts";

const collectionOf = (pathname: string) => pathname.split("/").filter(Boolean)[0] ?? "";

function useCtx(): Ctx {
  const { t } = useTranslation();
  const names = useNames();
  const me = useMe();
  return { t, names, compartments: me.compartments };
}

export function NewRecordPage() {
  const { t } = useTranslation();
  const collection = collectionOf(useLocation().pathname);
  const editor = EDITORS[collection] as KindEditor<Saved> | undefined;
  const may = useApi<PlatformPolicies>("/policies");
  if (!editor?.creatable) return <NotFound />;
  return (
    <Loaded state={may}>
      {(m) => m.create[editor.kind] ? <NewForm editor={editor} /> : <p className="error" role="alert">{t("errors.forbidden")}</p>}
    </Loaded>
  );
}

function NewForm({ editor }: { editor: KindEditor<Saved> }) {
  const { t } = useTranslation();
  const ctx = useCtx();
  const me = useMe();
  const { countries } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <PageHead title={t("edit.newTitle", { kind: t(`kind.${editor.kind}`) })} />
      <RecordForm<Saved>
        fields={editor.fields(ctx, "create")} initial={editor.blank(ctx)} marking={defaultMarking(me.nationality, countries)}
        path={`/${editor.collection}`} toBody={(v) => editor.body(v, "create")} submitLabel={t("edit.create")}
        onSaved={(r) => void navigate(pathOf(editor.kind, r.id) ?? "/")} onCancel={() => void navigate(`/${editor.collection}`)} />
    </>
  );
}

export function EditRecordPage() {
  const { id } = useParams();
  const collection = collectionOf(useLocation().pathname);
  const editor = EDITORS[collection] as KindEditor<Saved & { policies: { edit: boolean } }> | undefined;
  const state = useApi<Saved & { policies: { edit: boolean }; title?: string; name?: string }>(editor ? `/${collection}/${id}` : null);
  if (!editor) return <NotFound />;
  return <Loaded state={state}>{(r) => <EditForm editor={editor} record={r} />}</Loaded>;
}

function EditForm<R extends Saved & { policies: { edit: boolean }; title?: string; name?: string }>({ editor, record }: { editor: KindEditor<R>; record: R }) {
  const { t } = useTranslation();
  const ctx = useCtx();
  const navigate = useNavigate();
  const back = pathOf(editor.kind, record.id) ?? "/";
  return (
    <>
      <PageHead title={t("edit.editTitle", { title: record.title ?? record.name ?? "" })} marking={record.marking} kind={editor.kind} />
      {record.policies.edit ? (
        <RecordForm<R>
          fields={editor.fields(ctx, "edit")} initial={editor.values(record)} record={record} valuesOf={editor.values}
          locked={lockedFields(record as unknown as Record<string, unknown>)} marking={parentMarking(record.marking, record.marking.originator)}
          path={`/${editor.collection}/${record.id}`} toBody={(v) => editor.body(v, "edit")} submitLabel={t("common.save")}
          onSaved={() => void navigate(back)} onCancel={() => void navigate(back)} />
      ) : <p className="error" role="alert">{t("errors.forbidden")}</p>}
    </>
  );
}
