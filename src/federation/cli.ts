// `accord federation identity | peer add|list|change|suspend|resume|remove | sync | export | import`:
// the operator's side of federation (SPEC 8). Every change to a peer is audited (actor: the CLI).
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { LEVELS, type LevelName } from "../domain/markings.ts";
import { withStore } from "../cli/store.ts";
import { CliError } from "../cli/errors.ts";
import { defaultFederationConfig, homeCountryOf, loadIdentity, showFingerprint } from "./identity.ts";
import { addPeer, changePeer, listPeers, peerByCountry, removePeer, setPeerStatus, type PeerView } from "./peers.ts";
import { BundleRefused, importBundles } from "./receive.ts";
import { buildAll, exportBundles } from "./send.ts";
import { Federation } from "./service.ts";

const CLI = { actor: null, client: "cli" };
const list = (s: string | undefined) => (s ? s.split(",").map((x) => x.trim().toUpperCase()).filter(Boolean) : []);

function level(s: string): LevelName {
  const l = s.toUpperCase().replace(/_/g, " ");
  if (!(LEVELS as readonly string[]).includes(l)) throw new CliError(`--level must be one of ${LEVELS.join(", ")}`);
  return l as LevelName;
}

function show(p: PeerView): string {
  return [
    `${p.country}  ${p.status}  ${p.url}`,
    `  key fingerprint ${p.fingerprint}`,
    `  link level ${p.level}; shared compartments ${p.compartments.join(", ") || "none"}`,
    `  bundles: built ${p.lastBuilt}, acknowledged ${p.lastAcknowledged}; applied from it ${p.lastApplied}; queue ${p.queue.changes} change(s), ${p.queue.bundles} bundle(s)`,
    `  last sent ${p.lastSentAt ?? "never"}; last received ${p.lastReceivedAt ?? "never"}${p.lastError ? `; last error: ${p.lastError}` : ""}`,
  ].join("\n");
}

export function registerFederation(program: Command): void {
  const fed = program.command("federation").description("Exchange releasable records with other countries' Accord instances (SPEC 8)");
  const cfg = () => defaultFederationConfig();

  fed.command("identity").description("Print this instance's country, federation key and its fingerprint (made on first use, in the keys folder)")
    .action(() => {
      const me = loadIdentity(cfg());
      console.log(`country: ${me.country}\nkey: ${me.publicText}\nfingerprint: ${showFingerprint(me.fingerprint)}`);
    });

  const peer = fed.command("peer").description("The peer instances of this one");
  peer.command("add").description("Add a peer (check its key's fingerprint with its security officer out of band)")
    .requiredOption("--country <ISO3>").requiredOption("--url <address>").requiredOption("--key <ed25519:…>")
    .requiredOption("--level <level>", LEVELS.join(" | ")).option("--compartments <list>", "comma-separated shared compartments")
    .action((o: { country: string; url: string; key: string; level: string; compartments?: string }) => withStore(async (store) => {
      const home = homeCountryOf(cfg());
      loadIdentity(cfg());
      const p = await store.db.transaction().execute((tx) => addPeer(tx, home, { country: o.country, url: o.url, key: o.key, level: level(o.level), compartments: list(o.compartments) }, CLI));
      console.log(`added\n${show(p)}`);
    }));
  peer.command("list").description("The peers and their link state").action(() => withStore(async (store) => {
    const peers = await listPeers(store.db);
    console.log(peers.length ? peers.map(show).join("\n") : "no peers: federation is off");
  }));
  peer.command("change").description("Change a peer's address, link level or shared compartments").argument("<country>")
    .option("--url <address>").option("--level <level>").option("--compartments <list>")
    .action((country: string, o: { url?: string; level?: string; compartments?: string }) => withStore(async (store) => {
      const p = await store.db.transaction().execute((tx) => changePeer(tx, country, { url: o.url, level: o.level ? level(o.level) : undefined, compartments: o.compartments === undefined ? undefined : list(o.compartments) }, CLI));
      console.log(show(p));
    }));
  for (const [name, status, what] of [["suspend", "suspended", "Suspend a peer: it is sent retractions of everything it holds"], ["resume", "active", "Resume a suspended peer"]] as const) {
    peer.command(name).description(what).argument("<country>").action((country: string) => withStore(async (store) => {
      console.log(show(await store.db.transaction().execute((tx) => setPeerStatus(tx, country, status, CLI))));
    }));
  }
  peer.command("remove").description("End the link with a peer and delete its replicas here").argument("<country>").action((country: string) => withStore(async (store) => {
    await store.db.transaction().execute((tx) => removePeer(tx, country, CLI));
    console.log(`removed ${country.toUpperCase()}`);
  }));

  fed.command("sync").description("Bundle the outbox and push to every peer once").action(() => withStore(async (store) => {
    for (const r of await new Federation(store.db, cfg()).sync()) console.log(`${r.peer}: delivered ${r.delivered.length ? r.delivered.join(", ") : "nothing new"}${r.error ? `; ${r.error}` : ""}`);
  }));

  fed.command("export").description("Write a peer's bundles to a file, for an air gap or a cross-domain guard")
    .requiredOption("--peer <country>").requiredOption("--out <file>").option("--from <n>", "first bundle number (default: after the last acknowledged)")
    .action((o: { peer: string; out: string; from?: string }) => withStore(async (store) => {
      const from = o.from === undefined ? undefined : Number(o.from);
      if (from !== undefined && (!Number.isInteger(from) || from < 1)) throw new CliError("--from must be a bundle number (1 or more)");
      const p = await peerByCountry(store.db, o.peer);
      await buildAll(store.db, loadIdentity(cfg()), cfg().bundleRecords);
      const { text, seqs } = await exportBundles(store.db, p.id, from);
      writeFileSync(o.out, text, { mode: 0o600 });
      console.log(`wrote ${seqs.length} bundle(s)${seqs.length ? ` (${seqs[0]}–${seqs[seqs.length - 1]})` : ""} for ${p.country} to ${o.out}`);
    }));

  fed.command("import").description("Receive a file of bundles a peer exported").argument("<file>").action((file: string) => withStore(async (store) => {
    const home = homeCountryOf(cfg());
    let results;
    try {
      results = await importBundles(store.db, home, readFileSync(file, "utf8"));
    } catch (err) {
      if (err instanceof BundleRefused) throw new CliError(err.message);
      throw err;
    }
    let refused = false;
    for (const { seq, result } of results) {
      if ("refused" in result) {
        refused = true;
        console.log(`bundle ${seq ?? "?"}: REFUSED (${result.refused}) ${result.detail}`);
      } else {
        console.log(`bundle ${seq ?? "?"}: ${result.status}; applied through ${result.applied}${result.status === "waiting" ? `; ask the sender to export from ${result.expected}` : ""}`);
      }
    }
    if (refused) process.exitCode = 1;
  }));
}
