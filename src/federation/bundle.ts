// What travels between instances (SPEC 8.3): a bundle of record versions and retractions, each
// item bound to its label by the sender's Ed25519 signature over the canonical JSON (RFC 8785) of
// label and content together (in the manner of STANAG 4778), the whole bundle signed again over
// its number, sender and receiver, so it cannot be replayed to another peer or under another number.
import { createHash, type KeyObject } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";
import { ALL, LEVELS, normalise, rankOf, type Marking } from "../domain/markings.ts";
import { ACTION_STATUSES } from "../resources/actions/schema.ts";
import { signText, verifyText } from "./identity.ts";

export const BUNDLE_FORMAT = "accord-federation-bundle/1";
export const FILE_FORMAT = "accord-federation-file/1";
/** STANAG 4774's policy identifier for Accord's bilateral marking scheme (as in records/label.ts). */
export const LABEL_POLICY = "urn:accord:policy:bilateral";

const code = z.string().regex(/^[A-Z]{3}$/);
const compartment = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,39}$/);

/** The confidentiality label, the JSON form of the STANAG 4774 label records/label.ts exports as XML. */
export const Label = z.strictObject({
  policy: z.literal(LABEL_POLICY),
  classification: z.enum(LEVELS),
  originator: code,
  releasableTo: z.union([z.literal(ALL), z.array(code).max(300)]),
  compartments: z.array(compartment).max(50),
});
export type Label = z.infer<typeof Label>;

export const FileEntry = z.strictObject({
  name: z.string().max(500),
  mediaType: z.string().max(200),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  content: z.string(),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const RecordContent = z.strictObject({
  id: z.string().min(1).max(64),
  kind: z.string().min(1).max(40),
  version: z.number().int().positive(),
  title: z.string().max(2000),
  updatedAt: z.string(),
  data: z.unknown(),
  files: z.array(FileEntry).max(20),
});
export type RecordContent = z.infer<typeof RecordContent>;

export const RetractContent = z.strictObject({ id: z.string().min(1).max(64), retractedAt: z.string() });

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const recordId = z.string().min(1).max(64);
const person = z.strictObject({ name: z.string().min(1).max(300), userId: z.string().min(1).max(64) });

/**
 * A joint act (SPEC 8.4) made on the contributor's instance about a record the receiver owns: a
 * co-chair's approval of one version of a meeting's minutes, named by its content hash...
 */
export const MinutesApproval = z.strictObject({
  id: recordId, kind: z.literal("minutes_approval"), recordId, country: code, at: z.string(),
  version: z.number().int().positive(), contentHash: sha256, approver: person,
});
/** ...or progress on an action the contributor's country owns. */
export const ActionProgress = z.strictObject({
  id: recordId, kind: z.literal("action_progress"), recordId, country: code, at: z.string(),
  onDate: z.iso.date(), text: z.string().min(1).max(10_000), status: z.enum(ACTION_STATUSES).nullable(), by: person,
});
export const Contribution = z.discriminatedUnion("kind", [MinutesApproval, ActionProgress]);
export type Contribution = z.infer<typeof Contribution>;

/** The owner's answer to a contribution: applied (the record follows, sent again) or refused and why. */
export const Answer = z.strictObject({
  id: recordId, recordId, state: z.enum(["applied", "refused"]), reason: z.string().max(2000).nullable(), decidedAt: z.string(),
});
export type Answer = z.infer<typeof Answer>;

const PutItem = z.strictObject({ op: z.literal("put"), label: Label, content: RecordContent, signature: z.string() });
const RetractItem = z.strictObject({ op: z.literal("retract"), label: Label, content: RetractContent, signature: z.string() });
/** To the record's owner only; its label is the record's, as the owner sent it. */
const ContributeItem = z.strictObject({ op: z.literal("contribute"), label: Label, content: Contribution, signature: z.string() });
/** Back to the contributor; its label is the record's. */
const AnswerItem = z.strictObject({ op: z.literal("answer"), label: Label, content: Answer, signature: z.string() });
export const Item = z.discriminatedUnion("op", [PutItem, RetractItem, ContributeItem, AnswerItem]);
export type Item = z.infer<typeof Item>;

export const Bundle = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  from: z.strictObject({ country: code, key: z.string().regex(/^[0-9a-f]{64}$/) }),
  to: z.strictObject({ country: code }),
  seq: z.number().int().positive(),
  createdAt: z.string(),
  items: z.array(Item).max(10_000),
  signature: z.string(),
});
export type Bundle = z.infer<typeof Bundle>;

export const BundleFile = z.strictObject({ format: z.literal(FILE_FORMAT), bundles: z.array(z.string()) });

export function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("not representable as canonical JSON");
  return text;
}

export function labelOf(m: Marking): Label {
  const n = normalise(m);
  return { policy: LABEL_POLICY, classification: LEVELS[n.classification], originator: n.originator, releasableTo: n.releasableTo === ALL ? ALL : [...n.releasableTo], compartments: [...n.compartments] };
}

export function markingOfLabel(l: Label): Marking {
  return normalise({ classification: rankOf(l.classification), originator: l.originator, releasableTo: l.releasableTo, compartments: l.compartments });
}

/** The bytes an item's signature covers: its label and content together. */
const itemPayload = (label: unknown, content: unknown) => canonical({ label, content });

export function signItem<T extends Omit<Item, "signature">>(key: KeyObject, item: T): T & { signature: string } {
  return { ...item, signature: signText(key, itemPayload(item.label, item.content)) };
}

export function itemSignatureHolds(key: KeyObject, item: Item): boolean {
  return verifyText(key, itemPayload(item.label, item.content), item.signature);
}

/** Signs a bundle; its text is the canonical JSON sent as is. */
export function sealBundle(key: KeyObject, unsigned: Omit<Bundle, "signature">): { text: string; hash: string } {
  const signature = signText(key, canonical(unsigned));
  const text = canonical({ ...unsigned, signature });
  return { text, hash: hashText(text) };
}

export function bundleSignatureHolds(key: KeyObject, b: Bundle): boolean {
  const { signature, ...unsigned } = b;
  return verifyText(key, canonical(unsigned), signature);
}

export function hashText(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Over HTTP a bundle comes with an envelope in two headers: the sender's key fingerprint and its
 * signature over the body's SHA-256. The receiver checks both before it parses the body, so a
 * body from anyone but a peer (however large) costs a hash, never a parse.
 */
export const ENVELOPE_KEY = "accord-federation-key";
export const ENVELOPE_SIGNATURE = "accord-federation-signature";
const envelopePayload = (bodyHash: string) => `accord-federation-body/1 ${bodyHash}`;

export function envelopeOf(key: KeyObject, fingerprint: string, text: string): Record<string, string> {
  return { [ENVELOPE_KEY]: fingerprint, [ENVELOPE_SIGNATURE]: signText(key, envelopePayload(hashText(text))) };
}

export function envelopeHolds(key: KeyObject, bodyHash: string, signature: string): boolean {
  return verifyText(key, envelopePayload(bodyHash), signature);
}
