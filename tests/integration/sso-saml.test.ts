import { DOMParser } from "@xmldom/xmldom";
import { sayInEnglish, translatorFor } from "../../app/i18n/catalogues.server";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { callRoute, type CallResult } from "../support/remix";
import { describeWithDb } from "../support/test-db";
import {
  IDP_ENTITY_ID,
  IDP_KEY,
  IDP_SSO_URL,
  OTHER_KEY,
  encodeSamlResponse,
  newSamlId,
  readAuthnRequest,
  samlResponseXml,
  signElement,
  type ResponseOptions,
} from "../support/saml-idp";
import { validateSessionToken, type SessionUser } from "../../app/auth/session.server";
import type { AppContext } from "../../app/context.server";
import { createLogger } from "../../app/log.server";
import { samlServiceProvider, saveSamlConnection } from "../../app/services/saml.server";
import { saveSsoPolicy } from "../../app/services/sso.server";
import { SAML_PROBLEMS } from "../../app/domain/saml";
import { SSO_PROBLEMS } from "../../app/domain/sso";
import * as acsRoute from "../../app/routes/sso.saml.$connectionId.acs";
import * as startRoute from "../../app/routes/sso.saml.$connectionId.start";
import * as metadataRoute from "../../app/routes/sso.saml.$connectionId.metadata[.]xml";
import * as adminRoute from "../../app/routes/admin.sso_.saml.$connectionId";

// SAML 2.0 sign-in end to end through the routes (ADR 043), with a real signing identity provider
// (tests/support/saml-idp.ts: xml-crypto and a test key). Every refusal is checked to change nothing: no
// session, no person, no tie to the provider, no audit entry.

const cookieOf = (result: CallResult, name: string): string | null => {
  const header = result.headers.get("set-cookie") ?? "";
  const match = new RegExp(`(?:^|,\\s*)(${name}=[^;]*)`).exec(header);
  return match && match[1]!.length > name.length + 1 ? match[1]! : null;
};

describeWithDb("SAML 2.0 sign-in", (t) => {
  let org: TestOrganisation;
  let other: TestOrganisation;
  let admin: SessionUser;
  let connectionId: string;
  let sp: { entityId: string; acsUrl: string };
  let domain: string;
  let logLines: string[];
  let app: AppContext;

  beforeAll(async () => {
    logLines = [];
    // The same app with a log the test can read (refusals must not log the assertion's content).
    app = { ...t.app, log: createLogger({ level: "debug", write: (line) => logLines.push(line) }) };
    org = await createTestOrganisation(t.app, { reps: 1 });
    other = await createTestOrganisation(t.app, { reps: 1 });
    domain = `${org.slug}.example`;
    admin = (await validateSessionToken(t.app, org.people.admin!.cookie.split("=")[1]!))!;
    connectionId = await saveSamlConnection(t.app, admin, "new", {
      name: "Okta",
      emailDomains: domain,
      enabled: true,
      idpEntityId: IDP_ENTITY_ID,
      idpSsoUrl: IDP_SSO_URL,
      idpCertificates: IDP_KEY.cert,
    });
    sp = samlServiceProvider(t.app.config.appUrl, connectionId);
  });

  /** Starts a sign-in as a browser would: the provider's address and the flow cookie. */
  async function start(options: { redirectTo?: string; test?: boolean; cookie?: string } = {}) {
    const query = new URLSearchParams();
    if (options.redirectTo) query.set("redirectTo", options.redirectTo);
    if (options.test) query.set("test", "1");
    const result = await callRoute(startRoute.loader as never, {
      app,
      path: `/sso/saml/${connectionId}/start${query.size ? `?${query}` : ""}`,
      params: { connectionId },
      cookie: options.cookie,
    });
    expect(result.status, String(result.data)).toBe(302);
    const flow = cookieOf(result, "candor_saml_flow");
    expect(flow).not.toBeNull();
    return { request: readAuthnRequest(result.location!), flowCookie: flow!, setCookie: result.headers.get("set-cookie")! };
  }

  function response(requestId: string | null, options: Partial<ResponseOptions> & { nameId: string }) {
    return samlResponseXml({ acsUrl: sp.acsUrl, audience: sp.entityId, inResponseTo: requestId, now: t.app.now(), ...options });
  }

  async function post(xml: string | null, flowCookie: string | null, extraCookie?: string) {
    return callRoute(acsRoute.action as never, {
      app,
      path: `/sso/saml/${connectionId}/acs`,
      method: "POST",
      params: { connectionId },
      form: xml === null ? {} : { SAMLResponse: encodeSamlResponse(xml) },
      cookie: [flowCookie, extraCookie].filter(Boolean).join("; ") || undefined,
    });
  }

  /** What a sign-in could change: sessions, people, provider ties, audit entries. */
  async function snapshot() {
    const count = async (table: "session" | "person" | "ssoIdentity" | "auditEntry" | "samlAssertionUse") =>
      Number(
        (
          await t.app.db
            .selectFrom(table)
            .select(sql<string>`count(*)`.as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      sessions: await count("session"),
      people: await count("person"),
      ties: await count("ssoIdentity"),
      audit: await count("auditEntry"),
      assertions: await count("samlAssertionUse"),
    };
  }

  /**
   * Posts the response and expects a refusal page with that message that changed nothing. A 403 is Candor's
   * account rule refusing an answer that passed every SAML check: that assertion is used up all the same.
   */
  async function expectRefused(xml: string | null, flowCookie: string | null, status: number, message: string) {
    const before = await snapshot();
    const lines = logLines.length;
    const result = await post(xml, flowCookie);
    expect(result.status).toBe(status);
    expect(result.data).toMatchObject({ message });
    expect(cookieOf(result, "candor_session")).toBeNull();
    const used = status === 403 && message !== SSO_PROBLEMS["connection-off"] ? 1 : 0;
    expect(await snapshot()).toEqual({ ...before, assertions: before.assertions + used });
    // Logged by its reason, never with the assertion's content.
    const logged = logLines.slice(lines).join("\n");
    expect(logged).toContain("saml sign-in refused");
    expect(logged).not.toMatch(/SAMLResponse|Assertion|@/);
    return result;
  }

  async function signedInAs(result: CallResult): Promise<SessionUser | null> {
    const session = cookieOf(result, "candor_session");
    return session ? validateSessionToken(t.app, session.split("=")[1]!) : null;
  }

  describe("metadata", () => {
    it("is valid SAML metadata naming Candor's entity id, ACS (HTTP-POST) and email name IDs, the same bytes each time", async () => {
      const get = () => callRoute(metadataRoute.loader as never, { app, path: `/sso/saml/${connectionId}/metadata.xml`, params: { connectionId } });
      const first = await get();
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toMatch(/^application\/xml/);
      const xml = String(first.data);
      expect((await get()).data).toBe(xml);
      const errors: string[] = [];
      const doc = new DOMParser({ errorHandler: { warning: () => {}, error: (e) => errors.push(String(e)), fatalError: (e) => errors.push(String(e)) } }).parseFromString(
        xml,
        "text/xml",
      );
      expect(errors).toEqual([]);
      const md = "urn:oasis:names:tc:SAML:2.0:metadata";
      const root = doc.documentElement!;
      expect([root.namespaceURI, root.localName, root.getAttribute("entityID")]).toEqual([md, "EntityDescriptor", `http://candor.test/sso/saml/${connectionId}/metadata.xml`]);
      const descriptor = doc.getElementsByTagNameNS(md, "SPSSODescriptor")[0]!;
      expect(descriptor.getAttribute("WantAssertionsSigned")).toBe("true");
      expect(descriptor.getAttribute("protocolSupportEnumeration")).toBe("urn:oasis:names:tc:SAML:2.0:protocol");
      const acs = doc.getElementsByTagNameNS(md, "AssertionConsumerService")[0]!;
      expect([acs.getAttribute("Binding"), acs.getAttribute("Location")]).toEqual([
        "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
        `http://candor.test/sso/saml/${connectionId}/acs`,
      ]);
      expect(doc.getElementsByTagNameNS(md, "NameIDFormat")[0]!.textContent).toBe("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    });

    it("answers 404 for an unknown connection", async () => {
      const id = "00000000-0000-4000-8000-000000000000";
      expect((await callRoute(metadataRoute.loader as never, { app, path: `/sso/saml/${id}/metadata.xml`, params: { connectionId: id } })).status).toBe(404);
    });
  });

  describe("start", () => {
    it("redirects to the provider with an AuthnRequest for Candor's ACS, and keeps the flow in a SameSite=None cookie of the connection's paths", async () => {
      const { request, setCookie } = await start();
      expect(request.target).toBe(IDP_SSO_URL);
      expect(request.id).toMatch(/^_[0-9a-f]{40}$/);
      expect(request).toMatchObject({ acsUrl: sp.acsUrl, issuer: sp.entityId, destination: IDP_SSO_URL, nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" });
      expect(setCookie).toContain(`Path=/sso/saml/${connectionId}/`);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/Secure/);
      expect(setCookie).toMatch(/SameSite=None/);
      expect(setCookie).toMatch(/Max-Age=600/);
    });

    it("refuses a test by someone who is not an admin of the organisation", async () => {
      for (const cookie of [org.people.repA!.cookie, other.people.admin!.cookie]) {
        const result = await callRoute(startRoute.loader as never, { app, path: `/sso/saml/${connectionId}/start?test=1`, params: { connectionId }, cookie });
        expect(result.status).toBe(403);
      }
    });
  });

  describe("signing in", () => {
    it("signs in an existing person by email, ties the NameID to them, and goes where they were going", async () => {
      const { request, flowCookie } = await start({ redirectTo: "/teams" });
      const before = await snapshot();
      const result = await post(response(request.id, { nameId: org.people.repA!.email }), flowCookie);
      expect(result.status).toBe(303);
      expect(result.location).toBe("/teams");
      expect((await signedInAs(result))?.personId).toBe(org.people.repA!.id);
      // The flow cookie is ended with the answer.
      expect(result.headers.get("set-cookie")).toMatch(/candor_saml_flow=; Path=\/sso\/saml\/[^;]+; HttpOnly; Secure; SameSite=None; Max-Age=0/);
      const tie = await t.app.db.selectFrom("ssoIdentity").selectAll().where("personId", "=", org.people.repA!.id).executeTakeFirstOrThrow();
      expect([tie.connectionId, tie.subject]).toEqual([connectionId, org.people.repA!.email]);
      expect(await snapshot()).toEqual({ ...before, sessions: before.sessions + 1, ties: before.ties + 1, audit: before.audit + 1, assertions: before.assertions + 1 });
    });

    it("finds a tied person by their NameID even when the provider's email for them changed", async () => {
      const subject = `00u${newSamlId().slice(1, 17)}`;
      const persistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
      const first = await start();
      const signedIn = await post(response(first.request.id, { nameId: subject, nameIdFormat: persistent, attributes: { email: org.people.repB!.email } }), first.flowCookie);
      expect((await signedInAs(signedIn))?.personId).toBe(org.people.repB!.id);
      const again = await start();
      const renamed = await post(response(again.request.id, { nameId: subject, nameIdFormat: persistent, attributes: { email: `renamed@${domain}` } }), again.flowCookie);
      expect((await signedInAs(renamed))?.personId).toBe(org.people.repB!.id);
    });

    it("reads the email from Entra ID's claim when the NameID is not an email", async () => {
      const { request, flowCookie } = await start();
      const result = await post(
        response(request.id, {
          nameId: "b4f1c6a0-entra-object-id",
          nameIdFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
          attributes: { "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress": org.people.managerA!.email },
        }),
        flowCookie,
      );
      expect((await signedInAs(result))?.personId).toBe(org.people.managerA!.id);
    });

    it("refuses someone without an account while accounts are not made at sign-in, then makes one (a rep in no team) when they are", async () => {
      const email = `new.hire@${domain}`;
      const first = await start();
      await expectRefused(response(first.request.id, { nameId: email }), first.flowCookie, 403, SSO_PROBLEMS["no-account"]);
      await saveSsoPolicy(t.app, admin, { ssoRequired: false, ssoCreateAccounts: true, ssoBreakGlassPersonId: null });
      try {
        const second = await start();
        const result = await post(response(second.request.id, { nameId: email, attributes: { givenName: "Nia", surname: "Newhire" } }), second.flowCookie);
        expect(result.status).toBe(303);
        const user = await signedInAs(result);
        expect(user).toMatchObject({ email, name: "Nia Newhire", role: "rep", organisationId: org.id });
        const teams = await t.app.db.selectFrom("teamMembership").select("teamId").where("personId", "=", user!.personId).execute();
        expect(teams).toEqual([]);
      } finally {
        await saveSsoPolicy(t.app, admin, { ssoRequired: false, ssoCreateAccounts: false, ssoBreakGlassPersonId: null });
      }
    });

    it("refuses an email outside the connection's domains", async () => {
      const { request, flowCookie } = await start();
      await expectRefused(response(request.id, { nameId: other.people.repA!.email }), flowCookie, 403, SSO_PROBLEMS["domain-not-allowed"]);
    });

    it("accepts a signed response around a signed assertion", async () => {
      const { request, flowCookie } = await start();
      const result = await post(response(request.id, { nameId: org.people.managerB!.email, sign: "both" }), flowCookie);
      expect((await signedInAs(result))?.personId).toBe(org.people.managerB!.id);
    });

    it("signs in only once for two posts of the same assertion at the same moment", async () => {
      const { request, flowCookie } = await start();
      const xml = response(request.id, { nameId: org.people.director!.email });
      const results = await Promise.all([post(xml, flowCookie), post(xml, flowCookie)]);
      expect(results.map((r) => r.status).sort()).toEqual([303, 400]);
      expect(results.find((r) => r.status === 400)!.data).toMatchObject({ message: SAML_PROBLEMS.replayed });
    });
  });

  describe("refusals", () => {
    it("refuses an unsigned assertion", async () => {
      const { request, flowCookie } = await start();
      await expectRefused(response(request.id, { nameId: org.people.repA!.email, sign: "none" }), flowCookie, 400, SAML_PROBLEMS.unsigned);
    });

    it("refuses a signed response whose assertion is not signed itself", async () => {
      const { request, flowCookie } = await start();
      await expectRefused(response(request.id, { nameId: org.people.repA!.email, sign: "response" }), flowCookie, 400, SAML_PROBLEMS.unsigned);
    });

    it("refuses an assertion signed by another key", async () => {
      const { request, flowCookie } = await start();
      await expectRefused(response(request.id, { nameId: org.people.repA!.email, signingKey: OTHER_KEY }), flowCookie, 400, SAML_PROBLEMS["bad-signature"]);
    });

    it("refuses an assertion changed after it was signed", async () => {
      const { request, flowCookie } = await start();
      const xml = response(request.id, { nameId: org.people.repA!.email }).replace(org.people.repA!.email, org.people.admin!.email);
      await expectRefused(xml, flowCookie, 400, SAML_PROBLEMS["bad-signature"]);
    });

    it("refuses another issuer", async () => {
      const { request, flowCookie } = await start();
      await expectRefused(response(request.id, { nameId: org.people.repA!.email, issuer: "https://evil.example/saml" }), flowCookie, 400, SAML_PROBLEMS.issuer);
    });

    it("refuses another audience", async () => {
      const { request, flowCookie } = await start();
      await expectRefused(response(request.id, { nameId: org.people.repA!.email, audience: "https://other-app.example/saml" }), flowCookie, 400, SAML_PROBLEMS.audience);
    });

    it("refuses another recipient or destination", async () => {
      const other = `http://candor.test/sso/saml/00000000-0000-4000-8000-000000000000/acs`;
      const a = await start();
      await expectRefused(response(a.request.id, { nameId: org.people.repA!.email, recipient: other }), a.flowCookie, 400, SAML_PROBLEMS.recipient);
      const b = await start();
      await expectRefused(response(b.request.id, { nameId: org.people.repA!.email, destination: other }), b.flowCookie, 400, SAML_PROBLEMS.recipient);
    });

    it("refuses an assertion whose NotOnOrAfter has passed on Candor's clock (3 minutes' skew allowed)", async () => {
      const startedAt = new Date();
      t.setNow(startedAt);
      try {
        const a = await start();
        const xml = response(a.request.id, { nameId: org.people.repA!.email });
        // Valid for 5 minutes: 7 minutes later it is within the skew, 9 minutes later it is not.
        t.setNow(new Date(startedAt.getTime() + 9 * 60 * 1000));
        await expectRefused(xml, a.flowCookie, 400, SAML_PROBLEMS.expired);
        t.setNow(startedAt);
        const b = await start();
        const within = response(b.request.id, { nameId: org.people.repA!.email });
        t.setNow(new Date(startedAt.getTime() + 7 * 60 * 1000));
        expect((await post(within, b.flowCookie)).status).toBe(303);
        // Not valid yet: issued 5 minutes ahead of Candor's clock.
        t.setNow(startedAt);
        const c = await start();
        await expectRefused(
          response(c.request.id, { nameId: org.people.repA!.email, now: new Date(startedAt.getTime() + 5 * 60 * 1000) }),
          c.flowCookie,
          400,
          SAML_PROBLEMS.expired,
        );
      } finally {
        t.setNow(new Date());
      }
    });

    it("refuses a replayed assertion: the same response posted again changes nothing", async () => {
      const { request, flowCookie } = await start();
      const xml = response(request.id, { nameId: org.people.repA!.email });
      const first = await post(xml, flowCookie);
      expect(first.status).toBe(303);
      await expectRefused(xml, flowCookie, 400, SAML_PROBLEMS.replayed);
      // Replayed without the flow cookie (another browser): refused before the signature is even read.
      await expectRefused(xml, null, 400, SAML_PROBLEMS["no-flow"]);
    });

    it("refuses an answer to another request (InResponseTo mismatch)", async () => {
      const earlier = await start();
      const later = await start();
      await expectRefused(response(earlier.request.id, { nameId: org.people.repA!.email }), later.flowCookie, 400, SAML_PROBLEMS["in-response-to"]);
    });

    it("refuses a sign-in started at the provider (no InResponseTo), with or without a flow", async () => {
      const { flowCookie } = await start();
      await expectRefused(response(null, { nameId: org.people.repA!.email }), flowCookie, 400, SAML_PROBLEMS.unsolicited);
      await expectRefused(response(null, { nameId: org.people.repA!.email }), null, 400, SAML_PROBLEMS["no-flow"]);
    });

    it("refuses a flow older than 10 minutes", async () => {
      const startedAt = new Date();
      t.setNow(startedAt);
      try {
        const { request, flowCookie } = await start();
        t.setNow(new Date(startedAt.getTime() + 11 * 60 * 1000));
        await expectRefused(response(request.id, { nameId: org.people.repA!.email, now: t.app.now() }), flowCookie, 400, SAML_PROBLEMS["no-flow"]);
      } finally {
        t.setNow(new Date());
      }
    });

    it("refuses a post without a SAMLResponse, and one that is not XML", async () => {
      const a = await start();
      await expectRefused(null, a.flowCookie, 400, SAML_PROBLEMS["bad-form"]);
      const b = await start();
      await expectRefused("not xml at all", b.flowCookie, 400, SAML_PROBLEMS["bad-form"]);
    });

    it("refuses a provider's error status", async () => {
      const { request, flowCookie } = await start();
      await expectRefused(
        response(request.id, { nameId: org.people.repA!.email, status: "urn:oasis:names:tc:SAML:2.0:status:Responder" }),
        flowCookie,
        400,
        SAML_PROBLEMS["provider-refused"],
      );
    });

    describe("signature wrapping", () => {
      // The attacker holds a genuinely signed assertion for their own account and rewrites the response
      // around it, hoping Candor reads an unsigned assertion that names the admin.
      const evilAssertion = (id: string, inner = "") =>
        `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}"><saml:Issuer>${IDP_ENTITY_ID}</saml:Issuer>${inner}<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${org.people.admin!.email}</saml:NameID></saml:Subject></saml:Assertion>`;
      const signedAssertionOf = (xml: string) => /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
      const idOf = (assertion: string) => /ID="([^"]+)"/.exec(assertion)![1]!;

      it("refuses an unsigned assertion placed beside the signed one", async () => {
        const { request, flowCookie } = await start();
        const xml = response(request.id, { nameId: org.people.repA!.email });
        const signed = signedAssertionOf(xml);
        await expectRefused(xml.replace(signed, `${evilAssertion(newSamlId())}${signed}`), flowCookie, 400, SAML_PROBLEMS.unsigned);
      });

      it("refuses the signed assertion moved inside an unsigned one that names someone else", async () => {
        const { request, flowCookie } = await start();
        const xml = response(request.id, { nameId: org.people.repA!.email });
        const signed = signedAssertionOf(xml);
        const wrapped = xml.replace(signed, evilAssertion(newSamlId(), `<saml:Advice>${signed}</saml:Advice>`));
        await expectRefused(wrapped, flowCookie, 400, SAML_PROBLEMS.unsigned);
      });

      it("refuses an unsigned assertion with the signed one's ID and its signature, the signed one hidden in Extensions", async () => {
        const { request, flowCookie } = await start();
        const xml = response(request.id, { nameId: org.people.repA!.email });
        const signed = signedAssertionOf(xml);
        const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)![0];
        const evil = evilAssertion(idOf(signed)).replace("</saml:Issuer>", `</saml:Issuer>${signature}`);
        const wrapped = xml.replace(signed, `<samlp:Extensions>${signed}</samlp:Extensions>${evil}`);
        await expectRefused(wrapped, flowCookie, 400, SAML_PROBLEMS["bad-signature"]);
      });

      it("reads the signed NameID whole: a comment inserted after signing does not cut it short", async () => {
        // The provider signed an assertion for rep-a1@<domain>.evil.test (an account the attacker may hold);
        // a comment after "<domain>" leaves the signature valid (c14n drops comments). A parser that read only
        // the first text node would see rep-a1@<domain>: Candor reads the signed XML, so it sees the whole.
        const { request, flowCookie } = await start();
        const victim = org.people.repA!.email;
        const xml = response(request.id, { nameId: `${victim}.evil.test` }).replace(`>${victim}.evil.test<`, `>${victim}<!---->.evil.test<`);
        await expectRefused(xml, flowCookie, 403, SSO_PROBLEMS["domain-not-allowed"]);
      });

      it("refuses a response signed whole whose assertion was then swapped", async () => {
        const { request, flowCookie } = await start();
        const xml = signElement(response(request.id, { nameId: org.people.repA!.email, sign: "none" }), "Response", IDP_KEY);
        const swapped = xml.replace(org.people.repA!.email, org.people.admin!.email);
        await expectRefused(swapped, flowCookie, 400, SAML_PROBLEMS.unsigned);
      });
    });
  });

  describe("test the connection", () => {
    it("comes back to the admin page with what the provider sent and what Candor made of it, signs nobody in, and records the test", async () => {
      await t.app.db.updateTable("ssoConnection").set({ lastTestedAt: null }).where("id", "=", connectionId).execute();
      const adminCookie = await sessionCookieFor(t.app, org.people.admin!);
      const { request, flowCookie } = await start({ test: true, cookie: adminCookie });
      const before = await snapshot();
      const xml = response(request.id, { nameId: org.people.repA!.email, attributes: { displayName: "Rep A One", department: ["Sales", "EMEA"] } });
      const result = await post(xml, flowCookie);
      expect(result.status).toBe(303);
      expect(result.location).toBe(`/admin/sso/saml/${connectionId}?tested=1`);
      expect(cookieOf(result, "candor_session")).toBeNull();
      const testCookie = cookieOf(result, "candor_saml_test");
      expect(testCookie).not.toBeNull();
      // Nothing but the assertion's use: a test's assertion cannot be replayed either.
      expect(await snapshot()).toEqual({ ...before, assertions: before.assertions + 1 });

      // Only the admin who started the test sees it.
      const otherAdmin = await callRoute(adminRoute.loader as never, {
        app,
        path: `/admin/sso/saml/${connectionId}?tested=1`,
        params: { connectionId },
        cookie: `${other.people.admin!.cookie}; ${testCookie}`,
      });
      expect(otherAdmin.status).toBe(404);

      const page = await callRoute(adminRoute.loader as never, {
        app,
        path: `/admin/sso/saml/${connectionId}?tested=1`,
        params: { connectionId },
        cookie: `${adminCookie}; ${testCookie}`,
      });
      expect(page.status).toBe(200);
      const report = (page.data as { report: { ok: boolean; outcome: string; claims: Array<{ name: string; value: string }> } }).report;
      expect(report.ok).toBe(true);
      expect(sayInEnglish(report.outcome)).toBe(`This would sign in Rep A1 (${org.people.repA!.email}), found by the provider account tied to them.`);
      expect(report.claims).toEqual([
        { name: "NameID", value: org.people.repA!.email },
        { name: "NameID format", value: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" },
        { name: "displayName", value: "Rep A One" },
        { name: "department", value: "Sales, EMEA" },
      ]);
      expect(page.headers.get("set-cookie")).toMatch(/candor_saml_test=; Path=\/admin\/sso\/saml\/[^;]+; HttpOnly; SameSite=Lax; Max-Age=0/);
      const tested = await t.app.db.selectFrom("ssoConnection").select("lastTestedAt").where("id", "=", connectionId).executeTakeFirstOrThrow();
      expect(tested.lastTestedAt).not.toBeNull();
    });

    it("shows why a test failed on the admin page, and does not record it", async () => {
      await t.app.db.updateTable("ssoConnection").set({ lastTestedAt: null }).where("id", "=", connectionId).execute();
      const adminCookie = await sessionCookieFor(t.app, org.people.admin!);
      const { request, flowCookie } = await start({ test: true, cookie: adminCookie });
      const result = await post(response(request.id, { nameId: org.people.repA!.email, signingKey: OTHER_KEY }), flowCookie);
      expect(result.status).toBe(303);
      const page = await callRoute(adminRoute.loader as never, {
        app,
        path: `/admin/sso/saml/${connectionId}?tested=1`,
        params: { connectionId },
        cookie: `${adminCookie}; ${cookieOf(result, "candor_saml_test")}`,
      });
      const failed = (page.data as { report: { ok: boolean; outcome: string } }).report;
      expect(failed.ok).toBe(false);
      expect(sayInEnglish(failed.outcome)).toBe(`The test did not get through: ${sayInEnglish(SAML_PROBLEMS["bad-signature"])}`);
      const row = await t.app.db.selectFrom("ssoConnection").select("lastTestedAt").where("id", "=", connectionId).executeTakeFirstOrThrow();
      expect(row.lastTestedAt).toBeNull();
    });
  });

  describe("a switched-off connection", () => {
    it("starts no sign-in, accepts no answer, but can still be tested by an admin", async () => {
      const pending = await start();
      await t.app.db.updateTable("ssoConnection").set({ enabled: false }).where("id", "=", connectionId).execute();
      try {
        const refused = await callRoute(startRoute.loader as never, { app, path: `/sso/saml/${connectionId}/start`, params: { connectionId } });
        expect(refused.status).toBe(403);
        expect(refused.data).toMatchObject({ message: SSO_PROBLEMS["connection-off"] });
        await expectRefused(response(pending.request.id, { nameId: org.people.repA!.email }), pending.flowCookie, 403, SSO_PROBLEMS["connection-off"]);
        const test = await start({ test: true, cookie: await sessionCookieFor(t.app, org.people.admin!) });
        expect(test.request.id).toMatch(/^_/);
      } finally {
        await t.app.db.updateTable("ssoConnection").set({ enabled: true }).where("id", "=", connectionId).execute();
      }
    });
  });

  describe("the admin page", () => {
    const form = (overrides: Record<string, string> = {}) => ({
      name: "Entra ID",
      emailDomains: `entra-${org.slug}.example`,
      idpEntityId: "https://sts.windows.net/tenant/",
      idpSsoUrl: "https://login.microsoftonline.com/tenant/saml2",
      idpCertificates: IDP_KEY.cert,
      enabled: "on",
      ...overrides,
    });
    const save = (id: string, body: Record<string, string>) =>
      callRoute(adminRoute.action as never, { app, path: `/admin/sso/saml/${id}`, method: "POST", params: { connectionId: id }, cookie: org.people.admin!.cookie, form: body });

    it("refuses a certificate that is not an X.509 certificate, and saves nothing", async () => {
      const before = await t.app.db.selectFrom("ssoConnection").select("id").execute();
      const broken = IDP_KEY.cert.replace(/MII[A-Za-z0-9+/]{20}/, "MIIxxxxxxxxxxxxxxxxxxxxx");
      const result = await save("new", form({ idpCertificates: broken }));
      expect(result.status).toBe(400);
      const notCertificate = (result.data as { fieldErrors: Record<string, string> }).fieldErrors.idpCertificates!;
      expect(sayInEnglish(notCertificate)).toBe("This is not an X.509 certificate: copy it again from the provider, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----");
      // Said by key (ADR 057): the form shows it in the admin's language.
      expect(translatorFor("de").say(notCertificate)).toBe(
        "Das ist kein X.509-Zertifikat: Kopieren Sie es erneut beim Anbieter, von -----BEGIN CERTIFICATE----- bis -----END CERTIFICATE-----",
      );
      // The second of two is named by its number.
      const second = await save("new", form({ idpCertificates: `${IDP_KEY.cert}\n${broken}` }));
      const secondError = (second.data as { fieldErrors: Record<string, string> }).fieldErrors.idpCertificates!;
      expect(sayInEnglish(secondError)).toMatch(/^Certificate 2 is not an X\.509 certificate: copy it again/);
      expect(translatorFor("ja").say(secondError)).toMatch(/^2 番目の証明書は X\.509 証明書ではありません。/);
      const many = await save("new", form({ idpCertificates: Array.from({ length: 6 }, () => IDP_KEY.cert).join("\n") }));
      const manyError = (many.data as { fieldErrors: Record<string, string> }).fieldErrors.idpCertificates!;
      expect(sayInEnglish(manyError)).toBe("Paste at most 5 certificates");
      expect(translatorFor("de").say(manyError)).toBe("Fügen Sie höchstens 5 Zertifikate ein");
      const missing = await save("new", form({ idpSsoUrl: "http://idp.example/sso", idpEntityId: "" }));
      const missingErrors = (missing.data as { fieldErrors: Record<string, string> }).fieldErrors;
      expect(sayInEnglish(missingErrors.idpSsoUrl!)).toBe("The provider's sign-in address (SSO URL) must start with https://");
      expect(sayInEnglish(missingErrors.idpEntityId!)).toBe("Enter the provider's entity id (issuer)");
      expect(await t.app.db.selectFrom("ssoConnection").select("id").execute()).toEqual(before);
    });

    it("adds a provider, shows what to enter at the provider and the certificate's subject and expiry, and records it in the audit log", async () => {
      const result = await save("new", form({ idpCertificates: `${IDP_KEY.cert}\n${OTHER_KEY.cert}` }));
      expect(result.status).toBe(302);
      const id = /\/admin\/sso\/saml\/([0-9a-f-]{36})\?saved=1$/.exec(result.location ?? "")![1]!;
      const page = await callRoute(adminRoute.loader as never, { app, path: `/admin/sso/saml/${id}`, params: { connectionId: id }, cookie: org.people.admin!.cookie });
      const data = page.data as {
        serviceProvider: { entityId: string; acsUrl: string };
        certificates: Array<{ subject: string; validTo: string; expired: boolean }>;
        connection: { idpCertificates: string };
      };
      expect(data.serviceProvider).toMatchObject({ entityId: `http://candor.test/sso/saml/${id}/metadata.xml`, acsUrl: `http://candor.test/sso/saml/${id}/acs` });
      expect(data.certificates.map((c) => [c.subject, c.validTo.slice(0, 4), c.expired])).toEqual([
        ["CN=Candor test identity provider (idp), O=Candor tests", "2126", false],
        ["CN=Candor test identity provider (other), O=Candor tests", "2126", false],
      ]);
      const audit = await t.app.db.selectFrom("auditEntry").select(["action", "source"]).where("targetId", "=", id).execute();
      expect(audit).toEqual([{ action: "sso.connection-create", source: "ui" }]);
      // Another organisation's admin finds no such provider.
      const theirs = await callRoute(adminRoute.loader as never, { app, path: `/admin/sso/saml/${id}`, params: { connectionId: id }, cookie: other.people.admin!.cookie });
      expect(theirs.status).toBe(404);
    });
  });
});
