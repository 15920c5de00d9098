import { expect, it } from "vitest";
import { DEMO_LOGINS, seedDemo } from "../../app/services/demo/seed.server";
import { DEMO_SANDBAGGING_TEAM, DEMO_SHORT_CYCLE_TEAM } from "../../app/services/demo/crm.server";
import { getCrmMetrics } from "../../app/services/crm-metrics.server";
import { getTeamRecommendations } from "../../app/services/recommendations.server";
import { SANDBAG_UPSIDE_SHARE } from "../../app/domain/recommendations";
import type { SessionUser } from "../../app/auth/session.server";
import { describeWithDb } from "../support/test-db";

/*
 * The demo shows the forecast bias split (ADR 023): its three CRM snapshots give the last quarter and this
 * one a forecast snapshot each; one team sandbags and one has short cycles. The overall forecast bias
 * calls both "under-called"; only the sandbagging team gets the sandbagging signal and its plays.
 */
describeWithDb("the demo's forecast bias split", (t) => {
  it("shows a sandbagging team flagged and a short-cycle team not", { timeout: 180_000 }, async () => {
    await seedDemo(t.app);
    const org = await t.app.db.selectFrom("organisation").select("id").where("slug", "=", "northwind").executeTakeFirstOrThrow();
    const teams = await t.app.db.selectFrom("team").select(["id", "name"]).where("organisationId", "=", org.id).execute();
    const idOf = (name: string) => teams.find((x) => x.name === name)!.id;
    const { rows } = await getCrmMetrics(t.app, org.id, "quarter");
    const split = (team: string) => rows.filter((r) => r.team === idOf(team) && r.commitAmount !== null);

    const sandbagging = split(DEMO_SANDBAGGING_TEAM);
    const shortCycles = split(DEMO_SHORT_CYCLE_TEAM);
    expect(sandbagging).toHaveLength(2);
    expect(shortCycles).toHaveLength(2);
    // Both called less than they won in the earlier quarter: the overall bias cannot tell them apart.
    expect(sandbagging[0]!.forecastBias!).toBeLessThan(-0.1);
    expect(shortCycles[0]!.forecastBias!).toBeLessThan(-0.25);
    for (const r of sandbagging) expect(r.knownUpsideShare!).toBeGreaterThanOrEqual(SANDBAG_UPSIDE_SHARE);
    for (const r of shortCycles) {
      expect(r.knownUpsideShare!).toBeLessThan(SANDBAG_UPSIDE_SHARE);
      expect(r.newInPeriodShare!).toBeGreaterThan(0.4);
    }

    const admin = await t.app.db.selectFrom("person").select("id").where("email", "=", DEMO_LOGINS.admin).executeTakeFirstOrThrow();
    const adminUser = { personId: admin.id, organisationId: org.id, role: "admin" } as SessionUser;
    const signals = async (team: string) => (await getTeamRecommendations(t.app, adminUser, idOf(team))).signals;
    const flagged = (await signals(DEMO_SANDBAGGING_TEAM)).find((s) => s.signal === "forecast-bias");
    expect(flagged?.reason).toMatch(
      /^In the quarters from 1 [A-Z][a-z]{2} \d{4} and 1 [A-Z][a-z]{2} \d{4}, \d+% and \d+% of what the team won came from deals already in its pipeline/,
    );
    expect((await signals(DEMO_SHORT_CYCLE_TEAM)).map((s) => s.signal)).not.toContain("forecast-bias");
    // No team but the sandbagging one gets the signal.
    const others = teams.filter((x) => x.name !== DEMO_SANDBAGGING_TEAM);
    for (const x of others)
      expect(
        (await getTeamRecommendations(t.app, adminUser, x.id)).signals.map((s) => s.signal),
        x.name,
      ).not.toContain("forecast-bias");
  });
});
