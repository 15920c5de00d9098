import { beforeAll, expect, it } from "vitest";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { loader as apiLoader } from "../../app/routes/api.v1.$resource";
import { loader as programLoader } from "../../app/routes/programs.$programId";
import { loader as heatmapLoader } from "../../app/routes/results._index";
import { loader as teamLoader } from "../../app/routes/teams.$teamId";
import { loader as gapLoader } from "../../app/routes/teams.$teamId_.gap";
import { loader as teamThemesLoader } from "../../app/routes/teams.$teamId_.themes";
import { loader as orgThemesLoader } from "../../app/routes/results.themes";
import { API_RATE_LIMIT } from "../../app/auth/api-tokens.server";
import { createApiToken, revokeApiToken } from "../../app/services/api-tokens.server";
import { buildResultsReport, parseReportOptions, reportToZip } from "../../app/services/results-report.server";
import { getMyTeamResults } from "../../app/services/results.server";
import { listGapRows, submitSelfAssessment } from "../../app/services/self-assessment.server";
import { closingDate, openWave, runScheduledWork } from "../../app/services/waves.server";
import { getActionPlanRollup } from "../../app/services/action-plan-rollup.server";
import { getOrgRecommendations, getTeamRecommendations } from "../../app/services/recommendations.server";
import { createCohort, getCohortImpact } from "../../app/services/training.server";
import { strFromU8, unzipSync } from "fflate";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { answer, createOpenWave, userOf } from "../factories/pulse";
import { readGroupResults } from "../../db/queries/results";
import { callRoute } from "../support/remix";
import { statusOfCall } from "../support/service-status";
import { describeWithDb } from "../support/test-db";

// One organisation where Team B has 2 answers (below the minimum of 5) and Team A has 6: Region = A + B,
// so A must be hidden too (Region − A would be B). Team B's reps answer with a planted canary: every
// item at 1 and a comment no output may contain. Every path that results leave by is checked here.
const CANARY = "CANARY-7f3a team B only";
const all = (value: string) => Object.fromEntries(["PS1", "PS2", "PS3", "PS4", "PS5", "PS6", "PS7"].map((c) => [`a.${c}`, value]));

describeWithDb("every results output path suppresses a below-threshold group", (t) => {
  let org: TestOrganisation;
  let other: TestOrganisation;
  let token: string;
  let wave: string;
  let programId: string;
  const outputs: Array<{ path: string; body: string }> = [];

  beforeAll(async () => {
    t.setNow("2026-09-01T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 6 });
    other = await createTestOrganisation(t.app, { reps: 1 });
    const { waveId, programId: program } = await createOpenWave(t.app, org);
    wave = waveId;
    programId = program;
    const audience = await t.app.db.selectFrom("waveAudience").select(["personId", "teamId"]).where("waveId", "=", waveId).execute();
    const repsOf = (team: string) => audience.filter((a) => a.teamId === team).map((a) => a.personId);
    for (const [i, person] of repsOf(org.teams.a!).entries()) {
      expect(await answer(t.app, waveId, person, { ...all("4"), "a.PS2": String(5 + (i % 3)), "a.ENPS": "9", "a.COMMENT": `Team A note ${i}` })).toMatchObject({ status: "saved" });
    }
    for (const person of repsOf(org.teams.b!).slice(0, 2)) {
      expect(await answer(t.app, waveId, person, { ...all("1"), "a.ENPS": "0", "a.COMMENT": CANARY })).toMatchObject({ status: "saved" });
    }
    const managerA = await userOf(t.app, org.people.managerA!);
    await submitSelfAssessment(t.app, managerA, waveId, org.teams.a!, { ...all("7"), "a.PS1": "1" });
    t.setNow("2026-09-14T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toEqual([waveId]);
    token = (await createApiToken(t.app, await userOf(t.app, org.people.admin!), "BI")).token;
  });

  const record = (path: string, body: unknown) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    outputs.push({ path, body: text });
    return text;
  };

  it("team page loader: B and A hidden, the region shown", async () => {
    const fresh = async (key: string) => sessionCookieFor(t.app, { id: org.people[key]!.id, organisationId: org.id });
    const b = await callRoute(teamLoader as never, { app: t.app, path: `/teams/${org.teams.b}`, params: { teamId: org.teams.b! }, cookie: await fresh("admin") });
    const results = (
      b.data as {
        results: {
          dimensions: Array<{ score: { n: number | null; mean: number | null; hidden: string | null } }>;
          responses: { n: number | null };
          enps: { value: number | null };
        };
      }
    ).results;
    record("team B page", b.data);
    expect({ ...results.dimensions[0]!.score, hidden: sayInEnglish(results.dimensions[0]!.score.hidden!) }).toMatchObject({
      n: null,
      mean: null,
      hidden: "fewer answers than the minimum reporting group",
    });
    expect(results.responses.n).toBeNull();
    expect(results.enps.value).toBeNull();
    const a = await callRoute(teamLoader as never, { app: t.app, path: `/teams/${org.teams.a}`, params: { teamId: org.teams.a! }, cookie: await fresh("admin") });
    record("team A page", a.data);
    const aScore = (a.data as typeof b.data & { results: typeof results }).results.dimensions[0]!.score as { mean: number | null; hidden: string };
    expect({ ...aScore, hidden: sayInEnglish(aScore.hidden) }).toMatchObject({
      mean: null,
      hidden: "hidden so that a smaller group cannot be worked out by subtraction",
    });
    const region = await callRoute(teamLoader as never, { app: t.app, path: `/teams/${org.teams.region}`, params: { teamId: org.teams.region! }, cookie: await fresh("admin") });
    record("region page", region.data);
    expect((region.data as { results: typeof results }).results.dimensions[0]!.score.n).toBe(8);
  });

  it("heatmap loader: every cell of A and B hidden", async () => {
    const cookie = await sessionCookieFor(t.app, { id: org.people.enablement!.id, organisationId: org.id });
    const result = await callRoute(heatmapLoader as never, { app: t.app, path: "/results", cookie });
    record("heatmap", result.data);
    const rows = (result.data as { heatmap: { rows: Array<{ id: string; cells: Record<string, { score: { mean: number | null; n: number | null } }> }> } }).heatmap.rows;
    for (const team of [org.teams.a!, org.teams.b!]) {
      const row = rows.find((r) => r.id === team)!;
      for (const cell of Object.values(row.cells)) expect(cell.score).toMatchObject({ mean: null, n: null });
    }
    expect(Object.values(rows.find((r) => r.id === org.teams.region)!.cells)[0]!.score.n).toBe(8);
  });

  it("gap loader and gap rows: A's gap is hidden, since its team mean would give B away", async () => {
    const cookie = await sessionCookieFor(t.app, { id: org.people.managerA!.id, organisationId: org.id });
    const result = await callRoute(gapLoader as never, { app: t.app, path: `/teams/${org.teams.a}/gap`, params: { teamId: org.teams.a! }, cookie });
    record("gap A", result.data);
    expect(JSON.stringify(result.data)).toContain('"status":"hidden"');
    expect(await listGapRows(t.app, org.id)).toEqual([]);
  });

  it("gap loader, every team: the team side is only ever the engine's shown cells (the numbers the heatmap shows)", async () => {
    const cookie = await sessionCookieFor(t.app, { id: org.people.enablement!.id, organisationId: org.id });
    const cells = await readGroupResults(t.app.db, { waveIds: [wave] });
    const items = await t.app.db.selectFrom("item").select(["id", "code"]).where("organisationId", "=", org.id).execute();
    const itemId = new Map(items.map((i) => [i.code, i.id]));
    let rows = 0;
    for (const team of Object.values(org.teams)) {
      const result = await callRoute(gapLoader as never, { app: t.app, path: `/teams/${team}/gap`, params: { teamId: team }, cookie });
      record(`gap ${team}`, result.data);
      const gap = (
        result.data as {
          gap: { status: string; dimensions?: Array<{ key: string; n: number; teamMean: number }>; items?: Array<{ key: string; n: number; teamMean: number }> } | null;
        }
      ).gap;
      const engine = (kind: string, key: string) => cells.find((c) => c.kind === kind && c.key === key && c.groupId === team);
      if (!engine("responses", "")?.shown) expect(gap?.status ?? "hidden", team).toBe("hidden");
      for (const row of gap?.dimensions ?? []) {
        expect(engine("dimension", row.key), `${team} ${row.key}`).toMatchObject({ shown: true, n: row.n, mean: row.teamMean });
        rows++;
      }
      for (const row of gap?.items ?? []) {
        expect(engine("item", itemId.get(row.key)!), `${team} ${row.key}`).toMatchObject({ shown: true, n: row.n, mean: row.teamMean });
        rows++;
      }
    }
    // The region's gap (8 answers) is the one shown: its dimension and its seven items.
    expect(rows).toBe(8);
  });

  it("rep home: a rep of B sees no numbers of B", async () => {
    const mine = await getMyTeamResults(t.app, await userOf(t.app, org.people.repB!));
    record("rep B home", mine);
    expect(mine!.dimensions.every((d) => d.score.mean === null)).toBe(true);
    expect(mine!.comments.list).toEqual([]);
  });

  it("export (JSON and CSV zip): suppressed rows carry no numbers", async () => {
    const report = await buildResultsReport(t.app, org.id, parseReportOptions({}));
    record("export json", report);
    const rowsOf = (team: string) => report.teamScores.filter((r) => r.teamId === team);
    for (const team of [org.teams.a!, org.teams.b!]) {
      expect(rowsOf(team).length).toBeGreaterThan(0);
      for (const row of rowsOf(team)) expect(row).toMatchObject({ suppressed: true, n: null, mean: null, sd: null, ciLow: null, ciHigh: null, alpha: null, rwgJ: null });
      for (const row of report.enps.filter((r) => r.teamId === team)) expect(row).toMatchObject({ suppressed: true, n: null, enps: null });
    }
    expect(rowsOf(org.teams.region!).every((r) => !r.suppressed && r.n === 8)).toBe(true);
    // One wave in the period: the period's α and rwg(j), pooled from the aggregates, are the wave's own.
    const [cell] = await readGroupResults(t.app.db, { waveIds: [wave], groupIds: [org.teams.region!], kinds: ["dimension"] });
    const regionRow = rowsOf(org.teams.region!)[0]!;
    expect(cell!.alpha).not.toBeNull();
    expect(regionRow.alpha).toBeCloseTo(cell!.alpha!, 10);
    expect(regionRow.rwgJ).toBeCloseTo(cell!.rwgJ!, 10);
    const files = unzipSync(reportToZip(report));
    const csv = strFromU8(files["teamScores.csv"]!);
    record("export csv", csv);
    const bLines = csv.split("\r\n").filter((l) => l.includes(org.teams.b!));
    expect(bLines.length).toBeGreaterThan(0);
    for (const line of bLines) expect(line).toMatch(/,,,,,,,,true$/);
  });

  it("API: token required (401), scoped to its organisation, 404 for unknown resources, 400 for bad options, suppressed rows", async () => {
    const call = (path: string, headers: Record<string, string> = {}) =>
      callRoute(apiLoader as never, { app: t.app, path, params: { resource: path.split("/")[3]!.split("?")[0]! }, headers });
    const bearer = { Authorization: `Bearer ${token}` };
    const none = await call("/api/v1/team-scores");
    expect(none.status).toBe(401);
    expect(JSON.parse(none.data as string)).toMatchObject({ error: { status: 401 } });
    expect(none.headers.get("WWW-Authenticate")).toContain("Bearer");
    // A wrong last character (one that differs: a token ending in "x" made this flaky).
    expect((await call("/api/v1/team-scores", { Authorization: `Bearer ${token.slice(0, -1)}${token.endsWith("x") ? "y" : "x"}` })).status).toBe(401);
    expect((await call("/api/v1/team-scores", { Authorization: "Bearer candor_nonsense" })).status).toBe(401);
    const missing = await call("/api/v1/people", bearer);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.data as string).error.message).toMatch(/no resource "people"/);
    const bad = await call("/api/v1/correlations?lags=9", bearer);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.data as string)).toMatchObject({ error: { status: 400, fields: { lags: "lags must be whole numbers from 0 to 3" } } });

    const scores = await call("/api/v1/team-scores?period=month", bearer);
    expect(scores.status).toBe(200);
    const body = record("api team-scores", scores.data) as string;
    const data = JSON.parse(body) as { data: Array<{ teamId: string; suppressed: boolean; mean: number | null }>; options: { period: string } };
    expect(data.options.period).toBe("month");
    expect(data.data.filter((r) => r.teamId === org.teams.b).every((r) => r.suppressed && r.mean === null)).toBe(true);
    record("api report", (await call("/api/v1/report", bearer)).data);

    // Another organisation's token sees only its own organisation.
    const otherToken = (await createApiToken(t.app, await userOf(t.app, other.people.admin!), "Other BI")).token;
    const theirs = JSON.parse((await call("/api/v1/team-scores", { Authorization: `Bearer ${otherToken}` })).data as string) as {
      organisation: string;
      data: Array<{ teamId: string }>;
    };
    expect(theirs.organisation).toBe(`Org ${other.slug}`);
    expect(theirs.data.some((r) => Object.values(org.teams).includes(r.teamId))).toBe(false);
    const elsewhere = await call(`/api/v1/team-scores?organisation=${org.slug}`, { Authorization: `Bearer ${otherToken}` });
    expect(elsewhere.status).toBe(403);
    expect(JSON.parse(elsewhere.data as string)).toMatchObject({ error: { status: 403, message: "This API token reads only the organisation it was created for." } });
    expect((await call(`/api/v1/team-scores?organisation=${other.slug}`, { Authorization: `Bearer ${otherToken}` })).status).toBe(200);
    // A revoked token stops at once; an admin of another organisation cannot revoke it.
    const admin = await userOf(t.app, org.people.admin!);
    const revocable = await createApiToken(t.app, admin, "temporary");
    const otherAdmin = await userOf(t.app, other.people.admin!);
    expect(await statusOfCall(() => revokeApiToken(t.app, otherAdmin, revocable.id))).toBe(404);
    await revokeApiToken(t.app, admin, revocable.id);
    const revoked = await call("/api/v1/team-scores", { Authorization: `Bearer ${revocable.token}` });
    expect(revoked.status).toBe(401);
    expect(JSON.parse(revoked.data as string).error.message).toMatch(/revoked/);
  });

  it("API: rate-limited per token with 429 and Retry-After", async () => {
    const limited = (await createApiToken(t.app, await userOf(t.app, org.people.admin!), "busy")).token;
    const statuses: number[] = [];
    let last;
    for (let i = 0; i <= API_RATE_LIMIT; i++) {
      last = await callRoute(apiLoader as never, { app: t.app, path: "/api/v1/nothing", params: { resource: "nothing" }, headers: { Authorization: `Bearer ${limited}` } });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, API_RATE_LIMIT).every((s) => s === 404)).toBe(true);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("coaching views (recommendations, training impact, action plan roll-up) take nothing from hidden groups", async () => {
    const admin = await userOf(t.app, org.people.admin!);
    const forB = await getTeamRecommendations(t.app, admin, org.teams.b!);
    record("recommendations B", forB);
    expect(JSON.stringify(forB)).not.toMatch(/Psychological safety[^"]*\d\.\d/);
    record("org recommendations", await getOrgRecommendations(t.app, admin));
    const enablement = await userOf(t.app, org.people.enablement!);
    const { id } = await createCohort(t.app, enablement, {
      name: "Safety basics",
      heldOn: "2026-08-20",
      managerIds: [org.people.managerB!.id],
      dimensionKeys: ["psychological_safety"],
    });
    const impact = await getCohortImpact(t.app, enablement, id);
    record("training impact", impact);
    // Team B is hidden in the one wave after the training: it never counts as a trained team with results.
    expect(impact.outcomes[0]!.result).toMatchObject({ treatedTeams: 0, treatedAfter: null, verdict: "too-little-data" });
    record("action plan roll-up", await getActionPlanRollup(t.app, enablement));
  });

  it("comment themes (team pages with and without a theme filter, the organisation's page): no counts and no comments of A or B", async () => {
    const cookie = await sessionCookieFor(t.app, { id: org.people.enablement!.id, organisationId: org.id });
    type Themes = { waves: Array<{ counts: { comments: number } | null; hidden: string | null }>; comments: Array<{ text: string }> };
    for (const [name, team] of Object.entries(org.teams)) {
      for (const query of ["", "?theme=workload-quota", "?theme=forecasting"]) {
        const result = await callRoute(teamThemesLoader as never, { app: t.app, path: `/teams/${team}/themes${query}`, params: { teamId: team }, cookie });
        const data = result.data as Themes;
        record(name === "region" ? `region themes${query}` : `themes ${name}${query}`, data);
        if (name === "a" || name === "b") {
          expect(data.waves[0]!.counts, `${name}${query}`).toBeNull();
          expect(data.comments, `${name}${query}`).toEqual([]);
        }
      }
    }
    const region = await callRoute(teamThemesLoader as never, { app: t.app, path: `/teams/${org.teams.region}/themes`, params: { teamId: org.teams.region! }, cookie });
    expect((region.data as Themes).waves[0]!.counts!.comments).toBe(8);
    const overview = await callRoute(orgThemesLoader as never, { app: t.app, path: "/results/themes", cookie });
    record("org themes", overview.data);
    const rows = (overview.data as { rows: Array<{ id: string; counts: { comments: number } | null }> }).rows;
    for (const team of [org.teams.a!, org.teams.b!]) expect(rows.find((r) => r.id === team)!.counts).toBeNull();
    expect(rows.find((r) => r.id === org.teams.region)!.counts!.comments).toBe(8);
  });

  it("program page: an open wave's count shows only answers before today, in steps of the minimum group", async () => {
    // The next wave, opened by hand two weeks on (sessions of this file last until October).
    t.setNow("2026-09-15T09:00:00Z");
    const next = (await openWave(t.app, { id: programId, organisationId: org.id }, { periodStart: "2026-09-15", closesOn: closingDate("2026-09-15", 7) }, { notify: false }))!
      .waveId;
    const audience = await t.app.db.selectFrom("waveAudience").select(["personId", "teamId"]).where("waveId", "=", next).execute();
    const cookie = await sessionCookieFor(t.app, { id: org.people.enablement!.id, organisationId: org.id });
    const shown = async () => {
      const detail = await callRoute(programLoader as never, { app: t.app, path: `/programs/${programId}`, params: { programId }, cookie });
      record(`program page ${t.app.now().toISOString()}`, detail.data);
      return (detail.data as { waves: Array<{ id: string; answered: number | null; answeredAtLeast: number | null; responseRate: number | null }> }).waves.find(
        (w) => w.id === next,
      )!;
    };
    const reps = audience.filter((a) => a.teamId === org.teams.a || a.teamId === org.teams.b).map((a) => a.personId);
    for (const [i, person] of reps.slice(0, 8).entries()) {
      expect(await answer(t.app, next, person, all(String(1 + (i % 7))))).toMatchObject({ status: "saved" });
      expect(await shown(), `after answer ${i + 1}`).toMatchObject({ answered: null, answeredAtLeast: null, responseRate: null });
    }
    t.setNow("2026-09-16T09:00:00Z");
    expect(await shown()).toMatchObject({ answered: null, answeredAtLeast: 5, responseRate: null });
    expect(await answer(t.app, next, reps[8]!, all("4"))).toMatchObject({ status: "saved" });
    expect(await shown()).toMatchObject({ answered: null, answeredAtLeast: 5, responseRate: null });
  });

  it("the canary never appears in any output", () => {
    expect(outputs.length).toBeGreaterThanOrEqual(28);
    // Region (8 answers) passes the comment minimum, so B's comment may be among the region's comments —
    // pooled with A's, unattributed (on its team page and its theme page). Nowhere else: not on B's page, A's
    // page, their theme pages, the rep's home, exports or the API.
    for (const { path, body } of outputs.filter((o) => o.path !== "region page" && !o.path.startsWith("region themes"))) expect(body, path).not.toContain(CANARY);
  });
});
