import { beforeAll, expect, it } from "vitest";
import { loader as dataLoader } from "../../app/routes/account_.data";
import { createActionPlan } from "../../app/services/action-plans.server";
import { createApiToken } from "../../app/services/api-tokens.server";
import { importCrmFile } from "../../app/services/crm-import.server";
import { exportPersonalData, type PersonalData } from "../../app/services/personal-data.server";
import { saveRetention } from "../../app/services/retention.server";
import { submitSelfAssessment } from "../../app/services/self-assessment.server";
import { requestPasswordReset } from "../../app/services/sign-in.server";
import { createCohort } from "../../app/services/training.server";
import { closeWave } from "../../app/services/waves.server";
import { bytes, SALESFORCE_DEALS_HEADER } from "../factories/crm";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { answer, createOpenWave, repAnswers, userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// A person downloads what Candor holds about them (issue 23, part 2; ADR 037): their own data and nobody
// else's, every list with its values, and never a survey answer (none is linked to them).

const COMMENT = "A comment only rep A1 wrote, zq7x";

describeWithDb("downloading one's own data", (t) => {
  let org: TestOrganisation;
  let other: TestOrganisation;
  let closedWave: string;
  const exportOf = async (key: string, o: TestOrganisation = org) => exportPersonalData(t.app, await userOf(t.app, o.people[key]!));

  beforeAll(async () => {
    t.setNow("2026-05-04T07:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    other = await createTestOrganisation(t.app, { reps: 1 });
    const enablement = await userOf(t.app, org.people.enablement!);
    const admin = await userOf(t.app, org.people.admin!);
    const managerA = await userOf(t.app, org.people.managerA!);
    const director = await userOf(t.app, org.people.director!);

    // A pulse that closes: every rep of Team A answers (rep A1 with a comment), manager A assesses the team.
    ({ waveId: closedWave } = await createOpenWave(t.app, org, { name: "Spring pulse" }));
    const teamA = await t.app.db.selectFrom("waveAudience").select("personId").where("waveId", "=", closedWave).where("teamId", "=", org.teams.a!).execute();
    for (const [i, p] of teamA.entries()) {
      const fields: Record<string, string> = Object.fromEntries(Object.entries(repAnswers(i, 5, 3)).filter(([k]) => k.startsWith("a.PS")));
      fields["a.ENPS"] = String(5 + i);
      if (p.personId === org.people.repA!.id) fields["a.COMMENT"] = COMMENT;
      expect((await answer(t.app, closedWave, p.personId, fields)).status).toBe("saved");
    }
    await submitSelfAssessment(t.app, managerA, closedWave, org.teams.a!, { "a.PS1": "3", "a.PS2": "6" });
    t.setNow("2026-05-06T07:00:00Z");
    expect(await closeWave(t.app, closedWave)).toBe(true);
    // A second pulse, still open, that rep A1 has not answered.
    await createOpenWave(t.app, org, { name: "Forecast pulse", dimensionKeys: ["forecast_pressure"] });

    await createActionPlan(t.app, managerA, org.teams.a!, {
      dimensionKey: "psychological_safety",
      action: "Blameless deal reviews",
      owner: "Mia Manager A",
      reviewOn: "2026-06-30",
    });
    await createActionPlan(t.app, director, org.teams.a!, {
      dimensionKey: "psychological_safety",
      action: "Praise early risk flags",
      owner: " mia manager a ",
      reviewOn: "2026-07-15",
    });
    await createActionPlan(t.app, director, org.teams.a!, { dimensionKey: "psychological_safety", action: "Director's own plan", owner: "Dir Director", reviewOn: "2026-07-15" });
    await createCohort(t.app, enablement, { name: "Coaching by questions", heldOn: "2026-04-20", managerIds: [org.people.managerA!.id], dimensionKeys: ["psychological_safety"] });
    await createApiToken(t.app, admin, "Power BI");
    await saveRetention(t.app, admin, { months: "24", confirmation: "delete" });
    const deals = [
      SALESFORCE_DEALS_HEADER,
      `${org.people.repA!.email},D1,"$1,000.00",5/10/2026,4/5/2026,Closed Won,1,1,D1`,
      `${org.people.repA!.email.toUpperCase()},D2,"$3,000.00",5/20/2026,4/10/2026,Closed Lost,1,0,D2`,
      `${org.people.repB!.email},D3,"$2,000.00",6/15/2026,3/1/2026,Prospecting,0,0,D3`,
    ].join("\n");
    const imported = await importCrmFile(t.app, org.id, bytes(deals), {
      format: "auto",
      encoding: "auto",
      dates: "us",
      importValidRows: false,
      fileName: "may.csv",
      asOf: "2026-05-06",
      importedBy: org.people.admin!.id,
    });
    expect(imported.status).toBe("imported");
    await requestPasswordReset(t.app, org.people.repA!.email, null);
  });

  it("gives a rep their profile, team, pulses (whether they took part, never what), links and CRM deals", async () => {
    const data = await exportOf("repA");
    expect(data.profile).toMatchObject({ id: org.people.repA!.id, name: "Rep A1", email: org.people.repA!.email, role: "rep", active: true, hasPassword: true });
    expect(data.organisation).toEqual({ name: `Org ${org.slug}`, slug: org.slug });
    expect(data.teamMemberships).toEqual([{ team: "Team A", from: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), to: null }]);
    expect(data.teamChanges).toEqual([{ team: "Team A", change: "joined", through: "roster-import", at: expect.any(String) }]);
    expect(data.pulses).toEqual([
      { program: "Spring pulse", period: "2026-05-04", status: "closed", team: "Team A", tookPart: true, personalLinks: 0 },
      { program: "Forecast pulse", period: "2026-05-06", status: "open", team: "Team A", tookPart: false, personalLinks: 1 },
    ]);
    expect(data.accountLinks).toEqual([{ purpose: "password_reset", createdAt: expect.any(String), expiresAt: "2026-05-13T07:00:00.000Z", usedAt: null }]);
    expect(data.sessions.length).toBeGreaterThan(0);
    // Both spellings of the address count for the rep, as the CRM metrics count them.
    expect(data.crmDeals).toEqual([{ snapshotOf: "2026-05-06", fileName: "may.csv", deals: 2 }]);
    expect(data.selfAssessments).toEqual([]);
    expect(data.actionPlans).toEqual([]);
    expect(data.apiTokens).toEqual([]);
    expect(data.truncated).toEqual([]);
    // No answer, no comment, no response id: Candor cannot tell which are theirs.
    const text = JSON.stringify(data);
    expect(text).not.toContain(COMMENT);
    const responses = await t.app.db.selectFrom("response").select("id").execute();
    expect(responses.length).toBeGreaterThan(0);
    for (const r of responses) expect(text).not.toContain(r.id);
    expect(data.about).toContain("Your survey answers are not here");
  });

  it("gives a manager their self-assessments with their own answers, the plans they wrote or own, and trainings", async () => {
    const data = await exportOf("managerA");
    expect(data.selfAssessments).toEqual([
      {
        program: "Spring pulse",
        period: "2026-05-04",
        team: "Team A",
        submittedAt: "2026-05-04T07:00:00.000Z",
        updatedAt: "2026-05-04T07:00:00.000Z",
        answers: [
          { code: "PS1", question: expect.any(String), value: 3 },
          { code: "PS2", question: expect.any(String), value: 6 },
        ],
      },
      // Asked for the open pulse, not answered yet.
      { program: "Forecast pulse", period: "2026-05-06", team: "Team A", submittedAt: null, updatedAt: null, answers: [] },
    ]);
    expect(data.actionPlans.map((p) => [p.action, p.owner, p.youWroteIt])).toEqual([
      ["Blameless deal reviews", "Mia Manager A", true],
      ["Praise early risk flags", "mia manager a", false],
    ]);
    expect(data.trainings).toEqual([{ name: "Coaching by questions", heldOn: "2026-04-20" }]);
    expect(data.pulses).toEqual([]);
  });

  it("gives an admin their API tokens, CRM imports and the audit entries of what they did", async () => {
    const data = await exportOf("admin");
    expect(data.apiTokens).toEqual([{ name: "Power BI", createdAt: expect.any(String), lastUsedAt: null, revokedAt: null }]);
    expect(data.crmImports).toEqual([{ fileName: "may.csv", asOf: "2026-05-06", importedAt: expect.any(String), rows: 3 }]);
    const retention = data.auditEntries.find((e) => e.action === "retention.settings-change");
    expect(retention).toMatchObject({ target: { type: "organisation", id: org.id }, source: "ui", before: { retentionMonths: null }, after: { retentionMonths: 24 } });
    expect(data.auditEntries.every((e) => typeof e.seq === "number")).toBe(true);
    // The director's plan owned by name is theirs; nobody else's data is in an admin's download.
    const director = await exportOf("director");
    expect(director.actionPlans.map((p) => [p.action, p.youWroteIt])).toEqual([
      ["Praise early risk flags", true],
      ["Director's own plan", true],
    ]);
    expect(JSON.stringify(data)).not.toContain(org.people.repA!.email);
  });

  it("is a JSON download of the signed-in person's own data only; the download itself is audited", async () => {
    const got = await callRoute(dataLoader as never, { app: t.app, path: "/account/data", cookie: org.people.repA!.cookie });
    expect(got.status).toBe(200);
    expect(got.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(got.headers.get("Content-Disposition")).toBe(`attachment; filename="candor-my-data-${org.slug}-2026-05-06.json"`);
    expect(got.headers.get("Cache-Control")).toBe("no-store");
    const body = JSON.parse(got.data as string) as PersonalData;
    expect(body.profile.email).toBe(org.people.repA!.email);
    // Parameters are ignored: it is always one's own.
    const sneaky = await callRoute(dataLoader as never, {
      app: t.app,
      path: `/account/data?personId=${org.people.repB!.id}`,
      cookie: org.people.repA!.cookie,
      params: { personId: org.people.repB!.id },
    });
    expect((JSON.parse(sneaky.data as string) as PersonalData).profile.id).toBe(org.people.repA!.id);
    const anonymous = await callRoute(dataLoader as never, { app: t.app, path: "/account/data" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe("/login?redirectTo=%2Faccount%2Fdata");
    const otherOrg = await exportOf("repA", other);
    expect(otherOrg.profile.email).toBe(other.people.repA!.email);
    expect(otherOrg.pulses).toEqual([]);
    const audited = await t.app.db
      .selectFrom("auditEntry")
      .select(["actorId", "targetId"])
      .where("action", "=", "person.data-export")
      .where("organisationId", "=", org.id)
      .execute();
    expect(audited).toContainEqual({ actorId: org.people.repA!.id, targetId: org.people.repA!.id });
  });
});
