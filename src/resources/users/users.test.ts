// Accounts and the two-person rule (issue 11, row 3), as an attacker tries them over HTTP: nobody
// changes their own clearance, compartments, nationality, roles or status; an administrator's grant
// waits for a security officer of the account's nationality; refusals are kept; every attempt is
// audited; and no sequence of requests gives anyone more than a security officer approved.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { sequenceAll } from "../../audit/sequencer.ts";
import { buildUser } from "../../testing/factories.ts";
import { explain } from "../../testing/explain.ts";
import { LEVELS } from "../../domain/markings.ts";
import type { Db } from "../../store/db.ts";
import { createSession } from "../../accounts/sessions.ts";

/** Everything stored about an account's access, to compare before and after a refused request. */
async function accessOf(db: Db, userId: string) {
  const u = await db.selectFrom("users").select(["clearance", "nationality", "status", "password_hash", "updated_at"]).where("id", "=", userId).executeTakeFirstOrThrow();
  const roles = (await db.selectFrom("user_roles").select("role").where("user_id", "=", userId).orderBy("role").execute()).map((r) => r.role);
  const compartments = (await db.selectFrom("user_compartments").select("compartment").where("user_id", "=", userId).orderBy("compartment").execute()).map((r) => r.compartment);
  const changes = (await db.selectFrom("account_changes").select("id").where("user_id", "=", userId).execute()).length;
  return { ...u, roles, compartments, changes };
}

async function lastEvent(db: Db, action: string) {
  await sequenceAll(db);
  const e = await db.selectFrom("audit_events").selectAll().where("action", "=", action).orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
  return { ...e, details: JSON.parse(e.details) as Record<string, unknown> };
}

for (const kind of STORES) {
  describe(`accounts and the two-person rule (${kind})`, () => {
    let env: TestEnv;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });

    test("nobody changes their own clearance, compartments, nationality, roles or status: refused, audited, nothing written", async () => {
      const me = await buildUser(env.store.db, { roles: ["admin"], clearance: 1 });
      const admin = client(env.app, me);
      const token = (await admin.post("/api/auth/tokens", { name: "admin script", scopes: ["admin"] })).body.token as string;
      const viaToken = (payload: object) => env.app.inject({ method: "PATCH", url: `/api/users/${me.userId}`, headers: { authorization: `Bearer ${token}` }, payload });
      const attempts: object[] = [
        { clearance: "TOP SECRET" }, { clearance: "RESTRICTED" }, { compartments: ["MRSAM", "KRAS"] }, { compartments: [] },
        { roles: ["admin", "security_officer"] }, { roles: ["admin"] }, { status: "active" }, { status: "disabled" },
        { nationality: "ISR" }, { nationality: "IND" }, { displayName: "Me", clearance: "SECRET" },
      ];
      const before = await accessOf(env.store.db, me.userId);
      for (const body of attempts) {
        for (const [via, send] of [["session", () => admin.patch(`/api/users/${me.userId}`, body).then((r) => ({ status: r.status, code: r.body.code }))], ["token", () => viaToken(body).then((r) => ({ status: r.statusCode, code: r.json().code }))]] as const) {
          const res = await send();
          assert.deepEqual(res, { status: 403, code: "forbidden" }, `${via} ${JSON.stringify(body)}`);
          const e = await lastEvent(env.store.db, "user.update");
          assert.deepEqual([e.actor, e.target, e.outcome], [me.userId, me.userId, "denied"], `audited: ${JSON.stringify(body)}`);
          assert.deepEqual(await accessOf(env.store.db, me.userId), before, `nothing written: ${JSON.stringify(body)}`);
        }
      }
      // Nor through a password reset of oneself, nor by anyone without the role.
      assert.equal((await admin.post(`/api/users/${me.userId}/password`, { password: "my own new password" })).status, 403);
      const member = await buildUser(env.store.db, { roles: ["member"], clearance: 1 });
      const res = await client(env.app, member).patch(`/api/users/${member.userId}`, { clearance: "SECRET" });
      assert.equal(res.status, 403);
      assert.equal((await lastEvent(env.store.db, "user.update")).outcome, "denied");
      assert.deepEqual(await accessOf(env.store.db, me.userId), before);
      // What is one's own to change stays open.
      assert.equal((await admin.patch(`/api/users/${me.userId}`, { displayName: "The Administrator" })).status, 200);
    });

    test("nationality is fixed for everyone, and an unknown field is refused naming it", async () => {
      const admin = client(env.app, await buildUser(env.store.db, { roles: ["admin"] }));
      const other = await buildUser(env.store.db, { clearance: 1 });
      const before = await accessOf(env.store.db, other.userId);
      const res = await admin.patch(`/api/users/${other.userId}`, { nationality: "ISR" });
      assert.equal(res.status, 403);
      const unknown = await admin.patch(`/api/users/${other.userId}`, { password_hash: "x" });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.errors[0].field, "password_hash");
      assert.deepEqual(await accessOf(env.store.db, other.userId), before);
    });

    test("bad input to account changes is refused naming the field, and writes nothing", async () => {
      const admin = client(env.app, await buildUser(env.store.db, { roles: ["admin"] }));
      const officer = client(env.app, await buildUser(env.store.db, { roles: ["security_officer"], clearance: 4 }));
      const target = await buildUser(env.store.db, { clearance: 1 });
      const asked = await admin.patch(`/api/users/${target.userId}`, { clearance: "SECRET" });
      const id = asked.body.pendingChange.id as string;
      const before = await accessOf(env.store.db, target.userId);
      const cases: [Promise<{ status: number; body: { errors?: { field: string }[] } }>, string][] = [
        [officer.post(`/api/account-changes/${id}/decision`, { decision: "maybe" }), "decision"],
        [officer.post(`/api/account-changes/${id}/decision`, { decision: "approve", note: "x".repeat(2001) }), "note"],
        [officer.post(`/api/account-changes/${id}/decision`, { decision: "approve", grants: { clearance: "TOP SECRET" } }), "grants"],
        [officer.post("/api/account-changes/not-an-id/decision", { decision: "approve" }), "params.id"],
        [officer.get("/api/account-changes?status=everything"), "querystring.status"],
        [admin.patch(`/api/users/${target.userId}`, { clearance: "COSMIC" }), "clearance"],
        [admin.patch(`/api/users/${target.userId}`, { compartments: ["no such one"] }), "compartments.0"],
        [admin.patch(`/api/users/${target.userId}`, { reason: "" }), "reason"],
        [admin.post(`/api/users/${target.userId}/password`, { password: "short" }), "password"],
      ];
      for (const [res, field] of cases) {
        const r = await res;
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.errors?.[0]?.field, field);
      }
      const unknownCompartment = await admin.post(`/api/account-changes/${id}/withdraw`);
      assert.equal(unknownCompartment.status, 200);
      const grant = await admin.patch(`/api/users/${target.userId}`, { compartments: ["NOPE"] });
      assert.deepEqual([grant.status, grant.body.errors?.[0]?.field], [400, "compartments"], "an unknown compartment is refused before anything waits");
      assert.deepEqual({ ...(await accessOf(env.store.db, target.userId)), changes: 1 }, { ...before, changes: 1 });
    });

    test("the two-person rule end to end: asked, seen, refused by the wrong people, approved by the right one", async () => {
      const adminUser = await buildUser(env.store.db, { roles: ["admin"], clearance: 0 });
      const admin = client(env.app, adminUser);
      const indOfficer = await buildUser(env.store.db, { roles: ["security_officer"], clearance: 4, compartments: ["MRSAM", "KRAS"] });
      const isrOfficer = await buildUser(env.store.db, { nationality: "ISR", roles: ["security_officer"], clearance: 4, compartments: ["MRSAM", "KRAS"] });
      const weakOfficer = await buildUser(env.store.db, { roles: ["security_officer"], clearance: 2, compartments: [] });
      // Made with SECRET, MRSAM and an oversight role asked for: it starts with none of them.
      const made = await admin.post("/api/users", { username: "new.analyst", displayName: "New Analyst", password: "initial password 1", nationality: "IND", clearance: "SECRET", roles: ["analyst", "security_officer"], compartments: ["MRSAM"], reason: "joins the MRSAM team" });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.deepEqual([made.body.clearance, made.body.compartments, made.body.roles], ["UNCLASSIFIED", [], ["analyst"]]);
      const change = made.body.pendingChange;
      assert.deepEqual(change.grants, { clearance: { from: "UNCLASSIFIED", to: "SECRET" }, compartments: ["MRSAM"], roles: ["security_officer"] });
      assert.equal(change.reason, "joins the MRSAM team");
      assert.deepEqual([change.mayApprove, change.mayRefuse, change.mayWithdraw], [false, false, true], "the asker may only withdraw");
      // The administrators' list shows it; the Indian officer sees it and may decide; the Israeli officer sees nothing.
      const listed = (await admin.get("/api/users")).body.items.find((u: { username: string }) => u.username === "new.analyst");
      assert.equal(listed.pendingChange.id, change.id);
      const forInd = (await client(env.app, indOfficer).get("/api/account-changes?status=pending")).body.items;
      assert.deepEqual(forInd.map((c: { id: string; mayApprove: boolean }) => [c.id, c.mayApprove]), [[change.id, true]]);
      assert.deepEqual((await client(env.app, isrOfficer).get("/api/account-changes")).body.items, []);
      assert.equal((await client(env.app, isrOfficer).get(`/api/account-changes/${change.id}`)).status, 404);
      // Refused: the asker, an officer of the other country, an officer who holds less than the grant, a member.
      const member = await buildUser(env.store.db, { roles: ["member"] });
      for (const [who, status] of [[adminUser, 403], [isrOfficer, 403], [weakOfficer, 403], [member, 403]] as const) {
        const res = await client(env.app, who).post(`/api/account-changes/${change.id}/decision`, { decision: "approve" });
        assert.equal(res.status, status, JSON.stringify(res.body));
        const e = await lastEvent(env.store.db, "account_change.decide");
        assert.deepEqual([e.actor, e.outcome], [who.userId, "denied"]);
      }
      // An officer's API token cannot decide: decisions are made in a signed-in session.
      const officerToken = (await client(env.app, indOfficer).post("/api/auth/tokens", { name: "t", scopes: ["read", "write", "admin"] })).body.token as string;
      const byToken = await env.app.inject({ method: "POST", url: `/api/account-changes/${change.id}/decision`, headers: { authorization: `Bearer ${officerToken}` }, payload: { decision: "approve" } });
      assert.equal(byToken.statusCode, 403);
      let user = (await admin.get("/api/users")).body.items.find((u: { username: string }) => u.username === "new.analyst");
      assert.deepEqual([user.clearance, user.compartments, user.roles], ["UNCLASSIFIED", [], ["analyst"]], "nothing granted yet");
      // One change at a time: a second grant waits for the first decision.
      const second = await admin.patch(`/api/users/${user.id}`, { compartments: ["KRAS"] });
      assert.equal(second.status, 409);
      const approved = await client(env.app, indOfficer).post(`/api/account-changes/${change.id}/decision`, { decision: "approve", note: "vetted" });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.deepEqual([approved.body.status, approved.body.decidedBy.id, approved.body.note], ["approved", indOfficer.userId, "vetted"]);
      user = (await admin.get("/api/users")).body.items.find((u: { username: string }) => u.username === "new.analyst");
      assert.deepEqual([user.clearance, user.compartments, user.roles, user.pendingChange], ["SECRET", ["MRSAM"], ["analyst", "security_officer"], null]);
      const e = await lastEvent(env.store.db, "account_change.decide");
      assert.deepEqual([e.actor, e.target, e.outcome, e.details.decision], [indOfficer.userId, user.id, "success", "approved"]);
      assert.equal((await client(env.app, indOfficer).post(`/api/account-changes/${change.id}/decision`, { decision: "refuse" })).status, 409, "decided once");
    });

    test("a refusal is kept and grants nothing; a withdrawal likewise; taking access away is immediate", async () => {
      const admin = client(env.app, await buildUser(env.store.db, { roles: ["admin"] }));
      const officer = client(env.app, await buildUser(env.store.db, { roles: ["security_officer"], clearance: 4, compartments: ["KRAS"] }));
      const target = await buildUser(env.store.db, { clearance: 2, compartments: ["AEASI"], roles: ["member"] });
      const asked = await admin.patch(`/api/users/${target.userId}`, { clearance: "TOP SECRET", compartments: ["KRAS"], roles: ["member", "admin"] });
      assert.equal(asked.status, 200);
      // In one request: AEASI taken away at once, KRAS and the rest asked for.
      assert.deepEqual([asked.body.clearance, asked.body.compartments, asked.body.roles], ["CONFIDENTIAL", [], ["member"]]);
      assert.deepEqual(asked.body.pendingChange.grants, { clearance: { from: "CONFIDENTIAL", to: "TOP SECRET" }, compartments: ["KRAS"], roles: ["admin"] });
      const refused = await officer.post(`/api/account-changes/${asked.body.pendingChange.id}/decision`, { decision: "refuse", note: "no need to know" });
      assert.equal(refused.status, 200);
      const kept = (await officer.get(`/api/account-changes?status=refused&userId=${target.userId}`)).body.items;
      assert.deepEqual(kept.map((c: { status: string; note: string }) => [c.status, c.note]), [["refused", "no need to know"]]);
      assert.deepEqual((await accessOf(env.store.db, target.userId)).compartments, []);
      assert.equal((await accessOf(env.store.db, target.userId)).clearance, 2);
      const again = await admin.patch(`/api/users/${target.userId}`, { clearance: "SECRET" });
      const withdrawn = await admin.post(`/api/account-changes/${again.body.pendingChange.id}/withdraw`);
      assert.equal(withdrawn.status, 200);
      assert.equal(withdrawn.body.status, "withdrawn");
      assert.equal((await officer.post(`/api/account-changes/${again.body.pendingChange.id}/decision`, { decision: "approve" })).status, 409);
      assert.equal((await accessOf(env.store.db, target.userId)).clearance, 2);
      const lowered = await admin.patch(`/api/users/${target.userId}`, { clearance: "RESTRICTED", roles: [] });
      assert.deepEqual([lowered.body.clearance, lowered.body.roles, lowered.body.pendingChange], ["RESTRICTED", [], null]);
    });

    test("administrators asking at the same moment: one change waits, the others get 409, never a 500", async () => {
      const admins = await Promise.all([1, 2, 3, 4].map(() => buildUser(env.store.db, { roles: ["admin"] })));
      const target = await buildUser(env.store.db, { clearance: 0 });
      const answers = await Promise.all(admins.map((a, i) => client(env.app, a).patch(`/api/users/${target.userId}`, { clearance: LEVELS[i + 1] })));
      assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409, 409, 409], JSON.stringify(answers.map((r) => r.body)));
      const pending = await env.store.db.selectFrom("account_changes").select("id").where("user_id", "=", target.userId).where("status", "=", "pending").execute();
      assert.equal(pending.length, 1);
    });

    test("an administrator's own access rises only through another administrator and a security officer", async () => {
      const alice = await buildUser(env.store.db, { roles: ["admin"], clearance: 0 });
      const bob = await buildUser(env.store.db, { roles: ["admin"], clearance: 0 });
      const officer = await buildUser(env.store.db, { roles: ["security_officer"], clearance: 4 });
      const asked = await client(env.app, bob).patch(`/api/users/${alice.userId}`, { clearance: "SECRET" });
      assert.equal(asked.body.clearance, "UNCLASSIFIED");
      assert.equal((await client(env.app, alice).post(`/api/account-changes/${asked.body.pendingChange.id}/decision`, { decision: "approve" })).status, 403, "not by the one it raises");
      assert.equal((await client(env.app, officer).post(`/api/account-changes/${asked.body.pendingChange.id}/decision`, { decision: "approve" })).status, 200);
      assert.equal((await accessOf(env.store.db, alice.userId)).clearance, 3);
    });

    test("an officer who is also an administrator decides neither what they asked for nor a change to themselves", async () => {
      const both = await buildUser(env.store.db, { roles: ["admin", "security_officer"], clearance: 4, compartments: ["KRAS"] });
      const otherAdmin = await buildUser(env.store.db, { roles: ["admin"] });
      const target = await buildUser(env.store.db, { clearance: 1 });
      const own = await client(env.app, both).patch(`/api/users/${target.userId}`, { compartments: ["KRAS"] });
      assert.equal(own.body.pendingChange.mayApprove, false);
      const res = await client(env.app, both).post(`/api/account-changes/${own.body.pendingChange.id}/decision`, { decision: "approve" });
      assert.deepEqual([res.status, res.body.detail], [403, "Nobody decides a change they asked for."]);
      const forMe = await client(env.app, otherAdmin).patch(`/api/users/${both.userId}`, { clearance: "TOP SECRET", compartments: ["KRAS", "MRSAM"] });
      const mine = await client(env.app, both).post(`/api/account-changes/${forMe.body.pendingChange.id}/decision`, { decision: "approve" });
      assert.deepEqual([mine.status, mine.body.detail], [403, "Nobody decides a change to their own account."]);
      assert.deepEqual((await accessOf(env.store.db, both.userId)).compartments, ["KRAS"]);
      assert.deepEqual((await accessOf(env.store.db, target.userId)).compartments, []);
    });

    test("property: no sequence of requests gives anyone access no security officer approved", async () => {
      const people = {
        admin1: await buildUser(env.store.db, { roles: ["admin"], clearance: 0 }),
        admin2: await buildUser(env.store.db, { roles: ["admin", "security_officer"], clearance: 3, compartments: ["MRSAM"] }),
        officerInd: await buildUser(env.store.db, { roles: ["security_officer"], clearance: 4, compartments: ["MRSAM", "KRAS"] }),
        officerIsr: await buildUser(env.store.db, { nationality: "ISR", roles: ["security_officer"], clearance: 4, compartments: ["MRSAM", "KRAS"] }),
        userInd: await buildUser(env.store.db, { roles: ["member"], clearance: 1 }),
        userIsr: await buildUser(env.store.db, { nationality: "ISR", roles: ["member"], clearance: 1 }),
      };
      type Name = keyof typeof people;
      let effective = 0;
      let total = 0;
      const names = Object.keys(people) as Name[];
      const signedIn = async (userId: string) => {
        const s = await createSession(env.store.db, userId, true, "127.0.0.1");
        return { cookie: s.token, csrf: s.csrfToken };
      };
      // What each account may hold: where it started, raised only by approvals seen to succeed.
      const ceiling = new Map<string, { clearance: number; compartments: Set<string>; oversight: Set<string> }>();
      const initial = new Map(await Promise.all(names.map(async (n) => [people[n].userId, await accessOf(env.store.db, people[n].userId)] as const)));
      // Each run starts where the first did: as made, active, signed in, nothing pending.
      const reset = async () => {
        const db = env.store.db;
        await db.updateTable("account_changes").set({ status: "withdrawn" }).where("status", "=", "pending").execute();
        for (const n of names) {
          const id = people[n].userId;
          const a = initial.get(id)!;
          await db.updateTable("users").set({ status: "active", clearance: a.clearance }).where("id", "=", id).execute();
          await db.deleteFrom("user_roles").where("user_id", "=", id).execute();
          await db.insertInto("user_roles").values(a.roles.map((role) => ({ user_id: id, role }))).execute();
          await db.deleteFrom("user_compartments").where("user_id", "=", id).execute();
          if (a.compartments.length) await db.insertInto("user_compartments").values(a.compartments.map((compartment) => ({ user_id: id, compartment }))).execute();
          Object.assign(people[n], await signedIn(id));
          ceiling.set(id, { clearance: a.clearance, compartments: new Set(a.compartments), oversight: new Set(a.roles.filter((r) => ["admin", "security_officer"].includes(r))) });
        }
      };
      const patch = fc.record({
        clearance: fc.option(fc.constantFrom(...LEVELS), { nil: undefined }),
        compartments: fc.option(fc.subarray(["MRSAM", "KRAS", "AEASI"]), { nil: undefined }),
        roles: fc.option(fc.subarray(["admin", "security_officer", "member", "analyst"]), { nil: undefined }),
        status: fc.option(fc.constantFrom("active", "locked"), { nil: undefined }),
      }, { requiredKeys: [] });
      // Mostly the people whose requests can succeed, sometimes anyone (the attacks).
      const mostly = (likely: Name[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...likely) }, { weight: 1, arbitrary: fc.constantFrom(...names) });
      const step = fc.oneof(
        fc.record({ kind: fc.constant("patch" as const), actor: mostly(["admin1", "admin2"]), target: fc.constantFrom(...names), body: patch }),
        fc.record({ kind: fc.constant("decide" as const), actor: mostly(["officerInd", "officerIsr", "admin2"]), approve: fc.boolean(), pick: fc.nat() }),
        fc.record({ kind: fc.constant("withdraw" as const), actor: fc.constantFrom(...names), pick: fc.nat() }),
      );
      await explain(fc.assert(fc.asyncProperty(fc.array(step, { minLength: 6, maxLength: 16 }), async (steps) => {
        await reset();
        total += steps.length;
        for (const s of steps) {
          const actor = people[s.actor];
          const api = client(env.app, actor);
          if (s.kind === "patch") {
            const before = await accessOf(env.store.db, actor.userId);
            const res = await api.patch(`/api/users/${people[s.target].userId}`, s.body);
            const touchesAccess = ["clearance", "compartments", "roles", "status"].some((f) => (s.body as Record<string, unknown>)[f] !== undefined);
            if (res.status === 200) effective++;
            if (s.actor === s.target && touchesAccess) {
              // Refused (or, for an actor locked earlier in the run, not signed in any more).
              assert.ok([401, 403].includes(res.status), `self-change answered ${res.status}`);
              assert.deepEqual(await accessOf(env.store.db, actor.userId), before, "a refused self-change writes nothing");
            }
          } else {
            // Any pending change, as the actor would find it.
            const all = await env.store.db.selectFrom("account_changes").select("id").where("status", "=", "pending").orderBy("id").execute();
            if (!all.length) continue;
            const pending = all[s.pick % all.length]!;
            const url = s.kind === "decide" ? `/api/account-changes/${pending.id}/decision` : `/api/account-changes/${pending.id}/withdraw`;
            const res = await api.post(url, s.kind === "decide" ? { decision: s.approve ? "approve" : "refuse" } : undefined);
            if (res.status === 200) effective++;
            if (s.kind === "decide" && s.approve && res.status === 200) {
              const c = res.body as { user: { id: string }; grants: { clearance?: { to: string }; compartments?: string[]; roles?: string[] } };
              const ceil = ceiling.get(c.user.id)!;
              if (c.grants.clearance) ceil.clearance = Math.max(ceil.clearance, LEVELS.indexOf(c.grants.clearance.to as (typeof LEVELS)[number]));
              for (const x of c.grants.compartments ?? []) ceil.compartments.add(x);
              for (const x of c.grants.roles ?? []) ceil.oversight.add(x);
            }
          }
          for (const n of names) {
            const a = await accessOf(env.store.db, people[n].userId);
            const ceil = ceiling.get(people[n].userId)!;
            assert.ok(a.clearance <= ceil.clearance, `${n}: clearance ${a.clearance} above ${ceil.clearance}`);
            assert.ok(a.compartments.every((x) => ceil.compartments.has(x)), `${n}: compartments ${a.compartments.join()}`);
            assert.ok(a.roles.filter((r) => ["admin", "security_officer"].includes(r)).every((r) => ceil.oversight.has(r)), `${n}: roles ${a.roles.join()}`);
          }
        }
        // Every approval on record was made by an officer of the account's nationality, who neither asked for it nor is its subject.
        const approvals = await env.store.db.selectFrom("account_changes as c").innerJoin("users as u", "u.id", "c.user_id").innerJoin("users as d", "d.id", "c.decided_by")
          .select(["c.user_id", "c.requested_by", "c.decided_by", "u.nationality as un", "d.nationality as dn"]).where("c.status", "=", "approved").execute();
        for (const a of approvals) {
          assert.equal(a.un, a.dn);
          assert.notEqual(a.decided_by, a.requested_by);
          assert.notEqual(a.decided_by, a.user_id);
        }
      }), { numRuns: 20 }));
      assert.ok(effective > total / 6, `the runs did things (${effective} of ${total} requests succeeded)`);
    });
  });
}
