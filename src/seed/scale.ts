// `accord seed scale --records N`: years of cooperation records for measuring Accord at scale.
// Rows go straight to the tables in multi-row batches (the API would spend its time on audit and
// validation, which the benchmark measures separately). The data keeps the shapes the access rule
// cares about: a realistic spread of levels, originators and releasability; programme
// compartments whose sizes fall off like real programmes'; a public registry; thousands of users;
// and two users for the benchmark: `scale.broad` reads nearly everything, `scale.narrow` holds one
// compartment with 0.1% of the records.
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { ulid } from "ulid";
import { ALL, type Marking, type Rank } from "../domain/markings.ts";
import type { Kind } from "../domain/roles.ts";
import { hashPassword } from "../accounts/passwords.ts";
import { appendAudit } from "../audit/log.ts";
import { internMarking } from "../store/markings.ts";
import { refreshMarkedWords, refreshSearchTerms } from "../store/search-terms.ts";
import { dialectOf } from "../store/dialect.ts";
import { SEARCH_INDEXES } from "../store/migrations/057_search_index_no_pending_pg.ts";
import type { Db } from "../store/db.ts";
import type { Database } from "../store/schema.ts";
import { AREAS } from "./reference.ts";

export const SCALE_BROAD = "scale.broad";
export const SCALE_NARROW = "scale.narrow";
/** Every scale user signs in with this password (one Argon2 hash, shared, so thousands of users load in seconds). */
export const SCALE_PASSWORD = "scale-password-2026";
export const NARROW_COMPARTMENT = "SX-NARROW";
const PROGRAMME_COMPARTMENTS = Array.from({ length: 40 }, (_, i) => `SX-${String(i + 1).padStart(2, "0")}`);

/** Share of each kind in the records (sums to 1; forums are a fixed small number taken from documents). */
const MIX: [Kind, number][] = [
  ["organisation", 0.03], ["person", 0.08], ["programme", 0.01], ["meeting", 0.02],
  ["agreement", 0.03], ["engagement", 0.08], ["action", 0.3], ["document", 0.45],
];
const NARROW_SHARE = 0.001;
const YEARS = 10;
const BATCH = 500;

export interface ScaleResult { records: number; users: number; markings: number; byKind: Record<string, number>; narrowRecords: number }

/** mulberry32: a small seeded generator, so a given --seed gives the same data shape. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
    weighted: <T>(pairs: readonly (readonly [T, number])[]): T => {
      let r = next() * pairs.reduce((s, [, w]) => s + w, 0);
      for (const [v, w] of pairs) if ((r -= w) < 0) return v;
      return pairs[pairs.length - 1]![0];
    },
  };
}
type Rng = ReturnType<typeof rng>;

const SUBJECTS = ["long-range radar", "active seeker", "UAV airframe", "tactical datalink", "solid-fuel propulsion", "sensor fusion", "counter-drone system", "loitering munition",
  "night-vision sights", "secure radio", "satellite ground segment", "border surveillance", "air-defence missile", "maintenance depot", "cyber range", "electronic warfare suite",
  "armour kit", "hull-mounted sonar", "fire-control system", "precision-guided kit", "small arms line", "training simulator", "coastal radar chain", "aerostat", "thermal imager"];
const DOC_OPENERS = ["Technical report on", "Test plan for", "Quality audit of", "Export licence correspondence on", "Presentation on", "Brief on", "Cost estimate for", "Site survey for", "Field-trial results of", "Work-share proposal for"];
const ACTION_OPENERS = ["Share the draft specification of", "Nominate points of contact for", "Schedule a site visit on", "Finalise the test schedule of", "Circulate the cost estimate of",
  "Confirm the export licence for", "Report indigenous content of", "Agree the training plan for", "Propose milestones for", "Close audit findings on"];
const ORG_STEMS = ["Bharat", "Hindustan", "Tata", "Mahindra", "Larsen", "Godrej", "Kalyani", "Adani", "Elbit", "Rafael", "Israel Aerospace", "Tadiran", "Orbit", "Controp", "Aeronautics", "Smart Shooter", "Alpha", "Data Patterns", "Paras", "Solar"];
const ORG_FIELDS = ["Defence", "Aerospace", "Electronics", "Optronics", "Dynamics", "Avionics", "Munitions", "Composites", "Communications", "Robotics"];
const ORG_SUFFIXES = ["Systems Ltd", "Technologies Pvt Ltd", "Industries", "Laboratories", "Engineering", "Works"];
const CITIES: [string, string][] = [["Pune", "IND"], ["Hyderabad", "IND"], ["Bengaluru", "IND"], ["New Delhi", "IND"], ["Chennai", "IND"], ["Nagpur", "IND"],
  ["Tel Aviv", "ISR"], ["Haifa", "ISR"], ["Jerusalem", "ISR"], ["Be'er Sheva", "ISR"], ["Rehovot", "ISR"], ["Lod", "ISR"]];
const NAMES: Record<string, [string[], string[]]> = {
  IND: [["Rajesh", "Anil", "Priya", "Sunita", "Vikram", "Meera", "Arjun", "Kavita", "Sanjay", "Deepa", "Rohit", "Anjali"], ["Sharma", "Iyer", "Reddy", "Singh", "Nair", "Gupta", "Rao", "Menon", "Patil", "Das"]],
  ISR: [["Yossi", "Noa", "Avi", "Tamar", "Eitan", "Shira", "Oren", "Michal", "Dov", "Yael", "Amir", "Ronit"], ["Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman", "Azoulay", "Katz", "Ben-David", "Shapiro"]],
};

/** Record rows waiting to be written, by table, flushed together in foreign-key order. */
class Batches {
  private pending = new Map<keyof Database, Record<string, unknown>[]>();
  private count = 0;
  constructor(private db: Db, private onRecords: (n: number) => void) {}
  add<T extends keyof Database>(table: T, row: Database[T]): void {
    const rows = this.pending.get(table) ?? [];
    rows.push(row as unknown as Record<string, unknown>);
    this.pending.set(table, rows);
    if (table === "records") this.count++;
  }
  async flushIfFull(): Promise<void> {
    if (this.count >= BATCH * 10) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const pending = this.pending;
    const n = this.count;
    this.pending = new Map();
    this.count = 0;
    await this.db.transaction().execute(async (tx) => {
      for (const [table, rows] of pending) {
        // Chunks stay under both stores' bound-parameter limits (SQLite 32,766; PostgreSQL 65,535).
        for (let i = 0; i < rows.length; i += BATCH) await tx.insertInto(table).values(rows.slice(i, i + BATCH) as never).execute();
      }
    });
    this.onRecords(n);
  }
}

interface Stamp { id: string; at: string }

export async function seedScale(db: Db, opts: { records: number; seed?: number; onProgress?: (done: number, total: number) => void }): Promise<ScaleResult> {
  const total = Math.floor(opts.records);
  if (!Number.isFinite(total) || total < 100) throw new Error("--records must be at least 100");
  if (await db.selectFrom("users").select("id").where("username", "=", SCALE_BROAD).executeTakeFirst()) {
    throw new Error("this database has scale data already; seed scale loads once per database");
  }
  const r = rng(opts.seed ?? 20261125);
  const now = new Date().toISOString();
  const start = Date.now() - YEARS * 365.25 * 86_400_000;
  const stamp = (): Stamp => {
    const ms = start + r.int(YEARS * 365.25 * 86_400_000);
    return { id: ulid(ms), at: new Date(ms).toISOString() };
  };
  const day = (iso: string, plusDays = 0) => new Date(Date.parse(iso) + plusDays * 86_400_000).toISOString().slice(0, 10);

  // Compartments and their sizes: the k-th programme compartment is 1/k as large as the first.
  for (const code of [...PROGRAMME_COMPARTMENTS, NARROW_COMPARTMENT]) {
    await db.insertInto("compartments").values({ code, name: code === NARROW_COMPARTMENT ? "Narrow scale compartment" : `Scale programme ${code.slice(3)}`, description: "Generated by seed scale", created_at: now })
      .onConflict((oc) => oc.column("code").doNothing()).execute();
  }
  const zipf = PROGRAMME_COMPARTMENTS.map((c, i) => [c, 1 / (i + 1)] as const);

  const markingIds = new Map<string, string>();
  const intern = async (m: Marking) => {
    const key = JSON.stringify(m);
    let id = markingIds.get(key);
    if (!id) markingIds.set(key, (id = await internMarking(db, m)));
    return id;
  };
  const other = (c: string) => (c === "IND" ? "ISR" : "IND");
  const registryMarking = (): Marking => r.chance(0.9)
    ? { classification: 0, originator: r.pick(["IND", "ISR"]), releasableTo: ALL, compartments: [] }
    : { classification: 1, originator: r.pick(["IND", "ISR"]), releasableTo: r.chance(0.5) ? [] : ALL, compartments: [] };
  const cooperationMarking = (narrow: boolean, compartment?: string): Marking => {
    const classification = r.weighted<Rank>(narrow ? [[1, 40], [2, 40], [3, 20]] : [[0, 10], [1, 30], [2, 30], [3, 25], [4, 5]]);
    const originator = narrow ? "IND" : r.pick(["IND", "ISR"]);
    const releasableTo = r.weighted<Marking["releasableTo"]>([[[other(originator)], 70], [[], 20], [ALL, 10]]);
    const first = compartment ?? r.weighted(zipf);
    const compartments = narrow ? [NARROW_COMPARTMENT] : r.chance(0.1) ? [first, "JWG"] : [first];
    return { classification, originator, releasableTo, compartments };
  };

  const counts = MIX.map(([kind, share]) => [kind, Math.max(1, Math.round(total * share))] as [Kind, number]);
  const forums = Math.max(4, Math.round(total / 5000));
  counts[counts.length - 1]![1] = total - forums - counts.slice(0, -1).reduce((s, [, n]) => s + n, 0);
  // A load that fails leaves a database to drop (it cannot be seeded again, above), so the search
  // indexes' setting is put back only after a load that succeeded.
  const indexed = await bulkSearchIndexing(db);
  let done = 0;
  const batches = new Batches(db, (n) => {
    done += n;
    opts.onProgress?.(done, total);
  });
  let narrowRecords = 0;

  /** One record: its row, first version, search text; the caller adds the kind's own rows. */
  const record = async (kind: Kind, marking: Marking, title: string, body: string, snapshot: object, at = stamp()) => {
    const markingId = await intern(marking);
    if (marking.compartments.includes(NARROW_COMPARTMENT)) narrowRecords++;
    batches.add("records", { id: at.id, kind, marking_id: markingId, title, created_by: "seed-scale", created_at: at.at, updated_at: at.at, version: 1 });
    batches.add("record_versions", { record_id: at.id, version: 1, marking_id: markingId, at: at.at, actor: "seed-scale", data: JSON.stringify({ title, ...snapshot }) });
    batches.add("search_docs", { record_id: at.id, kind, body: `${title} ${body}`, marking_id: markingId });
    return { id: at.id, at: at.at, markingId };
  };
  const cooperation = () => cooperationMarking(r.chance(NARROW_SHARE));
  const byCompartment = <T>(m: Map<string, T[]>, marking: Marking, value: T) => {
    const c = marking.compartments[0]!;
    const xs = m.get(c);
    if (xs) xs.push(value);
    else m.set(c, [value]);
  };
  const parentIn = <T>(m: Map<string, T[]>, marking: Marking): T | null => {
    const xs = m.get(marking.compartments[0]!);
    return xs?.length ? r.pick(xs) : null;
  };
  const n = Object.fromEntries(counts) as Record<Kind, number>;

  const orgs: string[] = [];
  for (let i = 0; i < n.organisation; i++) {
    const [city, country] = r.pick(CITIES);
    const name = `${r.pick(ORG_STEMS)} ${r.pick(ORG_FIELDS)} ${r.pick(ORG_SUFFIXES)}, ${city}`;
    const orgKind = r.weighted([["company", 70], ["dpsu", 8], ["research_lab", 10], ["agency", 6], ["ministry", 3], ["armed_force", 3]] as const);
    const rec = await record("organisation", registryMarking(), name, `${country} ${orgKind}`, { name, country, kind: orgKind });
    batches.add("organisations", { id: rec.id, name, aliases: "[]", country, org_kind: orgKind, parent_id: null });
    orgs.push(rec.id);
    await batches.flushIfFull();
  }
  const people: string[] = [];
  for (let i = 0; i < n.person; i++) {
    const country = r.pick(["IND", "ISR"]);
    const [first, last] = NAMES[country]!;
    const name = `${r.pick(first)} ${r.pick(last)}`;
    const rec = await record("person", registryMarking(), name, country, { name, country });
    batches.add("people", { id: rec.id, name, country });
    people.push(rec.id);
    await batches.flushIfFull();
  }
  const forumsBy = new Map<string, string[]>();
  const sequence = new Map<string, number>();
  for (let i = 0; i < forums; i++) {
    // One forum per compartment first (the narrow one included), so every compartment's meetings have a home.
    const marking = cooperationMarking(i === 0, PROGRAMME_COMPARTMENTS[(i - 1) % PROGRAMME_COMPARTMENTS.length]);
    const name = i === 1 ? "Joint Working Group" : `Sub-working group on ${r.pick(SUBJECTS)} ${i}`;
    const rec = await record("forum", marking, name, "forum terms of reference", { name });
    batches.add("forums", { id: rec.id, name, forum_kind: i === 1 ? "jwg" : "sub_working_group", parent_id: null, established_on: day(rec.at), terms_of_reference_id: null, compartment: marking.compartments[0]! });
    batches.add("forum_members", { forum_id: rec.id, country: "IND", co_chair_role: "Joint Secretary" });
    batches.add("forum_members", { forum_id: rec.id, country: "ISR", co_chair_role: "Director" });
    byCompartment(forumsBy, marking, rec.id);
  }
  const programmesBy = new Map<string, string[]>();
  for (let i = 0; i < n.programme; i++) {
    const marking = cooperation();
    const subject = r.pick(SUBJECTS);
    const title = `Joint ${subject} programme ${i + 1}`;
    const stage = r.pick(["concept", "mou", "contract", "development", "production", "in_service", "closed"] as const);
    const rec = await record("programme", marking, title, `${subject} co-development`, { stage });
    batches.add("programmes", {
      id: rec.id, programme_kind: r.pick(["co_development", "co_production", "joint_rnd", "transfer_of_technology", "training"] as const), stage,
      value: 1e6 * (1 + r.int(900)), currency: r.pick(["INR", "USD", "ILS"]), compartment: marking.compartments[0]!, buyer_country: "IND",
      acquisition_category: null, ic_table_version: null, description: `Co-development of a ${subject}`,
    });
    const lead = r.pick(orgs);
    const partner = r.pick(orgs);
    batches.add("programme_partners", { programme_id: rec.id, organisation_id: lead, role: "lead", work_share: 60 });
    if (partner !== lead) batches.add("programme_partners", { programme_id: rec.id, organisation_id: partner, role: "partner", work_share: 40 });
    byCompartment(programmesBy, marking, rec.id);
    await batches.flushIfFull();
  }
  const meetingsBy = new Map<string, { id: string; forum: string }[]>();
  for (let i = 0; i < n.meeting; i++) {
    let marking = cooperation();
    let forum = parentIn(forumsBy, marking);
    if (!forum) {
      marking = { ...marking, compartments: [PROGRAMME_COMPARTMENTS[0]!] };
      forum = forumsBy.get(PROGRAMME_COMPARTMENTS[0]!)?.[0] ?? [...forumsBy.values()][0]![0]!;
    }
    const seq = (sequence.get(forum) ?? 0) + 1;
    sequence.set(forum, seq);
    const [city, country] = r.pick(CITIES);
    const title = `Meeting ${seq} (${city})`;
    const rec = await record("meeting", marking, title, city, { sequence: seq });
    batches.add("meetings", { id: rec.id, forum_id: forum, sequence: seq, date_start: day(rec.at), date_end: day(rec.at, 1), venue_city: city, venue_country: country, status: Date.parse(rec.at) < Date.now() ? "minutes_agreed" : "planned" });
    byCompartment(meetingsBy, marking, { id: rec.id, forum });
    await batches.flushIfFull();
  }
  for (let i = 0; i < n.agreement; i++) {
    const marking = cooperation();
    const subject = r.pick(SUBJECTS);
    const kind = r.pick(["MoU", "Agreement", "Protocol", "Letter of Intent", "Roadmap"] as const);
    const rec = await record("agreement", marking, `${kind} on ${subject}`, subject, { kind });
    const meeting = parentIn(meetingsBy, marking);
    batches.add("agreements", {
      id: rec.id, agreement_kind: kind, status: r.pick(["signed", "in_force", "expired", "negotiating"] as const), signed_on: day(rec.at), signed_at: r.pick(CITIES)[0],
      signed_during: meeting?.id ?? null, valid_from: day(rec.at), valid_to: day(rec.at, 365 * 5), validity_years: 5, renewal_terms: "Renewed for five years unless terminated",
    });
    batches.add("agreement_parties", { agreement_id: rec.id, country: "IND", organisation_id: null });
    batches.add("agreement_parties", { agreement_id: rec.id, country: "ISR", organisation_id: null });
    await batches.flushIfFull();
  }
  for (let i = 0; i < n.engagement; i++) {
    const marking = cooperation();
    const [city, host] = r.pick(CITIES);
    const kind = r.pick(["visit", "call_on", "delegation", "exercise", "conference", "industry_event"] as const);
    const purpose = `${kind.replace("_", " ")} on ${r.pick(SUBJECTS)}`;
    const rec = await record("engagement", marking, `${purpose[0]!.toUpperCase()}${purpose.slice(1)}, ${city}`, purpose, { kind });
    batches.add("engagements", {
      id: rec.id, engagement_kind: kind, date_start: day(rec.at), date_end: day(rec.at, 2), place: city, leader_id: r.pick(people),
      delegation_country: other(host), host_country: host, purpose, outcomes: null, meeting_id: null, source_id: null,
    });
    batches.add("engagement_areas", { engagement_id: rec.id, area: r.pick(AREAS)[0] });
    await batches.flushIfFull();
  }
  for (let i = 0; i < n.action; i++) {
    const marking = cooperation();
    const meeting = parentIn(meetingsBy, marking);
    const title = `${r.pick(ACTION_OPENERS)} the ${r.pick(SUBJECTS)}`;
    const owner = r.pick(["IND", "ISR"]);
    const rec = await record("action", marking, title, owner, { owner: { country: owner } });
    const due = day(rec.at, 30 + r.int(335));
    const status = due < now.slice(0, 10) ? r.weighted([["done", 70], ["dropped", 5], ["open", 15], ["in_progress", 10]] as const) : r.weighted([["open", 60], ["in_progress", 40]] as const);
    batches.add("actions", {
      id: rec.id, description: null, meeting_id: meeting?.id ?? null, outcome_id: null, forum_id: meeting?.forum ?? null, owner_country: owner,
      owner_organisation_id: r.chance(0.5) ? r.pick(orgs) : null, owner_person_id: r.chance(0.5) ? r.pick(people) : null, due_date: due, status, marking_id: rec.markingId,
    });
    await batches.flushIfFull();
  }
  // Documents are metadata over a few shared stored files: the benchmark reads lists, not contents.
  const blobs: { hash: string; size: number }[] = [];
  for (let i = 0; i < 16; i++) {
    const content = Buffer.from(`Accord scale data: sample document body ${i}.\n`);
    const hash = createHash("sha256").update(content).digest("hex");
    await db.insertInto("blobs").values({ hash, size: content.length, content }).onConflict((oc) => oc.column("hash").doNothing()).execute();
    blobs.push({ hash, size: content.length });
  }
  for (let i = 0; i < n.document; i++) {
    const marking = cooperation();
    const subject = r.pick(SUBJECTS);
    const title = `${r.pick(DOC_OPENERS)} the ${subject}`;
    const docKind = r.pick(["report", "brief", "presentation", "correspondence", "technical", "minutes", "agenda"] as const);
    const rec = await record("document", marking, title, `${docKind} ${subject}`, { docKind });
    const attached = r.chance(0.3) ? parentIn(meetingsBy, marking)?.id ?? parentIn(programmesBy, marking) : null;
    const blob = r.pick(blobs);
    batches.add("documents", { id: rec.id, doc_kind: docKind, attached_to: attached ?? null, current_version: 1 });
    batches.add("document_versions", { document_id: rec.id, version: 1, marking_id: rec.markingId, content_hash: blob.hash, size: blob.size, media_type: "text/plain", filename: `${title.slice(0, 60)}.txt`, uploaded_by: "seed-scale", uploaded_at: rec.at });
    await batches.flushIfFull();
  }
  await batches.flush();
  await refreshSearchTerms(db);
  await refreshMarkedWords(db);
  await indexed();

  const users = await seedScaleUsers(db, r, Math.max(50, Math.round(total / 500)), now);
  await db.transaction().execute((tx) => appendAudit(tx, { actor: null, action: "seed.scale", outcome: "success", details: { records: total, users, markings: markingIds.size } }));
  // Fresh statistics after a bulk load, as an operator would: both planners use them. On PostgreSQL
  // also the visibility map, as autovacuum would set it some time later (possibly mid-bench): until
  // then an index-only scan reads every row's page to check it is visible.
  await (dialectOf(db) === "postgres" ? sql`vacuum (analyze)` : sql`analyze`).execute(db);
  return { records: total, users, markings: markingIds.size, byKind: { ...n, forum: forums }, narrowRecords };
}

/**
 * PostgreSQL: the search indexes take a bulk load into their pending lists (fast update), as they
 * did before 057, each entry moved into their trees when a list is full; the returned function puts
 * back 057's setting and moves what is left. Taking each entry at once instead made seeding 100,000
 * records 1.22x as long (59 s against 48, one run each).
 */
async function bulkSearchIndexing(db: Db): Promise<() => Promise<void>> {
  if (dialectOf(db) !== "postgres") return async () => undefined;
  const fastUpdate = async (on: boolean) => {
    for (const index of SEARCH_INDEXES) await sql`alter index ${sql.ref(index)} set (fastupdate = ${sql.raw(on ? "on" : "off")})`.execute(db);
  };
  await fastUpdate(true);
  return async () => {
    await fastUpdate(false);
    for (const index of SEARCH_INDEXES) await sql`select gin_clean_pending_list(${index}::regclass)`.execute(db);
  };
}

async function seedScaleUsers(db: Db, r: Rng, count: number, now: string): Promise<number> {
  const hash = await hashPassword(SCALE_PASSWORD);
  const rows: Database["users"][] = [];
  const roles: Database["user_roles"][] = [];
  const comps: Database["user_compartments"][] = [];
  const add = (username: string, displayName: string, nationality: string, clearance: Rank, userRoles: string[], compartments: string[]) => {
    const id = ulid();
    rows.push({ id, username, display_name: displayName, person_id: null, nationality, organisation_id: null, clearance, status: "active", password_hash: hash,
      mfa_secret: null, mfa_enabled: 0, mfa_last_step: null, locale: "en", locked_until: null, created_at: now, updated_at: now, email: null });
    for (const role of userRoles) roles.push({ user_id: id, role });
    for (const compartment of compartments) comps.push({ user_id: id, compartment });
  };
  add(SCALE_BROAD, "Scale: broad reader", "IND", 4, ["secretariat", "programme", "analyst"], ["JWG", ...PROGRAMME_COMPARTMENTS, NARROW_COMPARTMENT]);
  add(SCALE_NARROW, "Scale: narrow reader", "IND", 3, ["programme"], [NARROW_COMPARTMENT]);
  for (let i = 0; i < count - 2; i++) {
    const nationality = r.pick(["IND", "ISR"]);
    const [first, last] = NAMES[nationality]!;
    const held = new Set(Array.from({ length: 1 + r.int(4) }, () => r.pick(PROGRAMME_COMPARTMENTS)));
    if (r.chance(0.3)) held.add("JWG");
    add(`scale.u${String(i + 1).padStart(5, "0")}`, `${r.pick(first)} ${r.pick(last)}`, nationality, r.weighted<Rank>([[1, 20], [2, 35], [3, 35], [4, 10]]),
      [r.weighted([["member", 60], ["analyst", 15], ["secretariat", 10], ["programme", 10], ["industry", 5]] as const)], [...held]);
  }
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH) await tx.insertInto("users").values(rows.slice(i, i + BATCH)).execute();
    for (let i = 0; i < roles.length; i += BATCH) await tx.insertInto("user_roles").values(roles.slice(i, i + BATCH)).execute();
    for (let i = 0; i < comps.length; i += BATCH) await tx.insertInto("user_compartments").values(comps.slice(i, i + BATCH)).execute();
  });
  return rows.length;
}
