// Who may do what with a record (SPEC 3.3), as small predicates declared once per kind (as Outline
// declares `allow(User, "update", Document, ...)`). The same rule decides both what a presented
// record offers its reader (its `policies`, from which the web app shows its controls) and whether
// a write goes ahead: the record writer takes nothing but a Grant, and only a policy makes one.
import { AccordError } from "./errors.ts";
import type { Role } from "./roles.ts";
import { constant } from "./constants.ts";

/** The caller as the rules see them. */
export interface Actor {
  id: string;
  roles: readonly string[];
  nationality: string;
  /** The person record this user is (a co-chair approves as that person). */
  personId: string | null;
}

export type Rule<F> = (actor: Actor, facts: F) => boolean;

export const hasAnyRole = (actor: Actor, roles: readonly Role[]) => roles.some((r) => actor.roles.includes(r));

declare const GRANTED: unique symbol;
/** Proof that a policy allowed an action on a record (or the creation of one). */
export interface Grant {
  readonly [GRANTED]: true;
  readonly action: string;
}

/** Security officers may ask of any record they may read who can read it, and why another cannot (SPEC 3.2). */
export const mayAskWhoReads = (a: Actor) => a.roles.includes("security_officer");

/** Actions every kind has: edit it, ask for its release, and (security officers) ask who may read it. */
export type CommonAction = "edit" | "release" | "readers";

export interface Policy<F, A extends string> {
  /** Roles that edit records of the kind (and so create them, and ask for their release). */
  readonly editors: readonly Role[];
  readonly rules: Readonly<Record<CommonAction | A, Rule<F>>>;
  readonly actions: readonly (CommonAction | A)[];
}

/**
 * Declares a kind's policy: its editing roles and any further actions. `edit` and `release`
 * default to holding an editing role; a kind may widen them (an action's owner updates it).
 */
export function definePolicy<F>() {
  return <A extends string = never>(spec: { editors: readonly Role[]; rules?: Partial<Record<CommonAction, Rule<F>>> & Record<A, Rule<F>> }): Policy<F, A> => {
    const editor: Rule<F> = (a) => hasAnyRole(a, spec.editors);
    const rules = {
      edit: editor,
      release: editor,
      readers: mayAskWhoReads,
      ...spec.rules,
    } as Record<CommonAction | A, Rule<F>>;
    return { editors: spec.editors, rules, actions: Object.keys(rules) as (CommonAction | A)[] };
  };
}

export type Decisions<A extends string> = Record<CommonAction | A, boolean>;

/** Each policy's decisions as made so far, by the bits of their answers (bit i: the policy's i-th action). */
const decided = new WeakMap<object, Map<number, object>>();

/**
 * What the actor may do with one record: travels with it to the client. A policy has a handful of
 * actions, so a few combinations of answers: each is one shared object, frozen and registered as a
 * constant (domain/constants.ts), so a page's items share it and the response serialisers write its
 * JSON once instead of once per item.
 */
export function decide<F, A extends string>(policy: Policy<F, A>, actor: Actor, facts: F): Decisions<A> {
  const { actions, rules } = policy;
  if (actions.length > 30) return decideEach(policy, actor, facts);
  let bits = 0;
  for (let i = 0; i < actions.length; i++) if (rules[actions[i]!](actor, facts) === true) bits |= 1 << i;
  let byBits = decided.get(policy);
  if (!byBits) decided.set(policy, (byBits = new Map()));
  let out = byBits.get(bits) as Decisions<A> | undefined;
  if (!out) {
    const made = {} as Decisions<A>;
    for (let i = 0; i < actions.length; i++) made[actions[i]!] = (bits & (1 << i)) !== 0;
    byBits.set(bits, (out = constant(Object.freeze(made))));
  }
  return out;
}

/** The decisions as a fresh object of their own (a policy of more actions than the bits hold). */
function decideEach<F, A extends string>(policy: Policy<F, A>, actor: Actor, facts: F): Decisions<A> {
  const out = {} as Decisions<A>;
  for (const action of policy.actions) out[action] = policy.rules[action](actor, facts) === true;
  return out;
}

/** A grant for an action, or a `forbidden` refusal saying why. */
export function grant<F, A extends string>(policy: Policy<F, A>, action: CommonAction | A, actor: Actor, facts: F, denial: string): Grant {
  if (!policy.rules[action](actor, facts)) throw new AccordError("forbidden", denial);
  return { action } as Grant;
}

/**
 * Creating a record of the kind, or editing one where the kind's edit rule is its editing roles:
 * a role the kind names (further checks are the kind writer's).
 */
export function grantByRole<F, A extends string>(policy: Policy<F, A>, actor: Actor, action: "create" | "edit" | "release", kind: string): Grant {
  if (!hasAnyRole(actor, policy.editors)) throw new AccordError("forbidden", `Your roles do not allow editing ${kind} records.`);
  return { action } as Grant;
}

/** Creating a record of the kind. */
export const grantCreate = <F, A extends string>(policy: Policy<F, A>, actor: Actor, kind: string): Grant => grantByRole(policy, actor, "create", kind);

/**
 * What a user may do beyond any one record: the pages of the platform a role opens. The web app
 * shows its navigation from these (GET /api/policies), never from its own copy of the roles.
 */
export const PLATFORM = {
  /** Decide release requests and ask who may read a record (SPEC 3.3, 3.2). */
  releases: (a: Actor) => a.roles.includes("security_officer"),
  access: mayAskWhoReads,
  /** Read and verify the audit log (SPEC 3.5). */
  audit: (a: Actor) => a.roles.includes("auditor"),
  /** Manage accounts. */
  users: (a: Actor) => a.roles.includes("admin"),
  /** Account changes awaiting the two-person rule: administrators ask, security officers decide. */
  accountChanges: (a: Actor) => a.roles.includes("admin") || a.roles.includes("security_officer"),
} as const satisfies Record<string, (a: Actor) => boolean>;
