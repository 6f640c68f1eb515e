// Federation for the home country's security officers (SPEC 8.1): this instance's identity (the
// fingerprint to read out to the peer's officer), and each peer with its link state: bundles sent
// and received, what waits, the last error. Adding, changing, suspending, resuming and removing a
// peer each ask for confirmation where they cut or end a link; the server audits every one.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.ts";
import { useAction, useApi } from "../api/hooks.ts";
import type { Compartment, Items } from "../api/types.ts";
import { Checkboxes } from "../admin/UserEditor.tsx";
import { ConfirmButton } from "../components/ConfirmButton.tsx";
import { ErrorSummary, useForm } from "../components/form.tsx";
import { useFormat } from "../components/format.ts";
import { CountrySelect, Select, TextField } from "../components/pickers.tsx";
import { Empty, ErrorText, Loaded } from "../components/Status.tsx";
import { Badge, Facts, PageHead, Section, useNames } from "../components/ui.tsx";
import { rankOf } from "../markings/derive.ts";
import { LINK_LEVELS, type LinkLevel, type Peer, type Peers } from "./types.ts";

export function PeersPage() {
  const { t } = useTranslation();
  const state = useApi<Peers>("/federation/peers");
  const compartments = useApi<Items<Compartment>>("/compartments").data?.items ?? [];
  const [adding, setAdding] = useState(false);
  return (
    <>
      <PageHead title={t("federation.title")}>
        {!adding && state.data?.identity && <button type="button" onClick={() => setAdding(true)} data-testid="peer-add">{t("federation.add")}</button>}
      </PageHead>
      <p className="hint">{t("federation.intro")}</p>
      <Loaded state={state}>
        {(d) => !d.identity ? <div className="callout">{t("federation.off")}</div> : (
          <>
            <Identity identity={d.identity} />
            {adding && <AddPeer compartments={compartments} onDone={(added) => { setAdding(false); if (added) state.reload(); }} />}
            <Section title={t("federation.peers")} id="peers">
              {d.peers.length === 0 ? <Empty>{t("federation.noPeers")}</Empty> : (
                <ul className="cards" data-testid="peers">
                  {d.peers.map((p) => <PeerCard key={p.id} peer={p} compartments={compartments} onChange={state.reload} />)}
                </ul>
              )}
            </Section>
          </>
        )}
      </Loaded>
    </>
  );
}

function Identity({ identity }: { identity: NonNullable<Peers["identity"]> }) {
  const { t } = useTranslation();
  const names = useNames();
  return (
    <Section title={t("federation.identity")} id="identity">
      <p className="hint">{t("federation.identityHint")}</p>
      <Facts items={[
        [t("federation.homeCountry"), names.country(identity.country)],
        [t("federation.fingerprint"), <code key="fp" className="fingerprint" dir="ltr" data-testid="own-fingerprint">{identity.fingerprint}</code>],
      ]} />
      <div className="field">
        <label htmlFor="own-key">{t("federation.key")}</label>
        <input id="own-key" readOnly value={identity.key} dir="ltr" className="mono" onFocus={(e) => e.currentTarget.select()} data-testid="own-key" />
      </div>
    </Section>
  );
}

function levelOptions(t: (k: string) => string) {
  return LINK_LEVELS.map((l) => ({ value: l, label: t(`level.${rankOf(l)}`) }));
}

function AddPeer({ compartments, onDone }: { compartments: Compartment[]; onDone(added: boolean): void }) {
  const { t } = useTranslation();
  const [country, setCountry] = useState("");
  const [url, setUrl] = useState("");
  const [key, setKey] = useState("");
  const [level, setLevel] = useState<string>("RESTRICTED");
  const [comps, setComps] = useState<string[]>([]);
  const save = useAction();
  const form = useForm(save.error, {
    country: { label: t("federation.country"), value: country },
    url: { label: t("federation.url"), value: url },
    key: { label: t("federation.peerKey"), value: key },
    level: { label: t("federation.level"), value: level },
    compartments: { label: t("federation.compartments"), value: comps.join(",") },
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await save.run(() => api<Peer>("/federation/peers", { body: { country, url: url.trim(), key: key.trim(), level, compartments: comps } }));
    if (res) onDone(true);
  };
  return (
    <Section title={t("federation.addTitle")} id="add-peer">
      <form className="form" noValidate onSubmit={(e) => void submit(e)} data-testid="peer-form">
        <ErrorSummary form={form} />
        <p className="hint">{t("federation.addHint")}</p>
        <div className="grid-2">
          <CountrySelect {...form.field("country")} label={t("federation.country")} value={country} onChange={setCountry} required testId="peer-country" />
          <TextField {...form.field("url")} label={t("federation.url")} value={url} onChange={setUrl} required hint={t("federation.urlHint")} testId="peer-url" />
          <TextField {...form.field("key")} label={t("federation.peerKey")} value={key} onChange={setKey} required hint={t("federation.peerKeyHint")} testId="peer-key" />
          <Select {...form.field("level")} label={t("federation.level")} value={level} onChange={setLevel} required options={levelOptions(t)} hint={t("federation.levelHint")} testId="peer-level" />
        </div>
        <Checkboxes legend={t("federation.compartments")} value={comps} onChange={setComps} options={compartments.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }))} />
        <div className="actions">
          <button type="submit" disabled={save.busy} data-testid="peer-save">{t("federation.addSave")}</button>
          <button type="button" className="secondary" onClick={() => onDone(false)}>{t("common.cancel")}</button>
        </div>
      </form>
    </Section>
  );
}

function PeerCard({ peer: p, compartments, onChange }: { peer: Peer; compartments: Compartment[]; onChange(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useNames();
  const act = useAction();
  const [editing, setEditing] = useState(false);
  const country = names.country(p.country);
  const patch = async (body: object) => { if (await act.run(() => api<Peer>(`/federation/peers/${p.country}`, { method: "PATCH", body }))) onChange(); };
  const remove = async () => { if (await act.run(async () => { await api(`/federation/peers/${p.country}`, { method: "DELETE" }); return true; })) onChange(); };
  const waiting = p.queue.changes + p.queue.bundles;
  return (
    <li className="card peer" data-testid="peer-card" data-country={p.country}>
      <div className="section-head">
        <h2>{t("federation.peerTitle", { country })}</h2>
        <Badge tone={p.status === "active" ? "ok" : "warn"}>{t(`federation.status.${p.status}`)}</Badge>
      </div>
      <Facts items={[
        [t("federation.url"), <span key="u" dir="ltr">{p.url}</span>],
        [t("federation.level"), t(`level.${rankOf(p.level)}`)],
        [t("federation.compartments"), p.compartments.join(", ") || t("federation.noCompartments")],
        [t("federation.fingerprint"), <code key="fp" className="fingerprint" dir="ltr">{p.fingerprint}</code>],
        [t("federation.lastSent"), p.lastSentAt ? t("federation.bundleAt", { n: p.lastAcknowledged, at: f.dateTime(p.lastSentAt) }) : t("federation.never")],
        [t("federation.lastReceived"), p.lastReceivedAt ? t("federation.bundleAt", { n: p.lastApplied, at: f.dateTime(p.lastReceivedAt) }) : t("federation.never")],
        [t("federation.queue"), <span key="q" data-testid="peer-queue">{waiting ? t("federation.queueDepth", { changes: p.queue.changes, bundles: p.queue.bundles }) : t("federation.queueEmpty")}</span>],
        [t("federation.lastError"), p.lastError ? <span key="e" className="overdue-text" dir="ltr">{p.lastError}</span> : t("federation.noError")],
      ]} />
      {editing
        ? <ChangePeer peer={p} compartments={compartments} onDone={(changed) => { setEditing(false); if (changed) onChange(); }} />
        : (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setEditing(true)} data-testid="peer-change">{t("federation.change")}</button>
            {p.status === "active"
              ? <ConfirmButton label={t("federation.suspend")} testId={`peer-suspend-${p.country}`} disabled={act.busy} danger
                question={t("federation.confirmSuspend", { country })} yes={t("federation.yesSuspend")} onConfirm={() => patch({ status: "suspended" })} />
              : <ConfirmButton label={t("federation.resume")} testId={`peer-resume-${p.country}`} disabled={act.busy}
                question={t("federation.confirmResume", { country })} yes={t("federation.yesResume")} onConfirm={() => patch({ status: "active" })} />}
            <ConfirmButton label={t("federation.remove")} testId={`peer-remove-${p.country}`} disabled={act.busy} danger
              question={t("federation.confirmRemove", { country })} yes={t("federation.yesRemove")} onConfirm={remove} />
          </div>
        )}
      <ErrorText error={act.error} />
    </li>
  );
}

function ChangePeer({ peer: p, compartments, onDone }: { peer: Peer; compartments: Compartment[]; onDone(changed: boolean): void }) {
  const { t } = useTranslation();
  const names = useNames();
  const [url, setUrl] = useState(p.url);
  const [level, setLevel] = useState<string>(p.level);
  const [comps, setComps] = useState<string[]>(p.compartments);
  const save = useAction();
  const form = useForm(save.error, {
    url: { label: t("federation.url"), value: url },
    level: { label: t("federation.level"), value: level },
    compartments: { label: t("federation.compartments"), value: comps.join(",") },
  });
  const body = {
    ...(url.trim() !== p.url ? { url: url.trim() } : {}),
    ...(level !== p.level ? { level: level as LinkLevel } : {}),
    ...([...comps].sort().join() !== [...p.compartments].sort().join() ? { compartments: comps } : {}),
  };
  // Lowering the level or unsharing a compartment retracts what no longer qualifies: the question says so.
  const narrows = rankOf(level) < rankOf(p.level) || p.compartments.some((c) => !comps.includes(c));
  const submit = async () => { if (await save.run(() => api<Peer>(`/federation/peers/${p.country}`, { method: "PATCH", body }))) onDone(true); };
  const nothing = Object.keys(body).length === 0;
  return (
    <form className="form editor" noValidate onSubmit={(e) => e.preventDefault()} data-testid="peer-change-form">
      <ErrorSummary form={form} />
      <div className="grid-2">
        <TextField {...form.field("url")} label={t("federation.url")} value={url} onChange={setUrl} required testId="change-url" />
        <Select {...form.field("level")} label={t("federation.level")} value={level} onChange={setLevel} required options={levelOptions(t)} testId="change-level" />
      </div>
      <Checkboxes legend={t("federation.compartments")} value={comps} onChange={setComps} options={compartments.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }))} />
      <div className="actions">
        <ConfirmButton label={t("federation.changeSave")} testId={`peer-change-save-${p.country}`} disabled={save.busy || nothing}
          question={narrows ? t("federation.confirmNarrow", { country: names.country(p.country) }) : t("federation.confirmChange", { country: names.country(p.country) })}
          yes={t("federation.yesChange")} onConfirm={submit} />
        <button type="button" className="secondary" onClick={() => onDone(false)}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
