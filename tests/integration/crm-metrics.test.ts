import { beforeAll, expect, it } from "vitest";
import { importCrmFile } from "../../app/services/crm-import.server";
import { getCrmMetrics, teamOnDate } from "../../app/services/crm-metrics.server";
import { changeTeam } from "../../app/services/people.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { userOf } from "../factories/pulse";
import { describeWithDb } from "../support/test-db";

const HEADER = "Opportunity Owner,Opportunity Name,Amount,Close Date,Created Date,Stage,Closed,Won,Opportunity ID";
async function* bytes(text: string) {
  yield new TextEncoder().encode(text);
}

it("finds the team a person was in on a date, and their first team before any record", () => {
  const history = [
    { teamId: "a", validFrom: "2026-01-01", validTo: "2026-05-15" },
    { teamId: "b", validFrom: "2026-05-15", validTo: null },
  ];
  expect(teamOnDate(history, "2026-05-14")).toBe("a");
  expect(teamOnDate(history, "2026-05-15")).toBe("b");
  expect(teamOnDate(history, "2025-06-01")).toBe("a");
  expect(teamOnDate(history, null)).toBe("b");
  expect(teamOnDate([], "2026-01-01")).toBeNull();
});

describeWithDb("CRM metrics per team and period", (t) => {
  let org: TestOrganisation;
  beforeAll(async () => {
    t.setNow("2026-01-01T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 1 });
    // repA moves from Team A to Team B on 15 May.
    t.setNow("2026-05-15T09:00:00Z");
    const admin = await userOf(t.app, { cookie: await sessionCookieFor(t.app, org.people.admin!) });
    await changeTeam(t.app, admin, org.people.repA!.id, org.teams.b!);
    const a = org.people.repA!.email;
    const csv = [
      HEADER,
      `${a},D1,"$1,000.00",5/10/2026,4/5/2026,Closed Won,1,1,D1`,
      `${a},D2,"$3,000.00",5/20/2026,4/10/2026,Closed Lost,1,0,D2`,
      `${a},D3,"$2,000.00",6/15/2026,3/1/2026,Closed Won,1,1,D3`,
    ].join("\r\n");
    t.setNow("2026-06-30T09:00:00Z");
    expect(await importCrmFile(t.app, org.id, bytes(csv), { format: "auto", encoding: "auto", dates: "us", importValidRows: false, fileName: "q2.csv", asOf: "2026-06-30" })).toMatchObject({
      status: "imported",
      rows: 3,
    });
  });

  it("counts each deal for the owner's team at its close date, and pipeline at its created date", async () => {
    const { rows } = await getCrmMetrics(t.app, org.id, "quarter");
    const row = (team: string, period: string) => rows.find((r) => r.team === team && r.period === period);
    // Team A, Q2: D1 won (closed 10 May, before the move). Pipeline created in Q2: D1 and D2 (both in April).
    expect(row(org.teams.a!, "2026-04-01")).toMatchObject({
      wonCount: 1,
      lostCount: 0,
      winRate: 1,
      avgWonDealSize: 1000,
      medianCycleDays: 35,
      pipelineCreatedCount: 2,
      pipelineCreatedAmount: 4000,
    });
    // Team B, Q2: D2 lost (20 May) and D3 won (15 June) after the move: 1 of 2; value 2000 / 5000.
    expect(row(org.teams.b!, "2026-04-01")).toMatchObject({ wonCount: 1, lostCount: 1, winRate: 0.5, winRateValue: 0.4, avgWonDealSize: 2000, medianCycleDays: 106, pipelineCreatedCount: 0 });
    // Team A, Q1: D3 was created on 1 March, by repA of Team A.
    expect(row(org.teams.a!, "2026-01-01")).toMatchObject({ pipelineCreatedCount: 1, pipelineCreatedAmount: 2000 });
  });
});
