// A random "world" of marked records for the no-leak property tests (src/security/*.test.ts), made
// through the API by creators who may write them, one kind of the registry (src/kinds.ts) at a time:
// organisations with parents, people holding titles in organisations, agreements with party
// organisations, signatories and the meeting they were signed at, documents attached to any record,
// forums under forums, meetings of one forum (with two versions of draft minutes), actions raised at meetings, engagements with leaders,
// hosts and meetings, programmes with partners and agreements; and drafts with their sources from a
// statement. Markings are then raised (PATCH) or released (request + officer approval), so records
// have versions at different markings. The world remembers what it made, so a test can say what each
// reader should see without asking the application. A kind added to the registry without a factory
// below does not compile.
import assert from "node:assert/strict";
import { client, type TestEnv } from "./harness.ts";
import { buildUser } from "./factories.ts";
import { REGISTRY, type Kind } from "../kinds.ts";
import { ENUMS } from "../../web/src/generated/kinds.ts";

export const LEVELS = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"] as const;
export const COMPARTMENTS = ["JWG", "SWG-DIC", "MRSAM", "AEASI", "KRAS"];
export const NATIONS = ["IND", "ISR"] as const;
/** The kinds with a collection of their own, by API path: every list, count, export and get route. */
export const KINDS = Object.values(REGISTRY).flatMap((k) => (k.path ? [k.path] : []));
export type Path = string;
export const SINGULAR: Record<Path, Kind> = Object.fromEntries(Object.values(REGISTRY).flatMap((k) => (k.path ? [[k.path, k.kind]] : [])));
const ORG_KINDS = ENUMS.organisation.kind;
const AGREEMENT_KINDS = ENUMS.agreement.kind;
const AGREEMENT_STATUSES = ENUMS.agreement.status;
const DOC_KINDS = ENUMS.document.kind;
const ACTION_STATUSES = ENUMS.action.status;
const FORUM_KINDS = ENUMS.forum.kind;
const ENGAGEMENT_KINDS = ENUMS.engagement.kind;
const PROGRAMME_KINDS = ENUMS.programme.kind;
const STAGES = ENUMS.programme.stage;

/**
 * How the world makes each kind: by its collection (`create` below), or another way. Adding a kind
 * to the registry without saying here how the tests make one does not compile.
 */
export const MADE_BY = {
  organisation: "create", person: "create", agreement: "create", document: "create", forum: "create", meeting: "create",
  action: "create", engagement: "create", programme: "create",
  draft: "makeDraft", source: "makeDraft (a draft's statement)",
} as const satisfies Record<Kind, string>;

export interface WMarking { level: number; originator: string; releasableTo: string[] | "ALL"; compartments: string[] }

/**
 * A link from one record to another; `listed` when GET /api/records/:id/references shows it;
 * `omitted` when the record's own answer leaves an unreadable target out (rather than withheld).
 */
export interface Link { relation: string; target: string; listed: boolean; omitted?: boolean }

export interface Made {
  id: string;
  path: Path;
  /** A word unique to this record, in its title or (for meetings, titled by the forum) its venue. */
  token: string;
  title: string;
  /** The marking of each version, oldest first. */
  versions: WMarking[];
  out: Link[];
  /** Values of the kind's facet columns. */
  facets: Record<string, string>;
  /** Countries the record involves, as the relationship overview counts them (engagements, programmes). */
  involves?: string[];
  /** A document's file versions and the marking each carries (the current one moves with the document's). */
  files?: { version: number; marking: WMarking }[];
}

export interface RecordPlan {
  path: Path;
  marking: WMarking;
  /** Choices of referenced records and attribute values, taken modulo what is available. */
  picks: number[];
}

/** The relation a link shows under at its target (incoming), as the references route names it. */
export const INVERSE: Record<string, string> = {
  parent: "child", organisation: "holder", signatory: "signed", party: "party_to", signed_during: "agreement_signed", attached_to: "document",
};

export const currentMarking = (x: Made): WMarking => x.versions[x.versions.length - 1]!;

// The world's own reading of SPEC 3.1/3.3, independent of the application: who a marking lets
// read, whether two markings are the same, and whether a change lets anyone more read (a release).
export type Audience = "ALL" | Set<string>;
export const audienceOf = (m: WMarking): Audience => (m.releasableTo === "ALL" ? "ALL" : new Set([m.originator, ...m.releasableTo]));
export const within = (a: Audience, b: Audience) => b === "ALL" || (a !== "ALL" && [...a].every((c) => b.has(c)));
export const sameMarking = (a: WMarking, b: WMarking) =>
  a.level === b.level && within(audienceOf(a), audienceOf(b)) && within(audienceOf(b), audienceOf(a))
  && a.compartments.length === b.compartments.length && a.compartments.every((c) => b.compartments.includes(c));
/** SPEC 3.3: a change that lets anyone more read (lower level, more countries, fewer compartments). */
export const widens = (from: WMarking, to: WMarking) =>
  to.level < from.level || !within(audienceOf(to), audienceOf(from)) || from.compartments.some((c) => !to.compartments.includes(c));


export const wire = (m: WMarking) => ({ classification: LEVELS[m.level], originator: m.originator, releasableTo: m.releasableTo, compartments: m.compartments });

type Api = ReturnType<typeof client>;

/** A document upload: the `metadata` part (an object as JSON, or text as it is) and the `file` part. */
export function multipart(metadata: object | string, filename: string, contentType: string, content: Buffer | string) {
  const boundary = "----accordleak";
  const text = typeof metadata === "string" ? metadata : JSON.stringify(metadata);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${text}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** An account the world made, as the oracle sees it. */
export interface Account { id: string; nationality: string; clearance: number; compartments: string[]; status: "active" | "locked" | "disabled" }

export class LeakWorld {
  readonly made: Made[] = [];
  /** Every account made for the world (its creators and officers); tests add their readers. */
  readonly accounts: Account[] = [];
  /** Release requests asked for: the record and its originator. */
  readonly releases: { recordId: string; originator: string }[] = [];
  private creators: Record<string, Api> = {};
  private officers: Record<string, Api> = {};
  private forumId = "";
  private meetingSeq = 0;

  /** `creatorMayRead`: the test's own oracle, applied to a creator (cleared for everything of its country). */
  constructor(private readonly env: TestEnv, private readonly creatorMayRead: (nationality: string, m: WMarking) => boolean) {}

  async init(): Promise<void> {
    for (const nat of NATIONS) {
      const creator = await buildUser(this.env.store.db, { nationality: nat, clearance: 4, compartments: COMPARTMENTS, roles: ["secretariat", "analyst"] });
      const officer = await buildUser(this.env.store.db, { nationality: nat, clearance: 4, compartments: COMPARTMENTS, roles: ["security_officer"] });
      this.creators[nat] = client(this.env.app, creator);
      this.officers[nat] = client(this.env.app, officer);
      for (const u of [creator, officer]) this.accounts.push({ id: u.userId, nationality: nat, clearance: 4, compartments: COMPARTMENTS, status: "active" });
    }
    const forum = await this.creators.IND!.post("/api/forums", {
      marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" }, name: "Leak-test forum", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }],
    });
    assert.equal(forum.status, 201, JSON.stringify(forum.body));
    this.forumId = forum.body.id;
    // The meetings' forum is a record like any other: lists of forums hold it.
    this.remember({ id: forum.body.id, path: "forums", token: "leaktestforumw", title: forum.body.name, versions: [{ level: 0, originator: "IND", releasableTo: "ALL", compartments: [] }], out: [], facets: { forum_kind: "jwg" } });
  }

  /** An earlier record of a kind that the new record's creator may read (so may refer to), or null. */
  private pick(paths: Path[], originator: string, choice: number): Made | null {
    const eligible = this.made.filter((x) => paths.includes(x.path) && this.creatorMayRead(originator, currentMarking(x)));
    // One choice in (n + 1) refers to nothing.
    return eligible[choice % (eligible.length + 1)] ?? null;
  }

  async create(plan: RecordPlan, tag: string, n: number): Promise<Made> {
    const { path, marking: m } = plan;
    const api = this.creators[m.originator]!;
    const p = (i: number) => plan.picks[i % plan.picks.length] ?? 0;
    const of = <T>(xs: readonly T[], i: number) => xs[p(i) % xs.length]!;
    const token = `${tag}n${n}w`;
    const title = `${tag} ${token}`;
    const out: Link[] = [];
    const link = (relation: string, target: Made | null, listed = true, omitted = false) => {
      if (target) out.push({ relation, target: target.id, listed, omitted });
      return target?.id ?? null;
    };
    let body: Record<string, unknown>;
    let facets: Record<string, string> = {};
    let involves: string[] | undefined;
    switch (path as (typeof KINDS)[number]) {
      case "organisations": {
        const country = of(NATIONS, 0);
        const kind = of(ORG_KINDS, 1);
        body = { name: title, country, kind, parentId: link("parent", this.pick(["organisations"], m.originator, p(2))) };
        facets = { country, org_kind: kind };
        break;
      }
      case "people": {
        const country = of(NATIONS, 0);
        body = { name: title, country, titles: [{ title: "Director", organisationId: link("organisation", this.pick(["organisations"], m.originator, p(1))), from: "2020-01-01" }] };
        facets = { country };
        break;
      }
      case "agreements": {
        const kind = of(AGREEMENT_KINDS, 0);
        const status = of(AGREEMENT_STATUSES, 1);
        const signatory = link("signatory", this.pick(["people"], m.originator, p(2)));
        body = {
          kind, title, status, signedOn: "2025-11-04", validTo: "2026-01-31",
          parties: [
            { country: "IND", organisationId: link("party", this.pick(["organisations"], m.originator, p(3))) },
            { country: "ISR", organisationId: link("party", this.pick(["organisations"], m.originator, p(4))) },
          ],
          signatoryIds: signatory ? [signatory] : [],
          signedDuringId: link("signed_during", this.pick(["meetings"], m.originator, p(5))),
        };
        facets = { status, agreement_kind: kind };
        break;
      }
      case "meetings": {
        body = { forumId: this.forumId, sequence: ++this.meetingSeq, dateStart: "2025-11-04", venueCity: title };
        break;
      }
      case "actions": {
        const status = of(ACTION_STATUSES, 0);
        const country = of(NATIONS, 1);
        body = {
          title, status, dueDate: "2025-12-01",
          meetingId: link("meeting", this.pick(["meetings"], m.originator, p(2)), false),
          owner: { country, organisationId: link("owner", this.pick(["organisations"], m.originator, p(3)), false) },
        };
        facets = { status, owner_country: country };
        break;
      }
      case "forums": {
        const kind = of(FORUM_KINDS, 0);
        body = {
          name: title, kind, members: [{ country: "IND" }, { country: "ISR" }],
          parentId: link("parent_forum", this.pick(["forums"], m.originator, p(1)), false),
          termsOfReferenceId: link("terms_of_reference", this.pick(["agreements"], m.originator, p(2)), false),
        };
        facets = { forum_kind: kind };
        break;
      }
      case "engagements": {
        const kind = of(ENGAGEMENT_KINDS, 0);
        const delegationCountry = of(NATIONS, 1);
        const hostCountry = of(NATIONS, 2);
        const host = link("host", this.pick(["organisations", "people"], m.originator, p(3)), false);
        body = {
          kind, title, dateStart: "2025-11-06", delegationCountry, hostCountry, hostIds: host ? [host] : [],
          leaderId: link("leader", this.pick(["people"], m.originator, p(4)), false),
          meetingId: link("at_meeting", this.pick(["meetings"], m.originator, p(5)), false),
        };
        facets = { engagement_kind: kind };
        involves = [delegationCountry, hostCountry];
        break;
      }
      case "programmes": {
        const kind = of(PROGRAMME_KINDS, 0);
        const stage = of(STAGES, 1);
        const partner = this.pick(["organisations"], m.originator, p(2));
        const agreement = link("agreement", this.pick(["agreements"], m.originator, p(3)), false, true);
        link("partner", partner, false);
        body = { kind, title, stage, partners: partner ? [{ organisationId: partner.id, role: "lead", workShare: 100 }] : [], agreementIds: agreement ? [agreement] : [] };
        facets = { stage, programme_kind: kind };
        involves = partner ? [partner.facets.country!] : [];
        break;
      }
      default:
        throw new Error(`no factory for ${path}: say in leak-world.ts how the tests make one`);
      case "documents": {
        const kind = of(DOC_KINDS, 0);
        const attachedToId = link("attached_to", this.pick([...KINDS], m.originator, p(1)));
        const upload = multipart({ marking: wire(m), title, kind, attachedToId }, "note.txt", "text/plain", `${title}\n`);
        const res = await api.raw({ method: "POST", url: "/api/documents", ...upload });
        assert.equal(res.statusCode, 201, res.body);
        const files = [{ version: 1, marking: m }];
        // Half the documents get a second file before any change of marking, so a release leaves the first behind.
        if (p(2) % 2 === 0) {
          const second = await api.raw({ method: "POST", url: `/api/documents/${res.json().id}/versions`, ...multipart({}, `${token}-second.txt`, "text/plain", `${title} second\n`) });
          assert.equal(second.statusCode, 201, second.body);
          files.push({ version: 2, marking: m });
        }
        // A new file is a new version of the record too, at the same marking.
        return this.remember({ id: res.json().id, path, token, title, versions: files.map(() => m), out, facets: { doc_kind: kind }, files });
      }
    }
    const res = await api.post(`/api/${path}`, { marking: wire(m), ...body });
    assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
    if (path === "meetings") {
      facets = { status: res.body.status };
      // Two versions of draft minutes carrying the word (drafted before the meeting): each is a version of the meeting.
      for (const text of [`${title} minutes`, `${title} minutes, corrected`]) {
        const minutes = await api.post(`/api/meetings/${res.body.id}/minutes`, { text });
        assert.equal(minutes.status, 201, JSON.stringify(minutes.body));
      }
      return this.remember({ id: res.body.id, path, token, title: res.body.title, versions: [m, m, m], out, facets });
    }
    // A meeting is titled by its number and forum, not by what was sent.
    return this.remember({ id: res.body.id, path, token, title: res.body.title ?? res.body.name, versions: [m], out, facets, ...(involves ? { involves } : {}) });
  }

  /** A statement made into a draft: the draft and its source, both at the statement's marking. */
  async makeDraft(m: WMarking, tag: string, n: number): Promise<[draft: Made, source: Made]> {
    const token = `${tag}d${n}w`;
    const text = `${tag} ${token} statement`;
    const res = await this.creators[m.originator]!.post("/api/drafts", { text, marking: wire(m) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const draft = this.remember({ id: res.body.id, path: "drafts", token, title: res.body.title, versions: [m], out: [], facets: {} });
    // A source is titled by its publisher, date and headline (none here), as the server names it.
    const title = (await this.creators[m.originator]!.get(`/api/sources/${res.body.source.id}`)).body.title as string;
    const source = this.remember({ id: res.body.source.id, path: "sources", token, title, versions: [m], out: [], facets: {} });
    return [draft, source];
  }

  private remember(x: Made): Made {
    this.made.push(x);
    return x;
  }

  /** Moves a record to another marking: an edit when it only raises, else a release an officer approves. */
  async change(x: Made, to: WMarking, widens: boolean): Promise<void> {
    const api = this.creators[to.originator]!;
    if (widens) {
      const asked = await api.post("/api/releases", { recordId: x.id, marking: wire(to), reason: "No-leak property test" });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      this.releases.push({ recordId: x.id, originator: to.originator });
      const decided = await this.officers[to.originator]!.post(`/api/releases/${asked.body.id}/decision`, { decision: "approve" });
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
    } else {
      const raised = await api.patch(`/api/${x.path}/${x.id}`, { marking: wire(to) });
      assert.equal(raised.status, 200, `raise ${x.path}: ${JSON.stringify(raised.body)}`);
    }
    x.versions.push(to);
    // Only the current file version moves with the document's marking (issue 11: versions are records too).
    if (x.files) x.files[x.files.length - 1]!.marking = to;
  }

  /**
   * A statement naming `about` (organisations and people), made into a draft at `marking` by that
   * country's creator, who may read every record of theirs and those released to them: wider than
   * the draft's readers may. The draft and its source are remembered.
   */
  async draftAbout(marking: WMarking, about: Made[], tag: string, n: number): Promise<{ draft: Made; body: any }> {
    const token = `${tag}d${n}w`;
    const names = about.map((x) => x.title);
    const text = `New Delhi, March 12 (PTI) ${token}: officials of ${names.join(" and ")} met in New Delhi on Tuesday to discuss co-production.`;
    const res = await this.creators[marking.originator]!.post("/api/drafts", { text, marking: wire(marking), published: "2026-03-12" });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const draft = this.remember({ id: res.body.id, path: "drafts", token, title: res.body.title, versions: [marking], out: [], facets: {} });
    this.remember({ id: res.body.source.id, path: "sources", token, title: res.body.source.text, versions: [marking], out: [], facets: {} });
    return { draft, body: res.body };
  }

  /**
   * Confirms a draft as its author: a matched proposal is linked, an organisation or person without
   * a match is created at `marking` under a new name of this world (so the oracle knows it), and
   * anything else is skipped. Returns the outcome as the author saw it.
   */
  async confirmDraft(draft: { draft: Made; body: any }, marking: WMarking, tag: string): Promise<any[]> {
    const api = this.creators[currentMarking(draft.draft).originator]!;
    const decisions: object[] = [];
    const created = new Map<string, Made>();
    // The proposals as the author reads them now: a match since raised beyond them is withheld.
    const now = await api.get(`/api/drafts/${draft.draft.id}`);
    for (const [i, p] of (now.body.proposals as { key: string; kind: string; match: { id: string | null } | null }[]).entries()) {
      if (p.match?.id) decisions.push({ key: p.key, action: "link", recordId: p.match.id });
      else if (p.kind === "organisation" || p.kind === "person") {
        const token = `${tag}c${i}w`;
        const name = `${tag} ${token}`;
        decisions.push({ key: p.key, action: "create", fields: p.kind === "organisation" ? { name, country: "IND", kind: "company" } : { name, country: "IND", title: null } });
        created.set(p.key, { id: "", path: p.kind === "organisation" ? "organisations" : "people", token, title: name, versions: [marking], out: [],
          facets: p.kind === "organisation" ? { country: "IND", org_kind: "company" } : { country: "IND" } });
      } else decisions.push({ key: p.key, action: "skip" });
    }
    const res = await api.post(`/api/drafts/${draft.draft.id}/confirm`, { marking: wire(marking), decisions });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    for (const o of res.body.outcome as { key: string; action: string; recordId: string }[]) {
      const x = created.get(o.key);
      if (x && o.action === "create") this.remember({ ...x, id: o.recordId });
    }
    return res.body.outcome;
  }
}
