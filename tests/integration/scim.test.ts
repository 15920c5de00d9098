import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, validateSessionToken, type SessionUser } from "../../app/auth/session.server";
import { SCIM_RATE_LIMIT } from "../../app/auth/scim-tokens.server";
import * as adminScim from "../../app/routes/admin.scim";
import { action, loader } from "../../app/routes/scim.v2.$";
import { verifyAuditChain } from "../../app/services/audit.server";
import { getAuditLog } from "../../app/services/audit-log.server";
import { exportPersonalData } from "../../app/services/personal-data.server";
import { createScimToken, getScimAdmin, revokeScimToken } from "../../app/services/scim-admin.server";
import { createHttpApp } from "../../server/app";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { answer, createOpenWave } from "../factories/pulse";
import { changedTables, fingerprint } from "../support/db-fingerprint";
import { callRoute, loadContext } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// SCIM 2.0 provisioning (issue 24, part 3; ADR 044), driven the way identity providers drive it: the request
// sequences of Okta's SCIM 2.0 spec test (Runscope "Okta SCIM 2.0 SPEC Test" and Okta's provisioning of users
// and push groups) and of Microsoft Entra ID's provisioning service and its SCIM validator, with their bodies as
// those providers write them. Results are checked in the database: people, memberships and their events
// (source scim), audit entries (source scim, the SCIM token as actor), sessions, and anonymous answers.

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const ENTRA_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Answer {
  status: number;
  json: Json;
  headers: Headers;
}

describeWithDb("SCIM provisioning", (t) => {
  let org: TestOrganisation;
  let other: TestOrganisation;
  let admin: SessionUser;
  let token: string;
  let otherToken: string;

  /** One SCIM request through the route module, as Remix would call it. */
  async function scim(method: string, path: string, body?: unknown, options: { token?: string | null; type?: string; cookie?: string } = {}): Promise<Answer> {
    const headers = new Headers();
    const bearer = options.token === undefined ? token : options.token;
    if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
    if (options.cookie) headers.set("Cookie", options.cookie);
    if (body !== undefined) headers.set("Content-Type", options.type ?? "application/scim+json; charset=utf-8");
    const request = new Request(`http://candor.test/scim/v2${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const splat = path.split("?")[0]!.slice(1);
    const handler = method === "GET" ? loader : action;
    const response = await handler({ request, params: { "*": splat }, context: loadContext(t.app) });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Json) : {}, headers: response.headers };
  }

  const person = (id: string) => t.app.db.selectFrom("person").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const currentTeam = async (id: string) =>
    (await t.app.db.selectFrom("teamMembership").select("teamId").where("personId", "=", id).where("validTo", "is", null).executeTakeFirst())?.teamId ?? null;
  const events = (id: string) => t.app.db.selectFrom("teamMembershipEvent").select(["teamId", "kind", "source", "actorId"]).where("personId", "=", id).orderBy("id").execute();
  const audits = (targetId: string) =>
    t.app.db
      .selectFrom("auditEntry")
      .select(["action", "source", "actorKind", "actorId"])
      .where("organisationId", "=", org.id)
      .where("targetId", "=", targetId)
      .orderBy("seq")
      .execute();
  const sessionsOf = async (id: string) =>
    Number(
      (
        await t.app.db
          .selectFrom("session")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("personId", "=", id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const tokenIdOf = (raw: string) => raw.slice("candor_scim_".length).split(".")[0]!;
  const random = () => crypto.randomBytes(4).toString("hex");

  beforeAll(async () => {
    t.setNow("2026-03-02T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 2 });
    other = await createTestOrganisation(t.app, { reps: 1 });
    admin = (await validateSessionToken(t.app, org.people.admin!.cookie.split("=")[1]!))!;
    const otherAdmin = (await validateSessionToken(t.app, other.people.admin!.cookie.split("=")[1]!))!;
    token = (await createScimToken(t.app, admin, "Okta")).token!;
    otherToken = (await createScimToken(t.app, otherAdmin, "Entra ID")).token!;
  });

  it("answers discovery: ServiceProviderConfig, ResourceTypes and Schemas, in application/scim+json", async () => {
    const config = await scim("GET", "/ServiceProviderConfig");
    expect(config.status).toBe(200);
    expect(config.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
    expect(config.json).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 200 }, etag: { supported: false } });
    expect(config.headers.get("ratelimit-limit")).toBe(String(SCIM_RATE_LIMIT));
    const types = await scim("GET", "/ResourceTypes");
    expect(types.json.Resources.map((r: Json) => r.endpoint)).toEqual(["/Users", "/Groups"]);
    expect((await scim("GET", "/ResourceTypes/User")).json.schema).toBe(USER);
    const schemas = await scim("GET", "/Schemas");
    expect(schemas.json.Resources.map((s: Json) => s.id)).toEqual([USER, GROUP]);
    expect((await scim("GET", `/Schemas/${USER}`)).json.attributes.map((a: Json) => a.name)).toContain("userName");
    expect((await scim("GET", "/Nothing")).status).toBe(404);
  });

  it("refuses without a SCIM token, with a bad, revoked or API-shaped one, and with a session cookie alone: 401 in SCIM's format", async () => {
    const revoked = await createScimToken(t.app, admin, "old");
    await revokeScimToken(t.app, admin, revoked.id);
    const cookie = await sessionCookieFor(t.app, org.people.admin!);
    for (const [name, options] of [
      ["none", { token: null }],
      ["cookie only", { token: null, cookie }],
      ["garbage", { token: "nope" }],
      ["revoked", { token: revoked.token! }],
      ["wrong secret", { token: `${token.slice(0, -4)}aaaa` }],
      ["API token shape", { token: token.replace("candor_scim_", "candor_") }],
    ] as const) {
      const answer = await scim("GET", "/Users", undefined, options);
      expect(answer.status, name).toBe(401);
      expect(answer.json, name).toMatchObject({ schemas: [ERROR], status: "401" });
      expect(answer.headers.get("www-authenticate"), name).toContain("Bearer");
    }
  });

  // Okta's SCIM 2.0 spec test, then its user lifecycle (assign, update profile, deactivate, reactivate).
  describe("Okta's requests", () => {
    const userName = `okta.user.${random()}@${"example.com"}`;
    let id: string;

    it("lists with count=1 and finds no user for a random userName (totalResults 0)", async () => {
      const first = await scim("GET", "/Users?count=1&startIndex=1");
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ schemas: [LIST], startIndex: 1, itemsPerPage: 1 });
      expect(first.json.Resources).toHaveLength(1);
      expect(first.json.totalResults).toBeGreaterThan(5);
      const none = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${random()}@example.com"`)}&startIndex=1&count=100`);
      expect(none.json).toEqual({ schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    });

    it("creates a user as a rep in no team, audited with source scim and the token as actor; the password is not kept", async () => {
      const created = await scim("POST", "/Users", {
        schemas: [USER],
        userName,
        name: { givenName: "Test", familyName: "User" },
        emails: [{ primary: true, value: userName, type: "work" }],
        displayName: "Test User",
        locale: "en-US",
        externalId: "00ujl29u0le5T6Aj10h7",
        groups: [],
        password: "1mz050nq-secret",
        active: true,
      });
      expect(created.status).toBe(201);
      id = created.json.id as string;
      expect(created.headers.get("location")).toBe(`http://candor.test/scim/v2/Users/${id}`);
      expect(created.json).toMatchObject({
        schemas: [USER],
        userName,
        externalId: "00ujl29u0le5T6Aj10h7",
        name: { givenName: "Test", familyName: "User", formatted: "Test User" },
        emails: [{ value: userName, type: "work", primary: true }],
        active: true,
        groups: [],
        meta: { resourceType: "User", location: `http://candor.test/scim/v2/Users/${id}` },
      });
      expect(await person(id)).toMatchObject({ email: userName, name: "Test User", role: "rep", active: true, organisationId: org.id });
      expect(await currentTeam(id)).toBeNull();
      expect(await audits(id)).toEqual([{ action: "person.add", source: "scim", actorKind: "scim-token", actorId: tokenIdOf(token) }]);
      const kept = await sql<{ n: number }>`select count(*)::int as n from scim_request where received::text like '%1mz050nq-secret%'`.execute(t.app.db);
      expect(kept.rows[0]!.n).toBe(0);
    });

    it("gets it by id and by userName in any case; a second create of it is 409 uniqueness", async () => {
      expect((await scim("GET", `/Users/${id}`)).json.userName).toBe(userName);
      const found = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName.toUpperCase()}"`)}`);
      expect(found.json.totalResults).toBe(1);
      expect(found.json.Resources[0].id).toBe(id);
      const before = await fingerprint(t.app.db);
      const again = await scim("POST", "/Users", { schemas: [USER], userName, name: { givenName: "Test", familyName: "User" }, active: true });
      expect(again.status).toBe(409);
      expect(again.json).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });
      expect(changedTables(before, await fingerprint(t.app.db)).filter((x) => x !== "scim_request" && x !== "scim_token")).toEqual([]);
      expect((await scim("GET", `/Users/${crypto.randomUUID()}`)).status).toBe(404);
    });

    it("replaces the profile with PUT (a new first name)", async () => {
      const replaced = await scim("PUT", `/Users/${id}`, {
        schemas: [USER],
        id,
        userName,
        name: { givenName: "Another", familyName: "User" },
        emails: [{ primary: true, value: userName, type: "work" }],
        displayName: "Another User",
        locale: "en-US",
        externalId: "00ujl29u0le5T6Aj10h7",
        groups: [],
        password: "1mz050nq-secret",
        active: true,
        meta: { resourceType: "User" },
      });
      expect(replaced.status).toBe(200);
      expect(replaced.json.name).toEqual({ givenName: "Another", familyName: "User", formatted: "Another User" });
      expect((await person(id)).name).toBe("Another User");
      // What the provider told Candor is in the person's own data download.
      const { token: session } = await createSession(t.app, { id, organisationId: org.id });
      const me = (await validateSessionToken(t.app, session))!;
      expect((await exportPersonalData(t.app, me)).provisioning).toMatchObject({
        externalId: "00ujl29u0le5T6Aj10h7",
        givenName: "Another",
        familyName: "User",
        deletedByProviderAt: null,
      });
    });

    it("deactivates with {op: replace, value: {active: false}}: sessions end, the team's audience loses them (left, source scim); reactivates", async () => {
      // Placed in a team first (by an admin), with a session of their own.
      await t.app.db.transaction().execute(async (trx) => {
        await trx.insertInto("teamMembership").values({ organisationId: org.id, personId: id, teamId: org.teams.a!, validFrom: "2026-03-01", validTo: null }).execute();
      });
      await createSession(t.app, { id, organisationId: org.id });
      expect(await sessionsOf(id)).toBe(2);
      const off = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] });
      expect(off.status).toBe(200);
      expect(off.json.active).toBe(false);
      expect(await person(id)).toMatchObject({ active: false });
      expect(await sessionsOf(id)).toBe(0);
      expect(await events(id)).toEqual([{ teamId: org.teams.a, kind: "left", source: "scim", actorId: null }]);
      const on = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: true } }] });
      expect(on.json.active).toBe(true);
      expect((await events(id)).map((e) => `${e.kind}:${e.source}`)).toEqual(["left:scim", "joined:scim"]);
      expect((await audits(id)).map((a) => `${a.action}:${a.source}:${a.actorKind}`)).toEqual([
        "person.add:scim:scim-token",
        "person.rename:scim:scim-token",
        "person.data-export:ui:person",
        "person.deactivate:scim:scim-token",
        "person.reactivate:scim:scim-token",
      ]);
    });

    it("pushes a group, adds and removes a member, finds it by displayName, renames it without a path", async () => {
      const name = `Okta Group ${random()}`;
      const created = await scim("POST", "/Groups", { schemas: [GROUP], displayName: name, members: [] });
      expect(created.status).toBe(201);
      const groupId = created.json.id as string;
      expect(created.json).toMatchObject({ displayName: name, members: [], meta: { resourceType: "Group" } });
      const added = await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: id, display: userName }] }] });
      expect(added.status).toBe(200);
      expect(added.json.members.map((m: Json) => m.value)).toEqual([id]);
      expect(await currentTeam(id)).toBe(groupId);
      expect((await events(id)).slice(-2)).toEqual([
        { teamId: org.teams.a, kind: "left", source: "scim", actorId: null },
        { teamId: groupId, kind: "joined", source: "scim", actorId: null },
      ]);
      expect((await scim("GET", `/Users/${id}`)).json.groups).toEqual([{ value: groupId, display: name, $ref: `http://candor.test/scim/v2/Groups/${groupId}` }]);
      const byName = await scim("GET", `/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}&startIndex=1&count=100`);
      expect(byName.json.totalResults).toBe(1);
      expect(byName.json.Resources[0].id).toBe(groupId);
      const byMember = await scim("GET", `/Groups?filter=${encodeURIComponent(`members[value eq "${id}"]`)}`);
      expect(byMember.json.Resources.map((g: Json) => g.id)).toEqual([groupId]);
      const removed = await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "remove", path: `members[value eq "${id}"]` }] });
      expect(removed.json.members).toEqual([]);
      expect(await currentTeam(id)).toBeNull();
      const renamed = await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { id: groupId, displayName: `${name} renamed` } }] });
      expect(renamed.json.displayName).toBe(`${name} renamed`);
      expect((await audits(groupId)).map((a) => `${a.action}:${a.source}`)).toEqual(["team.create:scim", "team.rename:scim"]);
      const put = await scim("PUT", `/Groups/${groupId}`, { schemas: [GROUP], id: groupId, displayName: `${name} renamed`, members: [{ value: id, display: userName }] });
      expect(put.json.members.map((m: Json) => m.value)).toEqual([id]);
    });
  });

  // Entra ID's provisioning service and SCIM validator: capitalised ops, "False" as a string, the enterprise
  // extension, its own group schema, members removed by value, DELETE.
  describe("Entra ID's requests", () => {
    const upn = `entra.user.${random()}@contoso.example`;
    let id: string;
    let answersBefore: string;
    let waveId: string;

    it("finds nobody by userName, creates the user with the enterprise extension, finds them by externalId", async () => {
      expect((await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${upn}"`)}`)).json.totalResults).toBe(0);
      const created = await scim(
        "POST",
        "/Users",
        {
          schemas: [USER, ENTERPRISE],
          externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
          userName: upn,
          active: true,
          addresses: [{ primary: true, type: "work", country: "DE", locality: "Berlin" }],
          displayName: "Ed Entra",
          emails: [{ primary: true, type: "work", value: upn }],
          meta: { resourceType: "User" },
          name: { formatted: "Ed Entra", familyName: "Entra", givenName: "Ed" },
          phoneNumbers: [{ primary: true, type: "work", value: "+49 30 1234567" }],
          roles: [],
          title: "Account Executive",
          [ENTERPRISE]: { department: "Sales", employeeNumber: "1234", manager: { value: "" } },
        },
        { type: "application/json" },
      );
      expect(created.status).toBe(201);
      id = created.json.id as string;
      const byExternal = await scim("GET", `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`);
      expect(byExternal.json.Resources.map((u: Json) => u.id)).toEqual([id]);
      const byEmail = await scim("GET", `/Users?filter=${encodeURIComponent(`emails[type eq "work"].value eq "${upn}"`)}`);
      expect(byEmail.json.Resources.map((u: Json) => u.id)).toEqual([id]);
    });

    it("patches attributes with capitalised ops and paths", async () => {
      const patched = await scim("PATCH", `/Users/${id}`, {
        schemas: [PATCH],
        Operations: [
          { op: "Replace", path: "name.familyName", value: "Entrada" },
          { op: "Replace", path: 'emails[type eq "work"].value', value: upn },
          { op: "Add", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "Field Sales" },
          { op: "Replace", path: "title", value: "Senior AE" },
        ],
      });
      expect(patched.status).toBe(200);
      expect(patched.json.name.familyName).toBe("Entrada");
      expect((await person(id)).name).toBe("Ed Entrada");
    });

    it('deactivates with path active and "False", ends sessions, and DELETE deactivates without erasing; anonymous answers stay', async () => {
      // The person is in a team and answers an open pulse anonymously.
      await scim("PATCH", `/Groups/${org.teams.b}`, { schemas: [PATCH], Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: id }] }] });
      ({ waveId } = await createOpenWave(t.app, org, { name: `SCIM pulse ${random()}` }));
      const team = await t.app.db.selectFrom("waveAudience").select("teamId").where("waveId", "=", waveId).where("personId", "=", id).executeTakeFirst();
      expect(team?.teamId).toBe(org.teams.b);
      expect(await answer(t.app, waveId, id, { "a.PS1": "5", "a.ENPS": "8" })).toMatchObject({ status: "saved" });
      answersBefore = JSON.stringify(await fingerprint(t.app.db, []).then((f) => [f.response, f.answer, f.ballot_issuance]));
      await createSession(t.app, { id, organisationId: org.id });
      const off = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] });
      expect(off.json.active).toBe(false);
      expect(await sessionsOf(id)).toBe(0);
      expect((await events(id)).map((e) => `${e.kind}:${e.source}`)).toEqual(["joined:scim", "left:scim"]);
      const deleted = await scim("DELETE", `/Users/${id}`);
      expect(deleted.status).toBe(204);
      expect((await scim("GET", `/Users/${id}`)).status).toBe(404);
      expect((await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${upn}"`)}`)).json.totalResults).toBe(0);
      expect(await person(id)).toMatchObject({ active: false, erasedAt: null, email: upn });
      expect(JSON.stringify(await fingerprint(t.app.db, []).then((f) => [f.response, f.answer, f.ballot_issuance]))).toBe(answersBefore);
      // Created again: the same account comes back, active.
      const again = await scim("POST", "/Users", { schemas: [USER], userName: upn, name: { givenName: "Ed", familyName: "Entrada" }, active: true });
      expect(again.status).toBe(201);
      expect(again.json.id).toBe(id);
      expect((await person(id)).active).toBe(true);
    });

    it("creates a group with Entra ID's schema, gets it without members, adds, removes by value, renames and deletes it", async () => {
      const name = `Entra Group ${random()}`;
      const created = await scim("POST", "/Groups", {
        schemas: [GROUP, ENTRA_GROUP],
        externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
        displayName: name,
        meta: { resourceType: "Group" },
      });
      expect(created.status).toBe(201);
      const groupId = created.json.id as string;
      const got = await scim("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${name}"`)}`);
      expect(got.json.Resources).toHaveLength(1);
      expect(got.json.Resources[0]).not.toHaveProperty("members");
      expect(got.json.Resources[0].externalId).toBe("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
      const add = await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: id }] }] });
      expect(add.status).toBe(200);
      expect(await currentTeam(id)).toBe(groupId);
      await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "Remove", path: "members", value: [{ $ref: null, value: id }] }] });
      expect(await currentTeam(id)).toBeNull();
      await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "Add", path: "members", value: [{ value: id }] }] });
      await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "displayName", value: `${name}updatedDisplayName` }] });
      expect((await t.app.db.selectFrom("team").select("name").where("id", "=", groupId).executeTakeFirstOrThrow()).name).toBe(`${name}updatedDisplayName`);
      expect((await scim("DELETE", `/Groups/${groupId}`)).status).toBe(204);
      expect((await scim("GET", `/Groups/${groupId}`)).status).toBe(404);
      expect(await currentTeam(id)).toBeNull();
      // The team stays, with its history: deleting a group never deletes results.
      expect(await t.app.db.selectFrom("team").select("id").where("id", "=", groupId).executeTakeFirst()).toBeDefined();
      expect((await audits(groupId)).map((a) => a.action)).toEqual(["team.create", "team.rename", "team.remove-from-scim"]);
    });
  });

  it("answers two creates of one userName sent at the same moment with one 201 and one 409", async () => {
    const body = { schemas: [USER], userName: `twice.${random()}@example.com`, name: { givenName: "Twice", familyName: "Sent" }, active: true };
    const statuses = (await Promise.all([scim("POST", "/Users", body), scim("POST", "/Users", body)])).map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409]);
    expect(await t.app.db.selectFrom("person").select("id").where("email", "=", body.userName).execute()).toHaveLength(1);
  });

  it("pages with startIndex and count, at most 200 a page", async () => {
    const all = await scim("GET", "/Users?count=200");
    const total = all.json.totalResults as number;
    expect(all.json.Resources).toHaveLength(Math.min(total, 200));
    const page = await scim("GET", "/Users?startIndex=2&count=2");
    expect(page.json).toMatchObject({ totalResults: total, startIndex: 2, itemsPerPage: 2 });
    expect(page.json.Resources.map((u: Json) => u.id)).toEqual(all.json.Resources.slice(1, 3).map((u: Json) => u.id));
    expect((await scim("GET", "/Users?count=0")).json).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
    expect((await scim("GET", "/Users?count=100000")).json.itemsPerPage).toBe(Math.min(total, 200));
    expect((await scim("GET", "/Users?count=abc")).json).toMatchObject({ status: "400", scimType: "invalidValue" });
    const groups = await scim("GET", "/Groups?startIndex=1&count=1");
    expect(groups.json.itemsPerPage).toBe(1);
    expect(groups.json.totalResults).toBeGreaterThan(3);
  });

  describe("bad input: the right SCIM error, and nothing changed", () => {
    const repA = () => org.people.repA!.id;
    const cases: Array<[string, () => Promise<Answer>, number, string | null]> = [
      ["unknown attribute", () => scim("POST", "/Users", { schemas: [USER], userName: "new.one@example.com", favouriteColour: "blue" }), 400, "invalidSyntax"],
      ["unknown schema", () => scim("POST", "/Users", { schemas: [USER, "urn:example:params:scim:schemas:made-up"], userName: "new.one@example.com" }), 400, "invalidSyntax"],
      ["no schemas", () => scim("POST", "/Users", { userName: "new.one@example.com" }), 400, "invalidSyntax"],
      ["userName not an email", () => scim("POST", "/Users", { schemas: [USER], userName: "Test_User_ab6490ee" }), 400, "invalidValue"],
      ["bad JSON", () => scim("POST", "/Users", '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": '), 400, "invalidSyntax"],
      ["wrong content type", () => scim("POST", "/Users", "userName=x", { type: "application/x-www-form-urlencoded" }), 400, "invalidSyntax"],
      ["bad filter", () => scim("GET", `/Users?filter=${encodeURIComponent("userName eq")}`), 400, "invalidFilter"],
      ["filter on an attribute Candor does not filter on", () => scim("GET", `/Users?filter=${encodeURIComponent('title eq "AE"')}`), 400, "invalidFilter"],
      ["filter operator Candor does not support", () => scim("GET", `/Users?filter=${encodeURIComponent('userName gt "a"')}`), 400, "invalidFilter"],
      [
        "patch of an unknown attribute after a valid one",
        () =>
          scim("PATCH", `/Users/${repA()}`, {
            schemas: [PATCH],
            Operations: [
              { op: "replace", path: "name.givenName", value: "Changed" },
              { op: "replace", path: "favouriteColour", value: "x" },
            ],
          }),
        400,
        "invalidPath",
      ],
      [
        "patch with a bad value after a valid one",
        () =>
          scim("PATCH", `/Users/${repA()}`, {
            schemas: [PATCH],
            Operations: [
              { op: "replace", value: { active: false } },
              { op: "replace", path: "active", value: "maybe" },
            ],
          }),
        400,
        "invalidValue",
      ],
      [
        "group member that is nobody",
        () =>
          scim("PATCH", `/Groups/${org.teams.a}`, { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: repA() }, { value: crypto.randomUUID() }] }] }),
        400,
        "invalidValue",
      ],
      ["group named like another team", () => scim("POST", "/Groups", { schemas: [GROUP], displayName: "team a" }), 409, "uniqueness"],
      [
        "userName of another person",
        () => scim("PATCH", `/Users/${repA()}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "userName", value: org.people.repB!.email }] }),
        409,
        "uniqueness",
      ],
      [
        "last active admin deactivated",
        () => scim("PATCH", `/Users/${org.people.admin!.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] }),
        400,
        "mutability",
      ],
      ["token of another organisation reads our user", () => scim("GET", `/Users/${repA()}`, undefined, { token: otherToken }), 404, null],
      [
        "token of another organisation deactivates our user",
        () => scim("PATCH", `/Users/${repA()}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] }, { token: otherToken }),
        404,
        null,
      ],
      ["token of another organisation deletes our user", () => scim("DELETE", `/Users/${repA()}`, undefined, { token: otherToken }), 404, null],
      [
        "token of another organisation patches our team",
        () => scim("PATCH", `/Groups/${org.teams.a}`, { schemas: [PATCH], Operations: [{ op: "remove", path: "members" }] }, { token: otherToken }),
        404,
        null,
      ],
      ["id that is no id", () => scim("GET", "/Users/not-a-uuid"), 404, null],
      ["body too large", () => scim("POST", "/Users", JSON.stringify({ schemas: [USER], userName: "big@example.com", title: "x".repeat(1_100_000) })), 413, null],
      ["method not allowed", () => scim("DELETE", "/Users"), 405, null],
    ];
    for (const [name, run, status, scimType] of cases) {
      it(name, async () => {
        const before = await fingerprint(t.app.db);
        const answer = await run();
        expect(answer.status).toBe(status);
        expect(answer.json).toMatchObject({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}) });
        expect(typeof answer.json.detail).toBe("string");
        // Only the request log and the token's rate window may change.
        expect(changedTables(before, await fingerprint(t.app.db)).filter((x) => x !== "scim_request" && x !== "scim_token")).toEqual([]);
      });
    }

    it("the other organisation's token sees only its own people", async () => {
      const theirs = await scim("GET", "/Users?count=200", undefined, { token: otherToken });
      const ids = new Set(theirs.json.Resources.map((u: Json) => u.id as string));
      expect(ids.has(org.people.repA!.id)).toBe(false);
      expect(ids.has(other.people.repA!.id)).toBe(true);
    });
  });

  it("shows the admin page's recent requests with what Candor made of them, and keeps the audit chain whole", async () => {
    const page = await getScimAdmin(t.app, admin);
    expect(page.baseUrl).toBe("http://candor.test/scim/v2");
    expect(page.tokens.find((x) => x.name === "Okta")?.lastUsedAt).not.toBeNull();
    expect(page.requests.length).toBe(50);
    expect(page.requests.some((r) => r.status === 201 && r.method === "POST" && /Created .* as a rep in no team/.test(r.outcome))).toBe(true);
    expect(page.requests.some((r) => r.status === 400 && r.outcome.startsWith("Refused:"))).toBe(true);
    // Paths are kept as people read them (and as erasure finds an address in them).
    expect(page.requests.some((r) => r.path.includes('filter=userName eq "'))).toBe(true);
    const stored = await sql<{ n: number }>`select count(*)::int as n from scim_request where organisation_id = ${org.id}`.execute(t.app.db);
    expect(stored.rows[0]!.n).toBeLessThanOrEqual(100);
    expect((await verifyAuditChain(t.app, org.id)).broken).toBeNull();
    // The audit log names the identity provider by its token, and can be filtered on it.
    const log = await getAuditLog(t.app, admin, { actor: `scim-token:${tokenIdOf(token)}` });
    expect(log.entries.length).toBeGreaterThan(5);
    expect(log.entries.every((e) => e.actor.name === "the identity provider (SCIM token “Okta”)" && e.source === "SCIM")).toBe(true);
    expect(log.entries.map((e) => e.sentence).join("\n")).toContain("The identity provider (SCIM token “Okta”) deactivated");
    expect(log.actors.map((a) => a.key)).toContain(`scim-token:${tokenIdOf(token)}`);
  });

  it("lets admins, and only admins, create a token on the page (shown once) and revoke it; both audited", async () => {
    const call = (form: Record<string, string>, cookie: string) => callRoute(adminScim.action as never, { app: t.app, path: "/admin/scim", method: "POST", form, cookie });
    const adminCookie = await sessionCookieFor(t.app, org.people.admin!);
    const created = await call({ intent: "create", name: "Entra ID", submissionKey: crypto.randomUUID() }, adminCookie);
    expect(created.status).toBe(200);
    const made = (created.data as { created: { id: string; token: string } }).created;
    expect(made.token).toMatch(/^candor_scim_[a-z2-7]{24}\.[a-z2-7]{32}$/);
    expect((await scim("GET", "/Users?count=1", undefined, { token: made.token })).status).toBe(200);
    // Only its hash is kept.
    const stored = await t.app.db.selectFrom("scimToken").select(["secretHash"]).where("id", "=", made.id).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.secretHash).toString("utf8")).not.toContain(made.token.split(".")[1]!);
    const page = await callRoute(adminScim.loader as never, { app: t.app, path: "/admin/scim", cookie: adminCookie });
    expect(JSON.stringify(page.data)).not.toContain(made.token);
    expect((page.data as { tokens: Array<{ name: string; lastUsedAt: string | null }> }).tokens.find((x) => x.name === "Entra ID")?.lastUsedAt).not.toBeNull();
    expect((await call({ intent: "revoke", id: made.id }, adminCookie)).status).toBe(200);
    expect((await scim("GET", "/Users?count=1", undefined, { token: made.token })).status).toBe(401);
    expect((await audits(made.id)).map((a) => `${a.action}:${a.source}:${a.actorKind}`)).toEqual(["scim-token.create:ui:person", "scim-token.revoke:ui:person"]);
    for (const persona of ["enablement", "managerA", "repA"] as const) {
      const before = await fingerprint(t.app.db);
      expect((await call({ intent: "create", name: "sneaky" }, await sessionCookieFor(t.app, org.people[persona]!))).status, persona).toBe(403);
      expect(changedTables(before, await fingerprint(t.app.db))).toEqual([]);
    }
  });

  it("rate-limits each token: 429 with Retry-After past the limit, other tokens unaffected", async () => {
    const busy = (await createScimToken(t.app, admin, "busy")).token!;
    let last: Answer | null = null;
    for (let i = 0; i < SCIM_RATE_LIMIT; i++) last = await scim("GET", "/ServiceProviderConfig", undefined, { token: busy });
    expect(last!.status).toBe(200);
    expect(last!.headers.get("ratelimit-remaining")).toBe("0");
    const over = await scim("GET", "/ServiceProviderConfig", undefined, { token: busy });
    expect(over.status).toBe(429);
    expect(over.json).toMatchObject({ schemas: [ERROR], status: "429" });
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await scim("GET", "/ServiceProviderConfig")).status).toBe(200);
  });

  describe("over HTTP", () => {
    let server: http.Server;
    let base: string;
    beforeAll(async () => {
      // The HTTP layer alone: body limits and the same-origin rule answer before Remix.
      const app = createHttpApp({ app: t.app, build: () => Promise.reject(new Error("no Remix in this test")) });
      server = http.createServer(app);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("refuses a body over the limit with 413 in SCIM's format before reading it", async () => {
      const response = await fetch(`${base}/scim/v2/Users`, {
        method: "POST",
        headers: { "content-type": "application/scim+json", authorization: `Bearer ${token}` },
        body: "x".repeat(1_000_001),
      });
      expect(response.status).toBe(413);
      expect(response.headers.get("content-type")).toContain("application/scim+json");
      expect(await response.json()).toMatchObject({ schemas: [ERROR], status: "413" });
    });

    it("refuses the admin page's form from another site (CSRF)", async () => {
      const cookie = await sessionCookieFor(t.app, org.people.admin!);
      const response = await fetch(`${base}/admin/scim`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example", cookie },
        body: "intent=create&name=evil",
      });
      expect(response.status).toBe(403);
      expect(await t.app.db.selectFrom("scimToken").select("id").where("name", "=", "evil").execute()).toEqual([]);
    });

    it("lets a provider's POST without Origin through the same-origin rule (pages still refuse it)", async () => {
      const scimPost = await fetch(`${base}/scim/v2/Users`, { method: "POST", headers: { "content-type": "application/scim+json" }, body: "{}" });
      expect(scimPost.status).not.toBe(403);
      const pagePost = await fetch(`${base}/admin/people`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=b" });
      expect(pagePost.status).toBe(403);
    });
  });
});
