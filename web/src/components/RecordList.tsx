// A paged table of records the reader may read, each with its marking chip. On a phone each row
// becomes a card (styles.css, `.table.stack`), its marking at the top.
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useApi } from "../api/hooks.ts";
import type { MarkingOutput, Page } from "../api/types.ts";
import { MarkingChip } from "../markings/MarkingChip.tsx";
import { Empty, Loaded } from "./Status.tsx";

export type Column<T> = [header: string, cell: (item: T) => ReactNode];

export function RecordList<T extends { id: string; marking: MarkingOutput }>({ path, columns, testId }: { path: string; columns: Column<T>[]; testId?: string }) {
  const { t } = useTranslation();
  const state = useApi<Page<T>>(path);
  const [more, setMore] = useState<{ items: T[]; next: string | null } | null>(null);
  useEffect(() => setMore(null), [path]);
  const loadMore = async (cursor: string) => {
    const page = await api<Page<T>>(`${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}`);
    setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], next: page.nextCursor }));
  };
  return (
    <Loaded state={state}>
      {(page) => {
        const items = [...page.items, ...(more?.items ?? [])];
        const next = more ? more.next : page.nextCursor;
        if (!items.length) return <Empty>{t("common.noneVisible")}</Empty>;
        return (
          <>
            <div className="table-wrap">
              <table className="table stack" data-testid={testId}>
                <thead><tr>{columns.map(([h]) => <th key={h}>{h}</th>)}<th>{t("marking.label")}</th></tr></thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.id}>
                      {columns.map(([h, cell]) => <td key={h} data-label={h}>{cell(item)}</td>)}
                      <td data-label={t("marking.label")}><MarkingChip marking={item.marking} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {next && <button type="button" className="secondary" onClick={() => void loadMore(next)}>{t("common.more")}</button>}
          </>
        );
      }}
    </Loaded>
  );
}
