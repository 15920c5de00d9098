import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, expect, it } from "vitest";
import { PretrendChart } from "../../app/components/charts/pretrend-chart";
import { messagesFor } from "../../app/i18n/catalogues.server";
import { I18nProvider } from "../../app/i18n/react";
import { loader as cohortLoader } from "../../app/routes/training.$cohortId";
import { expectAllClose, expectClose } from "../../app/domain/statistics/fixtures/expect-close";
import { pretrendService } from "../../app/domain/statistics/fixtures/r-reference-pretrend";
import type { SessionUser } from "../../app/auth/guards.server";
import { importHistory } from "../../app/services/history-import.server";
import { createOrganisation } from "../../app/services/organisations.server";
import { applyRoster } from "../../app/services/roster.server";
import { createCohort, getCohortImpact } from "../../app/services/training.server";
import { findPersonByEmail } from "../../db/queries/people";
import { sessionCookieFor } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Team means of PS2 (not reverse-keyed, so the dimension's mean) in three waves before the training on
// 2026-03-20 and three after. T1 and T2's managers took it; they were already rising by 0.6 and 0.5 a wave.
// The service picks C3 and C1 as the untrained teams closest before (C2 and Far are further off); Small
// answers with 3 people, under the minimum group of 5, so it is hidden and never enters.
const WAVES = ["2026-01-05", "2026-02-02", "2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01"];
const MEANS: Record<string, number[]> = {
  T1: [3.0, 3.6, 4.2, 5.0, 5.2, 5.0],
  T2: [3.2, 3.6, 4.2, 5.0, 5.0, 5.2],
  C1: [4.0, 4.2, 4.0, 4.2, 4.0, 4.2],
  C2: [4.4, 4.2, 4.6, 4.4, 4.6, 4.4],
  C3: [3.8, 3.8, 3.6, 3.8, 3.6, 3.8],
};
/** Five whole answers with the given mean (which is a multiple of 0.2). */
const answers = (m: number) => {
  const sum = Math.round(m * 5);
  const base = Math.floor(sum / 5);
  return Array.from({ length: 5 }, (_, i) => (i < sum - base * 5 ? base + 1 : base));
};

describeWithDb("training impact: the pre-trend check through the real database (ADR 025)", (t) => {
  let orgId: string;
  let enablement: SessionUser & { id: string };
  let cohortId: string;
  beforeAll(async () => {
    t.setNow("2026-07-01T12:00:00Z");
    const org = await createOrganisation(t.app, { slug: `pretrend-${process.pid}`, name: "Pretrend" });
    orgId = org.id;
    const d = "pretrend.example";
    const lines = ["email,name,role,team,manager_email", `enable@${d},Eno Enablement,enablement,,`];
    // Small and Far sit in a region of their own, so that hiding Small (and the sibling hidden with it, so
    // that the region's total does not give Small away) leaves the compared teams' region alone.
    for (const team of [...Object.keys(MEANS), "Small", "Far"]) {
      const region = team === "Small" || team === "Far" ? "Other" : "Region";
      lines.push(`mgr-${team.toLowerCase()}@${d},Manager ${team},manager,,`);
      lines.push(`rep-${team.toLowerCase()}@${d},Rep ${team},rep,${region} > ${team},mgr-${team.toLowerCase()}@${d}`);
    }
    const roster = await applyRoster(t.app, org.id, lines.join("\n"), { deactivateMissing: false });
    expect(roster.ok).toBe(true);
    const person = (await findPersonByEmail(t.app.db, org.id, `enable@${d}`))!;
    enablement = { id: person.id, personId: person.id, organisationId: org.id, role: "enablement" } as SessionUser & { id: string };
    const rows = ["team,period,PS2"];
    WAVES.forEach((wave, w) => {
      for (const [team, means] of Object.entries(MEANS)) for (const value of answers(means[w]!)) rows.push(`${team},${wave},${value}`);
      for (const value of [1, 7, 1]) rows.push(`Small,${wave},${value}`);
      for (const value of [6, 6, 6, 6, 6]) rows.push(`Far,${wave},${value}`);
    });
    expect(await importHistory(t.app, org.id, "history.csv", rows.join("\n"))).toMatchObject({ ok: true, waves: 6 });
    const managers = await Promise.all(["t1", "t2"].map((k) => findPersonByEmail(t.app.db, org.id, `mgr-${k}@${d}`)));
    ({ id: cohortId } = await createCohort(t.app, enablement, {
      name: "Coaching",
      heldOn: "2026-03-20",
      managerIds: managers.map((m) => m!.id),
      dimensionKeys: ["psychological_safety"],
    }));
  });

  it("says the trained teams were already rising faster, with R's slopes, interval and p, and the series for the chart", async () => {
    const impact = await getCohortImpact(t.app, enablement, cohortId);
    const safety = impact.outcomes.find((o) => o.key === "psychological_safety")!;
    expect([...safety.comparisonTeams].sort()).toEqual(["C1", "C3"]);
    // The estimate itself still comes (and looks like an improvement), but the check says it may be the trend.
    expect(safety.result.verdict).toBe("improved");
    const pre = safety.preTrend;
    expect(pre).toMatchObject({ verdict: "not-parallel", trainedTeams: 2, controlTeams: 2, periodsBefore: 3 });
    expectClose(pre.trainedSlope, pretrendService.trainedMean);
    expectClose(pre.controlSlope, pretrendService.comparisonMean);
    expectClose(pre.difference, pretrendService.diff);
    expectClose(pre.df, pretrendService.df);
    expectClose(pre.p, pretrendService.p);
    expectClose(pre.ciLow, pretrendService.ciLow);
    expectClose(pre.ciHigh, pretrendService.ciHigh);
    expect(pre.text).toBe(
      "Before the training, trained teams' psychological safety was already rising while the comparison teams' was falling (+0.550 vs −0.050 a wave; difference +0.600, 95% interval +0.296 to +0.904, p = 0.01; 2 trained and 2 comparison teams): the estimate may reflect that, not the training.",
    );
    // One point per wave for each group, with n teams; Small (hidden) and C2 (not compared) never enter.
    expect(safety.series.map((p) => [p.label, p.after, p.trained?.n, p.control?.n])).toEqual(WAVES.map((w, i) => [w, i >= 3, 2, 2]));
    expectAllClose(
      safety.series.map((p) => p.trained!.mean),
      WAVES.map((_, i) => (MEANS.T1![i]! + MEANS.T2![i]!) / 2),
    );
    expectAllClose(
      safety.series.map((p) => p.control!.mean),
      WAVES.map((_, i) => (MEANS.C1![i]! + MEANS.C3![i]!) / 2),
    );
    // No CRM data: the check says so in words, with no numbers.
    const winRate = impact.outcomes.find((o) => o.key === "winRate")!;
    expect(winRate.preTrend).toMatchObject({ verdict: "too-little-data", difference: null, p: null });
    expect(winRate.preTrend.text).toMatch(
      /^Not enough data before the training to check that the trained and comparison teams' win rate moved in parallel: 0 trained and 0 comparison teams have results in at least 2 quarters before it/,
    );
    expect(winRate.series).toEqual([]);
  });

  it("the page's loader carries the check, and the hidden team's values appear nowhere", async () => {
    const cookie = await sessionCookieFor(t.app, { id: enablement.id, organisationId: orgId });
    const result = await callRoute(cohortLoader as never, { app: t.app, path: `/training/${cohortId}`, params: { cohortId }, cookie });
    expect(result.status).toBe(200);
    const body = JSON.stringify(result.data);
    expect(body).toContain('"verdict":"not-parallel"');
    expect(body).not.toContain("Small");
    expect(body).not.toContain("Far");
    // Small's mean (3.0) would shift the comparison means if it entered; they are C1 and C3's alone.
    const data = result.data as { impact: Awaited<ReturnType<typeof getCohortImpact>> };
    expect(data.impact.outcomes[0]!.series[0]!.control!.mean).toBeCloseTo(3.9, 12);
    // The chart draws these points, and its table gives each with n teams and an interval.
    // Charts take their words from the page's language (issue 26): rendered here in English, as a page would be.
    const chart = createElement(PretrendChart, { title: "Psychological safety", points: data.impact.outcomes[0]!.series, format: (v: number) => v.toFixed(2) });
    const html = renderToStaticMarkup(createElement(I18nProvider, { language: { locale: "en", dir: "ltr", messages: messagesFor("en") }, children: chart }));
    expect(html).toContain('role="img"');
    expect(html).toContain("Before the training: trained teams 3.10, 3.60, 4.20; similar untrained teams 3.90, 4.00, 3.80. After: trained teams 5.00, 5.10, 5.10");
    // Trained at 2026-01-05 (the table writes it 5 Jan 2026): T1 3.0 and T2 3.2 → 3.10 ± qt(0.975, 1)·0.1414/√2 = 3.10 ± 1.27.
    expect(html).toContain('<th scope="row">5 Jan 2026</th><td>before</td><td class="num">3.10 (2 teams; 95% interval 1.83 to 4.37)</td>');
    expect(html.match(/<circle /g)).toHaveLength(6 + 1); // six trained points and the legend's marker
  });

  it("a training with one wave before it says there is not enough data to check", async () => {
    const managers = await t.app.db
      .selectFrom("person")
      .select("id")
      .where("organisationId", "=", orgId)
      .where("email", "in", ["mgr-t1@pretrend.example", "mgr-t2@pretrend.example"])
      .execute();
    const { id } = await createCohort(t.app, enablement, { name: "Early", heldOn: "2026-01-20", managerIds: managers.map((m) => m.id), dimensionKeys: ["psychological_safety"] });
    const impact = await getCohortImpact(t.app, enablement, id);
    const pre = impact.outcomes[0]!.preTrend;
    expect(pre).toMatchObject({ verdict: "too-little-data", trainedTeams: 0, controlTeams: 0, periodsBefore: 0, p: null });
    expect(pre.text).toBe(
      "Not enough data before the training to check that the trained and comparison teams' psychological safety moved in parallel: 0 trained and 0 comparison teams have results in at least 2 waves before it; at least 2 of each are needed.",
    );
  });
});
