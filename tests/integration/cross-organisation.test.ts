import crypto from "node:crypto";
import fs from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, expect, it } from "vitest";
import { validateSessionToken } from "../../app/auth/session.server";
import { signBallot } from "../../app/services/ballots.server";
import { createCohort } from "../../app/services/training.server";
import { BALLOT_MODULUS_BYTES } from "../../app/auth/blind-rsa.server";
import { saveSamlConnection } from "../../app/services/saml.server";
import { IDP_KEY, IDP_SSO_URL } from "../support/saml-idp";
import { createCrmPreview } from "../factories/crm";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation, type TestPerson } from "../factories/organisation";
import { createOpenWave } from "../factories/pulse";
import { callRoute, type CallResult } from "../support/remix";
import { describeWithDb } from "../support/test-db";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { said } from "../../app/i18n/said";

// Issue 23: /pulses/<a wave of another organisation> answered 403, not 404, so wave ids could be probed.
// Every route with an id in its path is walked by every kind of person of organisation B, with
// organisation A's ids and with ids that exist nowhere: each answer (status and body) must be the same for
// both, and for the person who could open such a page in their own organisation it is a 404. A new route
// with an id fails "lists every route with an id" until it is given its ids and who opens it here.

type Persona = "rep" | "managerA" | "director" | "enablement" | "admin";
const PERSONAS: Persona[] = ["rep", "managerA", "director", "enablement", "admin"];

interface Ids {
  personId: string;
  teamId: string;
  playId: string;
  programId: string;
  waveId: string;
  cohortId: string;
  connectionId: string;
  snapshotId: string;
}

/** For each route with an id: the person of organisation B who could open such a page in their own organisation. */
const ID_ROUTES: Record<string, Persona> = {
  "admin.people_.$personId": "admin",
  "admin.sso_.saml.$connectionId": "admin",
  "admin.sso_.oidc.$connectionId": "admin",
  "admin.people_.$personId_.erase": "admin",
  "admin.crm_.snapshots.$snapshotId": "admin",
  "admin.teams_.$teamId": "admin",
  "playbook.$playId": "admin",
  "programs.$programId": "admin",
  "pulses.$waveId": "rep",
  "self-assessments.$waveId.$teamId": "managerA",
  "teams.$teamId": "admin",
  "teams.$teamId_.gap": "admin",
  "teams.$teamId_.guide": "admin",
  "teams.$teamId_.conversations": "admin",
  "teams.$teamId_.themes": "admin",
  "training.$cohortId": "admin",
};
// Routes whose parameter is no record of an organisation: a link's secret token (its own check), the
// API's resource name, SCIM's path (bearer tokens only; another organisation's ids are 404 there, tested in
// scim.test.ts), and the catch-all.
// SAML and OIDC sign-in's routes take a connection's id, but start signed out: any organisation's connection is a
// public starting point, whoever asks (their answers are the authorization matrix's).
const NOT_ID_ROUTES = [
  "$",
  "api.v1.$resource",
  "invite.$token",
  "pulse.$token",
  "reset-password.$token",
  "scim.v2.$",
  "sso.saml.$connectionId.acs",
  "sso.saml.$connectionId.metadata[.]xml",
  "sso.saml.$connectionId.start",
  "sso.oidc.$connectionId.start",
];

const ROUTES_DIR = new URL("../../app/routes", import.meta.url);

function paramsOf(route: string, ids: Ids): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const segments = route
    .split(".")
    .filter((s) => s !== "_index")
    .map((segment) => {
      const name = segment.replace(/_$/, "");
      if (!name.startsWith("$")) return name;
      const value = ids[name.slice(1) as keyof Ids];
      if (value === undefined) throw new Error(`no id for :${name.slice(1)} in ${route}`);
      params[name.slice(1)] = value;
      return value;
    });
  return { path: `/${segments.join("/")}`, params };
}

async function importRoute(name: string): Promise<{ loader?: (a: LoaderFunctionArgs) => unknown; action?: (a: LoaderFunctionArgs) => unknown }> {
  return import(/* @vite-ignore */ `../../app/routes/${name}.tsx`).catch(() => import(/* @vite-ignore */ `../../app/routes/${name}.ts`));
}

it("lists every route with an id in its path", () => {
  const withParams = fs
    .readdirSync(ROUTES_DIR)
    .map((f) => f.replace(/\.tsx?$/, ""))
    .filter((f) => f.includes("$"));
  expect(withParams.sort()).toEqual([...Object.keys(ID_ROUTES), ...NOT_ID_ROUTES].sort());
});

describeWithDb("another organisation's ids look exactly like missing ones", (t) => {
  let a: TestOrganisation;
  let b: TestOrganisation;
  let ids: Ids;
  const missing: Ids = {
    personId: crypto.randomUUID(),
    teamId: crypto.randomUUID(),
    playId: crypto.randomUUID(),
    programId: crypto.randomUUID(),
    waveId: crypto.randomUUID(),
    cohortId: crypto.randomUUID(),
    connectionId: crypto.randomUUID(),
    snapshotId: crypto.randomUUID(),
  };

  beforeAll(async () => {
    a = await createTestOrganisation(t.app, { reps: 1 });
    b = await createTestOrganisation(t.app, { reps: 1 });
    const { programId, waveId } = await createOpenWave(t.app, a);
    const play = await t.app.db.selectFrom("play").select("id").where("organisationId", "=", a.id).limit(1).executeTakeFirstOrThrow();
    const enablement = (await validateSessionToken(t.app, a.people.enablement!.cookie.split("=")[1]!))!;
    const cohort = await createCohort(t.app, enablement, { name: "Coaching", heldOn: "2026-01-15", managerIds: [a.people.managerA!.id], dimensionKeys: ["psychological_safety"] });
    const admin = (await validateSessionToken(t.app, a.people.admin!.cookie.split("=")[1]!))!;
    const saml = { name: "Okta", emailDomains: `${a.slug}.example`, enabled: true, idpEntityId: "https://idp.example/saml", idpSsoUrl: IDP_SSO_URL, idpCertificates: IDP_KEY.cert };
    const connectionId = await saveSamlConnection(t.app, admin, "new", saml);
    const snapshotId = await createCrmPreview(t.app, a.id, a.people.repA!.email);
    ids = { personId: a.people.repA!.id, teamId: a.teams.a!, playId: play.id, programId, waveId, cohortId: cohort.id, connectionId, snapshotId };
    // The wave opened for A's teams; the self-assessment of A's team A exists, asked of A's manager.
    expect(await t.app.db.selectFrom("selfAssessment").select("waveId").where("waveId", "=", waveId).where("teamId", "=", a.teams.a!).executeTakeFirst()).toBeDefined();
  });

  const personOf = (persona: Persona): TestPerson => b.people[persona === "rep" ? "repA" : persona]!;
  const summary = (r: CallResult) => ({ status: r.status, location: r.location, data: r.data });

  for (const [route, opener] of Object.entries(ID_ROUTES)) {
    for (const kind of ["loader", "action"] as const) {
      it(`${kind} of ${route}`, async () => {
        const handler = (await importRoute(route))[kind];
        if (!handler) return;
        for (const persona of PERSONAS) {
          const cookie = await sessionCookieFor(t.app, personOf(persona));
          const call = (which: Ids) => {
            const { path, params } = paramsOf(route, which);
            return callRoute(handler as never, { app: t.app, path, params, cookie, method: kind === "loader" ? "GET" : "POST" });
          };
          const [theirs, nobodys] = [summary(await call(ids)), summary(await call(missing))];
          expect({ persona, ...theirs }).toEqual({ persona, ...nobodys });
          if (persona === opener) expect({ persona, status: theirs.status }).toEqual({ persona, status: 404 });
        }
      });
    }
  }

  it("a ballot signature for another organisation's wave: the same 404 as for no wave", async () => {
    const blinded = new Uint8Array(BALLOT_MODULUS_BYTES).fill(7);
    const rep = b.people.repA!.id;
    const theirs = await signBallot(t.app, { waveId: ids.waveId, personId: rep }, blinded);
    const nobodys = await signBallot(t.app, { waveId: missing.waveId, personId: rep }, blinded);
    expect(theirs).toEqual({ status: "refused", httpStatus: 404, message: said("pulse.refused.noSuchPulse") });
    expect(theirs.status === "refused" && sayInEnglish(theirs.message)).toBe("There is no such pulse.");
    expect(nobodys).toEqual(theirs);
    // Someone of A's own organisation who was not asked is told so (403): within an organisation, waves are no secret.
    const director = await signBallot(t.app, { waveId: ids.waveId, personId: a.people.director!.id }, blinded);
    expect(director).toMatchObject({ status: "refused", httpStatus: 403 });
  });
});
