// A random "world" of marked records for the no-leak property test (src/security/no-leak.test.ts),
// made through the API by creators who may write them: organisations with parents, people
// holding titles in organisations, agreements with party organisations, signatories and the
// meeting they were signed at, documents attached to any record, meetings of one forum, actions
// raised at meetings. Markings are then raised (PATCH) or released (request + officer approval),
// so records have versions at different markings. The world remembers what it made, so a test can
// say what each reader should see without asking the application.
import assert from "node:assert/strict";
import { client, type TestEnv } from "./harness.ts";
import { buildUser } from "./factories.ts";

export const LEVELS = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"] as const;
export const COMPARTMENTS = ["JWG", "SWG-DIC", "MRSAM", "AEASI", "KRAS"];
export const NATIONS = ["IND", "ISR"] as const;
export const KINDS = ["organisations", "people", "agreements", "documents", "meetings", "actions"] as const;
export type Path = (typeof KINDS)[number];
export const SINGULAR: Record<Path, string> = {
  organisations: "organisation", people: "person", agreements: "agreement", documents: "document", meetings: "meeting", actions: "action",
};
const ORG_KINDS = ["ministry", "armed_force", "agency", "company", "dpsu", "research_lab", "other"];
const AGREEMENT_KINDS = ["MoU", "Agreement", "Protocol", "Letter of Intent", "Roadmap", "Terms of Reference", "Other"];
const AGREEMENT_STATUSES = ["draft", "negotiating", "signed", "in_force", "expired", "terminated"];
const DOC_KINDS = ["minutes", "agenda", "report", "agreement_text", "brief", "presentation", "correspondence", "technical", "other"];
const ACTION_STATUSES = ["open", "in_progress", "done", "dropped"];

export interface WMarking { level: number; originator: string; releasableTo: string[] | "ALL"; compartments: string[] }

/** A link from one record to another; `listed` when GET /api/records/:id/references shows it. */
export interface Link { relation: string; target: string; listed: boolean }

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

export class LeakWorld {
  readonly made: Made[] = [];
  private creators: Record<string, Api> = {};
  private officers: Record<string, Api> = {};
  private forumId = "";
  private meetingSeq = 0;

  /** `creatorMayRead`: the test's own oracle, applied to a creator (cleared for everything of its country). */
  constructor(private readonly env: TestEnv, private readonly creatorMayRead: (nationality: string, m: WMarking) => boolean) {}

  async init(): Promise<void> {
    for (const nat of NATIONS) {
      this.creators[nat] = client(this.env.app, await buildUser(this.env.store.db, { nationality: nat, clearance: 4, compartments: COMPARTMENTS, roles: ["secretariat", "analyst"] }));
      this.officers[nat] = client(this.env.app, await buildUser(this.env.store.db, { nationality: nat, clearance: 4, compartments: COMPARTMENTS, roles: ["security_officer"] }));
    }
    const forum = await this.creators.IND!.post("/api/forums", {
      marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" }, name: "Leak-test forum", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }],
    });
    assert.equal(forum.status, 201, JSON.stringify(forum.body));
    this.forumId = forum.body.id;
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
    const link = (relation: string, target: Made | null, listed = true) => {
      if (target) out.push({ relation, target: target.id, listed });
      return target?.id ?? null;
    };
    let body: Record<string, unknown>;
    let facets: Record<string, string> = {};
    switch (path) {
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
          kind, title, status, signedOn: "2025-11-04",
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
      case "documents": {
        const kind = of(DOC_KINDS, 0);
        const attachedToId = link("attached_to", this.pick([...KINDS], m.originator, p(1)));
        const upload = multipart({ marking: wire(m), title, kind, attachedToId }, "note.txt", "text/plain", `${title}\n`);
        const res = await api.raw({ method: "POST", url: "/api/documents", ...upload });
        assert.equal(res.statusCode, 201, res.body);
        return this.remember({ id: res.json().id, path, token, title, versions: [m], out, facets: { doc_kind: kind } });
      }
    }
    const res = await api.post(`/api/${path}`, { marking: wire(m), ...body });
    assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
    if (path === "meetings") facets = { status: res.body.status };
    // A meeting is titled by its number and forum, not by what was sent.
    return this.remember({ id: res.body.id, path, token, title: res.body.title ?? res.body.name, versions: [m], out, facets });
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
      const decided = await this.officers[to.originator]!.post(`/api/releases/${asked.body.id}/decision`, { decision: "approve" });
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
    } else {
      const raised = await api.patch(`/api/${x.path}/${x.id}`, { marking: wire(to) });
      assert.equal(raised.status, 200, `raise ${x.path}: ${JSON.stringify(raised.body)}`);
    }
    x.versions.push(to);
  }
}
