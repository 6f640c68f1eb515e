// Choose a record by typing: titles starting with the text are suggested as one types
// (/api/suggest); Enter or "Search" looks for the words anywhere (/api/search); an identifier can
// be pasted. Only records the user may read are offered. A combobox in the WAI-ARIA pattern:
// arrows move through the options, Enter chooses, Escape closes.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../api/client.ts";
import { describedBy, Field } from "./form.tsx";

export interface PickedRecord { id: string; kind: string; title: string }

/** A record identifier (ULID) as pasted; anything else is text to look for. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

export function RecordPicker({ label, hint, onPick, acceptText, testId }: {
  label: string;
  hint?: string;
  onPick(r: PickedRecord | { id: string; kind: null; title: null }): void;
  /** Text that may be taken as it is (an identifier of something that is not a record, say). */
  acceptText?: (text: string) => boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState("");
  const [items, setItems] = useState<PickedRecord[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [searched, setSearched] = useState(false);
  // Every request takes a number; only the latest one's answer is shown (a slow suggestion must not replace a search).
  const latest = useRef(0);
  /** The text last searched for: its suggestions, still pending, are not wanted any more. */
  const searchedFor = useRef<string | null>(null);

  // Suggestions follow the text, the last answer winning; a pause first, so typing is not a request per key.
  useEffect(() => {
    const q = text.trim();
    setSearched(false);
    searchedFor.current = null;
    if (q.length < 2 || ULID.test(q)) { setItems([]); return; }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      if (searchedFor.current === q) return;
      const mine = ++latest.current;
      api<{ items: PickedRecord[] }>(`/suggest${query({ q, limit: 8 })}`, { signal: ctl.signal })
        .then((r) => { if (mine !== latest.current) return; setItems(r.items); setActive(-1); setOpen(true); })
        .catch(() => undefined);
    }, 150);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [text]);

  const choose = (r: PickedRecord) => { setText(r.title); setOpen(false); setItems([]); onPick(r); };
  const search = async () => {
    const q = text.trim();
    if (!q) return;
    if (ULID.test(q)) { setOpen(false); onPick({ id: q.toUpperCase(), kind: null, title: null }); return; }
    if (acceptText?.(q)) { setOpen(false); onPick({ id: q, kind: null, title: null }); return; }
    searchedFor.current = q;
    const mine = ++latest.current;
    const r = await api<{ items: PickedRecord[] }>(`/search${query({ q, limit: 10 })}`);
    if (mine !== latest.current) return;
    setItems(r.items);
    setActive(-1);
    setSearched(true);
    setOpen(true);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" && items.length) { e.preventDefault(); setOpen(true); setActive((a) => (a + 1) % items.length); }
    else if (e.key === "ArrowUp" && items.length) { e.preventDefault(); setActive((a) => (a <= 0 ? items.length - 1 : a - 1)); }
    else if (e.key === "Escape") setOpen(false);
    else if (e.key === "Enter") {
      e.preventDefault();
      const picked = open ? items[active] : undefined;
      if (picked) choose(picked);
      else void search();
    }
  };
  const showList = open && (items.length > 0 || searched);
  return (
    // The list closes when focus leaves the picker, not when it moves to its own button.
    <div className="record-picker" onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false); }}>
      <Field id={id} label={label} hint={hint}>
        <div className="picker-row">
          <input type="text" role="combobox" value={text} dir="auto" autoComplete="off" spellCheck={false} data-testid={testId}
            aria-expanded={showList} aria-controls={listId} aria-autocomplete="list"
            aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
            {...describedBy(id, hint, undefined)}
            onChange={(e) => setText(e.target.value)} onKeyDown={onKey} />
          <button type="button" className="secondary" onClick={() => void search()}>{t("access.search")}</button>
        </div>
      </Field>
      <ul id={listId} role="listbox" aria-label={t("access.suggestions")} className="picker-options" hidden={!showList}>
        {items.map((r, i) => (
          <li key={r.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} className={i === active ? "active" : undefined}
            onMouseDown={(e) => { e.preventDefault(); choose(r); }}>
            <span dir="auto">{r.title}</span> <span className="muted">{t(`kind.${r.kind}`, { defaultValue: r.kind })}</span>
          </li>
        ))}
        {searched && items.length === 0 && <li className="muted" role="presentation">{t("access.noMatches")}</li>}
      </ul>
    </div>
  );
}
