import type { Kysely } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import { action as itemsAction } from "../../app/routes/items";
import { loader as programLoader } from "../../app/routes/programs.$programId";
import { loader as heatmapLoader } from "../../app/routes/results._index";
import { loader as teamLoader } from "../../app/routes/teams.$teamId";
import { loader as gapLoader } from "../../app/routes/teams.$teamId_.gap";
import { createOrganisation, updateSettings } from "../../app/services/organisations.server";
import { createProgram } from "../../app/services/programs.server";
import { buildResultsReport, parseReportOptions } from "../../app/services/results-report.server";
import { applyRoster } from "../../app/services/roster.server";
import { closingDate, openWave, runScheduledWork } from "../../app/services/waves.server";
import { findPersonByEmail } from "../../db/queries/people";
import { findTeamByName } from "../../db/queries/teams";
import * as reliabilityMigration from "../../db/migrations/0039_reliability_below_complete_minimum";
import type { DB } from "../../db/schema";
import { sessionCookieFor } from "../factories/organisation";
import { answer, userOf } from "../factories/pulse";
import { startHttpLayer } from "../support/http-layer";
import { sourceBuild } from "../support/page-server";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Issue 19, part 4: three output paths that leaked what the results engine would have hidden.
//
//   APAC (no reps of its own)
//   ├─ ANZ             5 reps: every Collaboration item; psychological safety complete for two of them
//   ├─ Japan           5 reps: every item
//   └─ Southeast Asia  5 reps: sea1, the target, answers every item; sea2–sea5 answer only the custom
//                      item C1 (added to Collaboration under /items, so it has no manager version) and
//                      CO1, CO2 — three of Collaboration's six items, so the engine gives each of them
//                      a Collaboration score; over the five mirrored items they have only two of five.
//
// 1. The gap view recomputed team means over the mirrored items, so its Collaboration row for APAC
//    counted ANZ's 5, Japan's 5 and the target alone: n = 11, mean 4.8, next to ANZ (5, 4.96) and
//    Japan (5, 4.92), Southeast Asia's row missing. 11 × 4.8 − 5 × 4.96 − 5 × 4.92 = 3.4: the target's
//    Collaboration score.
// 2. ANZ answers psychological safety with only two complete answer sets: α and rwg(j) of that cell
//    described how those two people disagree.
// 3. An open wave's answered count on the program page moved with each submit.
//
// Before the fix every test here failed: the subtraction gave back 3.3999999999999915; ANZ's cell showed
// α = −7 and rwg(j) = 0.98; the program page read 7 the moment the seventh person answered.

const K = 5;
/** The target's Collaboration answers: scored 3, 4, 3, 4 and 8 − 5 = 3 (CO5 is reverse-keyed): 3.4. */
const TARGET = { "a.CO1": "3", "a.CO2": "4", "a.CO3": "3", "a.CO4": "4", "a.CO5": "5", "a.C1": "4" };
const TARGET_SCORE = 3.4;
/** Collaboration answers scoring 5 on every mirrored item, or 4 on CO4 (scale score 4.8). */
const fives = { "a.CO1": "5", "a.CO2": "5", "a.CO3": "5", "a.CO4": "5", "a.CO5": "3", "a.C1": "6" };
const lower = { ...fives, "a.CO4": "4" };
const PS = ["PS1", "PS2", "PS3", "PS4", "PS5", "PS6", "PS7"];

type TeamKey = "apac" | "anz" | "japan" | "sea";
type GapRowData = { key: string; n: number; teamMean: number };
type GapData = { wave: { id: string } | null; gap: { status: "hidden"; reason: string } | { status: "shown"; n: number; dimensions: GapRowData[]; items: GapRowData[] } | null };

describeWithDb("anonymity leaks in output paths: the gap view, α and rwg(j) of small complete groups, an open wave's count", (t) => {
  let orgId: string;
  const team = {} as Record<TeamKey, string>;
  const people: Record<string, string> = {};
  let enablement: { id: string; organisationId: string };
  let programId: string;
  let firstWave: string;

  const cookie = () => sessionCookieFor(t.app, enablement);

  beforeAll(async () => {
    t.setNow("2026-09-01T09:00:00Z");
    const org = await createOrganisation(t.app, { slug: `leaks-${process.pid}-${t.kind}`, name: "Leak Org" });
    orgId = org.id;
    const d = "leaks.example";
    const lines = ["email,name,role,team,manager_email", `admin@${d},Ada Admin,admin,,`, `enable@${d},Eno Enablement,enablement,,`, `director@${d},Dir Director,manager,,`];
    const teams: Array<[Exclude<TeamKey, "apac">, string]> = [
      ["anz", "APAC > ANZ"],
      ["japan", "APAC > Japan"],
      ["sea", "APAC > Southeast Asia"],
    ];
    for (const [k] of teams) lines.push(`manager-${k}@${d},Manager ${k},manager,APAC,director@${d}`);
    for (const [k, path] of teams) for (let i = 1; i <= 5; i++) lines.push(`${k}${i}@${d},Rep ${k}${i},rep,${path},manager-${k}@${d}`);
    const outcome = await applyRoster(t.app, org.id, lines.join("\n"), { deactivateMissing: false });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    for (const [k, name] of Object.entries({ apac: "APAC", anz: "ANZ", japan: "Japan", sea: "Southeast Asia" }))
      team[k as TeamKey] = (await findTeamByName(t.app.db, org.id, name))!.id;
    for (const line of lines.slice(1)) {
      const email = line.split(",")[0]!;
      people[email.split("@")[0]!] = (await findPersonByEmail(t.app.db, org.id, email))!.id;
    }
    enablement = { id: people.enable!, organisationId: org.id };
    const admin: SessionUser = await userOf(t.app, { cookie: await sessionCookieFor(t.app, { id: people.admin!, organisationId: org.id }) });
    // The organisation's day starts in Auckland (UTC+12 in September, +13 from 27 September).
    await updateSettings(t.app, admin, { name: "Leak Org", minGroupSize: K, minCommentGroupSize: K, fiscalYearStartMonth: 1, timezone: "Pacific/Auckland" });

    // Enablement adds a custom Collaboration item under /items: it gets no manager version.
    const added = await callRoute(itemsAction as never, {
      app: t.app,
      path: "/items",
      method: "POST",
      cookie: await cookie(),
      form: { intent: "add", text: "I know which accounts my teammates are working this week.", dimensionKey: "collaboration", newDimensionName: "" },
    });
    expect(added.data).toMatchObject({ done: "Item C1 added." });

    const user = await userOf(t.app, { cookie: await cookie() });
    const program = await createProgram(t.app, user, {
      name: "APAC pulse",
      dimensionKeys: ["collaboration", "psychological_safety"],
      itemCodes: [],
      teamIds: [team.apac],
      includeSubteams: true,
      cadence: "monthly",
      startsOn: "2026-10-01",
      openDays: 7,
      reminderDays: [],
    });
    programId = program.id;
    firstWave = (await openWave(t.app, { id: programId, organisationId: orgId }, { periodStart: "2026-09-01", closesOn: closingDate("2026-09-01", 7) }, { notify: false }))!.waveId;

    const answerAs = async (person: string, fields: Record<string, string>) =>
      expect(await answer(t.app, firstWave, people[person]!, fields), person).toMatchObject({ status: "saved" });
    const ps = (value: number, skip: string | null = null) => Object.fromEntries(PS.filter((c) => c !== skip).map((c) => [`a.${c}`, String(value)]));
    t.setNow("2026-09-02T01:00:00Z");
    // ANZ: 5, 5, 5, 5, 4.8 (mean 4.96); psychological safety complete only for anz1 and anz2.
    for (let i = 1; i <= 5; i++) await answerAs(`anz${i}`, { ...(i === 5 ? lower : fives), ...ps(3 + (i % 3), i <= 2 ? null : "PS7") });
    // Japan: 5, 5, 5, 4.8, 4.8 (mean 4.92); psychological safety complete for all five.
    for (let i = 1; i <= 5; i++) await answerAs(`japan${i}`, { ...(i >= 4 ? lower : fives), ...ps(2 + (i % 4)) });
    await answerAs("sea1", TARGET);
    for (let i = 2; i <= 5; i++) await answerAs(`sea${i}`, { "a.C1": String(2 + i), "a.CO1": "6", "a.CO2": String(i) });
    t.setNow("2026-09-08T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toEqual([firstWave]);
  }, 120_000);

  const gapOf = async (k: TeamKey): Promise<GapData> => {
    const result = await callRoute(gapLoader as never, { app: t.app, path: `/teams/${team[k]}/gap`, params: { teamId: team[k] }, cookie: await cookie() });
    expect(result.status, k).toBe(200);
    const view = result.data as GapData;
    expect(view.wave?.id).toBe(firstWave);
    return view;
  };

  it("gap view: APAC minus its shown teams never isolates the target's Collaboration score (enablement, over the gap page)", async () => {
    const views = { apac: await gapOf("apac"), anz: await gapOf("anz"), japan: await gapOf("japan"), sea: await gapOf("sea") };
    const rowsOf = (k: TeamKey, kind: "dimensions" | "items") => {
      const gap = views[k].gap;
      return gap?.status === "shown" ? gap[kind] : [];
    };
    expect(views.apac.gap?.status).toBe("shown");
    const keys = (kind: "dimensions" | "items") => [...new Set(rowsOf("apac", kind).map((r) => r.key))];
    expect(keys("dimensions")).toContain("collaboration");
    const attempts: string[] = [];
    for (const kind of ["dimensions", "items"] as const) {
      for (const key of keys(kind)) {
        const parent = rowsOf("apac", kind).find((r) => r.key === key)!;
        const children = (["anz", "japan", "sea"] as const).map((k) => rowsOf(k, kind).find((r) => r.key === key)).filter((r): r is GapRowData => r !== undefined);
        // The attacker's arithmetic: what the shown teams leave of APAC.
        const rest = parent.n - children.reduce((s, r) => s + r.n, 0);
        const recovered = rest > 0 ? (parent.n * parent.teamMean - children.reduce((s, r) => s + r.n * r.teamMean, 0)) / rest : null;
        attempts.push(`${key}: ${rest} answer(s) left${recovered === null ? "" : `, mean ${recovered.toFixed(4)}`}`);
        expect(rest === 0 || rest >= K, `APAC − shown teams on ${key} = ${rest} answer(s), mean ${recovered} (the target's Collaboration score is ${TARGET_SCORE})`).toBe(true);
        if (recovered !== null) expect(Math.abs(recovered - TARGET_SCORE), key).toBeGreaterThan(1e-9);
      }
    }
    expect(attempts.length).toBeGreaterThan(1);
  });

  it("gap view over HTTP: the four gap pages as enablement's browser gets them leave no single answer of APAC's to subtract", async () => {
    // The attack as it was made: the pages through Candor's own HTTP server (security headers, Remix,
    // the rendered tables), the arithmetic on the numbers printed in them (two decimals).
    const appUrl = t.app.config.appUrl;
    const { base, close } = await startHttpLayer(t.app, { build: await sourceBuild() });
    try {
      const rowsOf = async (k: TeamKey) => {
        const response = await fetch(`${base}/teams/${team[k]}/gap`, { headers: { Cookie: await cookie() } });
        expect(response.status, k).toBe(200);
        const html = await response.text();
        const rows = new Map<string, { n: number; mean: number }>();
        for (const [, tr] of html.matchAll(/<tr>(.*?)<\/tr>/gs)) {
          const label = /<th scope="row">(.*?)<\/th>/s
            .exec(tr!)?.[1]
            ?.replace(/<br\/>.*$/s, "")
            .replace(/<[^>]+>/g, "");
          const cell = /<td class="num">([-−\d.]+) \([^)]*\), n = (\d+)<\/td>/.exec(tr!);
          if (label && cell) rows.set(label, { mean: Number(cell[1]!.replace("−", "-")), n: Number(cell[2]) });
        }
        return rows;
      };
      const pages = { apac: await rowsOf("apac"), anz: await rowsOf("anz"), japan: await rowsOf("japan"), sea: await rowsOf("sea") };
      // The page shows what the engine shows: APAC's Collaboration row, and its teams' beside it.
      expect(pages.apac.get("Collaboration")?.n).toBe(15);
      expect(pages.sea.get("Collaboration")?.n).toBe(5);
      const attempts: string[] = [];
      for (const [label, parent] of pages.apac) {
        const children = (["anz", "japan", "sea"] as const).map((k) => pages[k].get(label)).filter((r) => r !== undefined);
        const rest = parent.n - children.reduce((sum, r) => sum + r.n, 0);
        const recovered = rest > 0 ? (parent.n * parent.mean - children.reduce((sum, r) => sum + r.n * r.mean, 0)) / rest : null;
        attempts.push(`${label}: ${rest} answer(s) left${recovered === null ? "" : `, mean ≈ ${recovered.toFixed(2)}`}`);
        expect(rest === 0 || rest >= K, `APAC − shown teams on "${label}" = ${rest} answer(s), mean ≈ ${recovered} (the target's Collaboration score is ${TARGET_SCORE})`).toBe(
          true,
        );
      }
      expect(attempts.length, attempts.join("; ")).toBeGreaterThan(5);
    } finally {
      await close();
      t.app.config.appUrl = appUrl;
    }
  });

  it("gap view: every team mean is the engine's shown cell, the one the team page and heatmap show", async () => {
    const heatmap = await callRoute(heatmapLoader as never, { app: t.app, path: `/results?wave=${firstWave}`, cookie: await cookie() });
    const rows = (heatmap.data as { heatmap: { rows: Array<{ id: string; cells: Record<string, { score: { n: number | null; mean: number | null } }> }> } }).heatmap.rows;
    for (const k of ["apac", "anz", "japan", "sea"] as const) {
      const gap = (await gapOf(k)).gap;
      if (gap?.status !== "shown") continue;
      const cells = rows.find((r) => r.id === team[k])!.cells;
      for (const row of gap.dimensions) {
        expect({ n: row.n, mean: row.teamMean }, `${k} ${row.key}`).toEqual({ n: cells[row.key]!.score.n, mean: cells[row.key]!.score.mean });
      }
    }
    const sea = (await gapOf("sea")).gap;
    // Southeast Asia's five answered Collaboration (three items or more of six): the engine shows them.
    expect(sea?.status === "shown" && sea.dimensions.find((r) => r.key === "collaboration")?.n).toBe(5);
  });

  it("α and rwg(j): hidden where fewer than the minimum answered every item of the scale (team page, export)", async () => {
    const page = async (k: TeamKey) => {
      const result = await callRoute(teamLoader as never, { app: t.app, path: `/teams/${team[k]}`, params: { teamId: team[k] }, cookie: await cookie() });
      const dims = (result.data as { results: { dimensions: Array<{ key: string; score: { n: number | null; alpha: number | null; rwgJ: number | null } }> } }).results.dimensions;
      return dims.find((x) => x.key === "psychological_safety")!.score;
    };
    // ANZ: five answers, two of them complete. Japan: five complete. APAC: seven complete.
    expect(await page("anz")).toMatchObject({ n: 5, alpha: null, rwgJ: null });
    const japan = await page("japan");
    expect(japan.n).toBe(5);
    expect(japan.alpha).not.toBeNull();
    expect(japan.rwgJ).not.toBeNull();
    expect((await page("apac")).alpha).not.toBeNull();
    const report = await buildResultsReport(t.app, orgId, parseReportOptions({ period: "month" }));
    const row = (k: TeamKey) => report.teamScores.find((r) => r.teamId === team[k] && r.dimension === "psychological_safety")!;
    expect(row("anz")).toMatchObject({ suppressed: false, n: 5, alpha: null, rwgJ: null });
    expect(row("japan").alpha).not.toBeNull();
  });

  it("α and rwg(j) stored by a wave closed before that rule: migration 0039 clears exactly the cells the engine hides", async () => {
    const db = t.app.db as unknown as Kysely<DB>;
    const cells = () =>
      db
        .selectFrom("waveGroupResult")
        .select(["groupId", "key", "shown", "alpha", "rwgJ"])
        .where("waveId", "=", firstWave)
        .where("kind", "=", "dimension")
        .orderBy("groupId")
        .orderBy("key")
        .execute();
    const engine = await cells();
    const hiddenByRule = engine.filter((c) => c.shown && c.alpha === null).map((c) => `${c.groupId} ${c.key}`);
    expect(hiddenByRule).toContain(`${team.anz} psychological_safety`);
    expect(hiddenByRule).toContain(`${team.sea} collaboration`);
    // What the materialization wrote before the rule: every shown cell of a scale with α and rwg(j).
    await db.updateTable("waveGroupResult").set({ alpha: 0.5, rwgJ: 0.9 }).where("waveId", "=", firstWave).where("kind", "=", "dimension").where("shown", "=", true).execute();
    const anz = async () => {
      const result = await callRoute(teamLoader as never, { app: t.app, path: `/teams/${team.anz}`, params: { teamId: team.anz }, cookie: await cookie() });
      const dims = (result.data as { results: { dimensions: Array<{ key: string; score: { alpha: number | null; rwgJ: number | null } }> } }).results.dimensions;
      return dims.find((x) => x.key === "psychological_safety")!.score;
    };
    // The leak on such a database, before the migration: ANZ's two complete answer sets described.
    expect(await anz()).toMatchObject({ alpha: 0.5, rwgJ: 0.9 });
    await reliabilityMigration.up(db as unknown as Parameters<typeof reliabilityMigration.up>[0]);
    const after = await cells();
    expect(after.filter((c) => c.shown && c.alpha === null).map((c) => `${c.groupId} ${c.key}`)).toEqual(hiddenByRule);
    expect(after.filter((c) => c.shown && c.rwgJ === null).map((c) => `${c.groupId} ${c.key}`)).toEqual(hiddenByRule);
    // Cells the rule allows keep what was stored; hidden cells stay empty.
    expect(after.filter((c) => c.shown && c.alpha !== null).every((c) => c.alpha === 0.5 && c.rwgJ === 0.9)).toBe(true);
    expect(after.filter((c) => c.shown && c.alpha !== null).length).toBeGreaterThan(0);
    expect(after.filter((c) => !c.shown).every((c) => c.alpha === null && c.rwgJ === null)).toBe(true);
    expect(await anz()).toMatchObject({ alpha: null, rwgJ: null });
    // Back to what the engine computed, for the tests after this one.
    for (const c of engine) {
      await db
        .updateTable("waveGroupResult")
        .set({ alpha: c.alpha, rwgJ: c.rwgJ })
        .where("waveId", "=", firstWave)
        .where("kind", "=", "dimension")
        .where("groupId", "=", c.groupId)
        .where("key", "=", c.key)
        .execute();
    }
  });

  it("open wave: the program page counts answers up to the start of today, in steps of the minimum group", async () => {
    t.setNow("2026-10-01T09:00:00Z");
    const wave = (await openWave(t.app, { id: programId, organisationId: orgId }, { periodStart: "2026-10-01", closesOn: closingDate("2026-10-01", 7) }, { notify: false }))!
      .waveId;
    const shown = async () => {
      const detail = await callRoute(programLoader as never, { app: t.app, path: `/programs/${programId}`, params: { programId }, cookie: await cookie() });
      const w = (detail.data as { waves: Array<Record<string, unknown> & { id: string }> }).waves.find((x) => x.id === wave)!;
      return { answered: w.answered ?? null, answeredAtLeast: w.answeredAtLeast ?? null, responseRate: w.responseRate ?? null };
    };
    const answerAs = async (person: string) => expect(await answer(t.app, wave, people[person]!, fives), person).toMatchObject({ status: "saved" });
    // 2 October in Auckland (13:00 UTC on 1 October is 02:00 on the 2nd there): seven answer.
    t.setNow("2026-10-01T13:00:00Z");
    for (const p of ["anz1", "anz2", "anz3", "anz4", "anz5", "japan1", "japan2"]) await answerAs(p);
    // Nothing answered before today: nothing to show, however many answered today.
    expect(await shown()).toEqual({ answered: null, answeredAtLeast: null, responseRate: null });
    // The next morning in Auckland (still 2 October in UTC): seven answered before today, shown as 5.
    t.setNow("2026-10-02T19:00:00Z");
    expect(await shown()).toEqual({ answered: null, answeredAtLeast: 5, responseRate: null });
    // One more answer today changes nothing, nor do two more.
    await answerAs("japan3");
    expect(await shown()).toEqual({ answered: null, answeredAtLeast: 5, responseRate: null });
    await answerAs("japan4");
    await answerAs("japan5");
    expect(await shown()).toEqual({ answered: null, answeredAtLeast: 5, responseRate: null });
    // The day after: ten answered before it.
    t.setNow("2026-10-03T19:00:00Z");
    expect(await shown()).toEqual({ answered: null, answeredAtLeast: 10, responseRate: null });
    // The closed wave keeps its exact count.
    const detail = await callRoute(programLoader as never, { app: t.app, path: `/programs/${programId}`, params: { programId }, cookie: await cookie() });
    expect((detail.data as { waves: Array<{ id: string; answered: number | null }> }).waves.find((x) => x.id === firstWave)!.answered).toBe(15);
  });
});
