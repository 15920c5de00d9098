import { beforeAll, expect, it } from "vitest";
import Drivers, { loader as driversLoader } from "../../app/routes/results.drivers";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { driverAnalysis, driverMinimumRows, type DriverRow } from "../../app/domain/drivers";
import { scaleScore, scoreItem } from "../../app/domain/scoring";
import { mulberry32 } from "../../app/domain/statistics";
import { getDrivers, parseDriversQuery, type DriverSection } from "../../app/services/drivers.server";
import { importHistory } from "../../app/services/history-import.server";
import { applyRoster } from "../../app/services/roster.server";
import { readGroupResults } from "../../db/queries/results";
import { findTeamByName } from "../../db/queries/teams";
import { importCrmText, SALESFORCE_DEALS_HEADER } from "../factories/crm";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { userOf } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { renderPage as render } from "../support/render-page";
import { describeWithDb } from "../support/test-db";

// Ten teams (T01–T10) of 9 people answer four monthly pulses (imported history: PS1–PS7 and eNPS), one of
// each team skipping PS3 in every wave; Team B (2 answers a wave, below the minimum group of 5) answers
// with a planted pattern — every item at its most positive, eNPS 0 — that would move every weight if it
// entered. Each team's rep closes 10 deals a month, won more often in months the team's safety is high.
const CODES = ["PS1", "PS2", "PS3", "PS4", "PS5", "PS6", "PS7"];
const PERIODS = ["2026-01-05", "2026-02-02", "2026-03-02", "2026-04-06"];
const TEAMS = Array.from({ length: 10 }, (_, i) => `T${String(i + 1).padStart(2, "0")}`);
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

interface Generated {
  team: string;
  period: string;
  /** Raw answers by code (null = skipped) and eNPS. */
  answers: Record<string, number | null>;
  enps: number;
}

describeWithDb("driver analysis through the real database", (t) => {
  let org: TestOrganisation;
  let other: TestOrganisation;
  const teamIds = new Map<string, string>();
  const reverse = new Map<string, boolean>();
  const texts = new Map<string, string>();
  const generated: Generated[] = [];
  const wins = new Map<string, { won: number; closed: number }>();

  beforeAll(async () => {
    t.setNow("2026-05-15T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 1 });
    other = await createTestOrganisation(t.app, { reps: 1 });
    const d = `${org.slug}.example`;
    const roster = ["email,name,role,team,manager_email"];
    for (const team of TEAMS) {
      roster.push(`mgr-${team.toLowerCase()}@${d},Manager ${team},manager,Region,director@${d}`);
      roster.push(`rep-${team.toLowerCase()}@${d},Rep ${team},rep,Region > ${team},mgr-${team.toLowerCase()}@${d}`);
    }
    const outcome = await applyRoster(t.app, org.id, roster.join("\n"), { deactivateMissing: false });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    for (const team of [...TEAMS, "Team B"]) teamIds.set(team, (await findTeamByName(t.app.db, org.id, team))!.id);
    for (const item of await t.app.db.selectFrom("item").select(["code", "reverseKeyed", "text"]).where("organisationId", "=", org.id).execute()) {
      reverse.set(item.code, item.reverseKeyed);
      texts.set(item.code, item.text);
    }

    const random = mulberry32(7);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const csv = [`team,period,${CODES.join(",")},ENPS`];
    const deals = [SALESFORCE_DEALS_HEADER];
    let dealId = 0;
    for (const [w, period] of PERIODS.entries()) {
      for (const [k, team] of TEAMS.entries()) {
        const climate = (k - 4.5) / 3 + normal() * 0.6; // the team's safety this month
        for (let i = 0; i < 9; i++) {
          const latent = climate + normal();
          const answers: Record<string, number | null> = {};
          for (const [j, code] of CODES.entries()) {
            const scored = clamp(4 + (0.5 + j * 0.15) * latent + normal(), 1, 7);
            answers[code] = i === 0 && code === "PS3" ? null : reverse.get(code) ? 8 - scored : scored;
          }
          const enps = clamp(5 + 1.5 * latent + normal() * 1.5, 0, 10);
          generated.push({ team, period, answers, enps });
          csv.push(`${team},${period},${CODES.map((c) => answers[c] ?? "").join(",")},${enps}`);
        }
        const month = Number(period.slice(5, 7));
        const won = clamp(5 + 2.5 * climate + normal(), 0, 10);
        wins.set(`${team}|${period.slice(0, 8)}01`, { won, closed: 10 });
        for (let n = 0; n < 10; n++) {
          dealId += 1;
          deals.push(
            `rep-${team.toLowerCase()}@${d},D${dealId},"$1,000.00",${month}/${10 + (n % 10)}/2026,${month}/1/2026,${n < won ? "Closed Won" : "Closed Lost"},1,${n < won ? 1 : 0},D${dealId}`,
          );
        }
      }
      for (let i = 0; i < 2; i++) {
        csv.push(`Team B,${period},${CODES.map((c) => (reverse.get(c) ? 1 : 7)).join(",")},0`);
      }
      void w;
    }
    expect(await importHistory(t.app, org.id, "pulses.csv", csv.join("\n"))).toMatchObject({ ok: true, waves: 4, responses: 4 * (90 + 2) });
    expect(await importCrmText(t.app, org.id, deals.join("\r\n"), { asOf: "2026-05-01" })).toMatchObject({
      status: "imported",
    });
  });

  const waves = () => t.app.db.selectFrom("wave").select(["id", "periodStart"]).where("organisationId", "=", org.id).orderBy("periodStart").execute();
  const enablement = () => userOf(t.app, org.people.enablement!);

  it("weighs the items on eNPS over the complete answers of shown teams only: Team B never enters", async () => {
    const latest = (await waves()).at(-1)!;
    const view = await getDrivers(t.app, await enablement(), parseDriversQuery(new URLSearchParams()));
    expect(view.selection.wave).toBe(latest.id);
    const cells = await readGroupResults(t.app.db, { waveIds: [latest.id], kinds: ["responses", "enps"] });
    const shown = (team: string) => ["responses", "enps"].every((kind) => cells.some((c) => c.kind === kind && c.groupId === teamIds.get(team) && c.shown));
    expect(shown("Team B")).toBe(false);
    const shownTeams = TEAMS.filter(shown);
    expect(shownTeams.length).toBeGreaterThanOrEqual(9);

    const rowsOf = (teams: readonly string[], withB: boolean): DriverRow[] => [
      ...generated
        .filter((g) => g.period === latest.periodStart && teams.includes(g.team))
        .map((g) => ({ cluster: g.team, criterion: g.enps, predictors: CODES.map((c) => (g.answers[c] === null ? null : scoreItem(g.answers[c]!, reverse.get(c)!))) })),
      ...(withB ? [0, 1].map(() => ({ cluster: "Team B", criterion: 0, predictors: CODES.map(() => 7) })) : []),
    ];
    const predictors = CODES.map((c) => ({ key: c, label: texts.get(c)! }));
    const expected = driverAnalysis({ rows: rowsOf(shownTeams, false), predictors, minRows: driverMinimumRows(7, 5), rowWords: "answers" });
    const section = view.enps as DriverSection;
    expect(section.analysis).toEqual(expected);
    if (!section.analysis.ok) throw new Error(section.analysis.reason);
    // Eight complete answers a team (one skipped PS3), from the shown teams alone.
    expect(section.analysis.n).toBe(8 * shownTeams.length);
    expect(section.analysis.teams).toBe(shownTeams.length);
    expect(section.analysis.weights).toHaveLength(7);
    expect(section.analysis.rSquared).toBeGreaterThan(0.3);
    expect(section.reading).toMatch(
      /^Of what these questions explain about eNPS together \(R² = 0\.\d\d, \d+ answers from \d+ teams\), ".+" carries the most: \d+% \(95% interval \d+% to \d+%\)\. .*not causes\.$/,
    );
    // Team B's planted answers, had they entered, would change the figures.
    const withB = driverAnalysis({ rows: rowsOf(shownTeams, true), predictors, minRows: 70, rowWords: "answers" });
    expect(withB.ok && withB.rSquared).not.toBe(section.analysis.rSquared);
  });

  it("weighs dimensions on eNPS too (one dimension: it carries everything)", async () => {
    const view = await getDrivers(t.app, await enablement(), parseDriversQuery(new URLSearchParams({ level: "dimensions" })));
    const section = view.enps as DriverSection;
    if (!section.analysis.ok) throw new Error(section.analysis.reason);
    expect(section.analysis.weights.map((w) => [w.label, w.share])).toEqual([["Psychological safety", 1]]);
    // Every answer of a shown team has a PS scale score (six of seven items is more than half).
    expect(section.analysis.n).toBe(9 * section.analysis.teams);
  });

  it("is reproducible: the same request gives identical figures, intervals included", async () => {
    const query = parseDriversQuery(new URLSearchParams({ period: "month" }));
    const one = await getDrivers(t.app, await enablement(), query);
    const two = await getDrivers(t.app, await enablement(), query);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    const top = (one.enps as DriverSection).analysis;
    if (!top.ok) throw new Error(top.reason);
    expect(top.bootstrap).toEqual({ replicates: 1000, used: 1000, seed: 20240 });
    expect(top.weights[0]!.shareLow).not.toBeNull();
  });

  it("weighs dimensions on a CRM metric per team and month, from shown team-periods with the metric", async () => {
    const view = await getDrivers(t.app, await enablement(), parseDriversQuery(new URLSearchParams({ metric: "winRate", lag: "0", period: "month" })));
    const section = view.outcome as DriverSection;
    if (!section.analysis.ok) throw new Error(section.analysis.reason);
    const all = await waves();
    const cells = await readGroupResults(t.app.db, { waveIds: all.map((w) => w.id), kinds: ["dimension"] });
    const rows: DriverRow[] = [];
    for (const team of [...TEAMS].sort((a, b) => teamIds.get(a)!.localeCompare(teamIds.get(b)!))) {
      for (const wave of all) {
        const cell = cells.find((c) => c.waveId === wave.id && c.groupId === teamIds.get(team));
        const scores = generated
          .filter((g) => g.team === team && g.period === wave.periodStart)
          .map(
            (g) =>
              scaleScore(
                CODES.map((c) => (g.answers[c] === null ? null : scoreItem(g.answers[c]!, reverse.get(c)!))),
                7,
              )!,
          );
        const month = `${wave.periodStart.slice(0, 8)}01`;
        const w = wins.get(`${team}|${month}`)!;
        rows.push({ cluster: team, criterion: w.won / w.closed, predictors: [cell?.shown ? scores.reduce((s, v) => s + v, 0) / scores.length : null] });
      }
    }
    const expected = driverAnalysis({ rows, predictors: [{ key: "psychological_safety", label: "Psychological safety" }], minRows: 30, rowWords: "team-periods" });
    if (!expected.ok) throw new Error(expected.reason);
    expect(section.analysis.n).toBe(expected.n);
    expect(section.analysis.teams).toBe(expected.teams);
    expect(section.analysis.n).toBeGreaterThanOrEqual(36);
    expect(section.analysis.rSquared).toBeCloseTo(expected.rSquared, 9);
    expect(section.analysis.rSquared).toBeGreaterThan(0.3);
    expect(section.reading).toMatch(/^"Psychological safety" explains \d+% of the differences in win rate \(R² = 0\.\d\d, \d+ team-periods from \d+ teams\)/);
    // Quarters: 10 teams × 2 quarter-periods is below 30 team-periods.
    const quarters = await getDrivers(t.app, await enablement(), parseDriversQuery(new URLSearchParams({ metric: "winRate", period: "quarter" })));
    expect((quarters.outcome as DriverSection).analysis).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Not enough team-periods to say: \d+ complete team-periods from \d+ teams; at least 30 from 8 teams are needed to weigh 1 dimension\.$/),
    });
  });

  it("the page: enablement sees it, a rep and a manager are refused, bad options get a clear 400", async () => {
    const ok = await callRoute(driversLoader as never, { app: t.app, path: "/results/drivers?period=month", cookie: org.people.enablement!.cookie });
    expect(ok.status).toBe(200);
    expect((ok.data as { view: { enps: DriverSection } }).view.enps.analysis.ok).toBe(true);
    for (const who of ["repA", "managerA"]) {
      const refused = await callRoute(driversLoader as never, { app: t.app, path: "/results/drivers", cookie: org.people[who]!.cookie });
      expect(refused.status).toBe(403);
    }
    const anonymous = await callRoute(driversLoader as never, { app: t.app, path: "/results/drivers" });
    expect(anonymous.status).toBe(302);
    // A bad option: 400, the refusal and the option's field error (said: read here in English), and the page
    // with that option's default in its place, so that the person can choose again where it is marked.
    type Refused = { view: { selection: Record<string, unknown> } | null; error: string; fieldErrors: Record<string, string> };
    const refusal = (data: unknown) => {
      const { view, error, fieldErrors } = data as Refused;
      return { selection: view?.selection ?? null, error: sayInEnglish(error), fieldErrors: Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, sayInEnglish(v)])) };
    };
    const invalid = "One of this page's options is not valid: the field marked below says what to choose instead.";
    for (const [query, field, message, fallback] of [
      ["lag=9&period=month", "lag", "Choose the same period, or one to three periods later.", { lag: 0, period: "month" }],
      ["metric=profit&lag=2", "metric", "Choose one of the listed metrics.", { metric: "winRate", lag: 2 }],
      ["wave=abc", "wave", "Pick one of the listed waves.", { level: "items" }],
      ["level=people", "level", 'Choose "Each question" or "Each dimension".', { level: "items" }],
    ] as const) {
      const bad = await callRoute(driversLoader as never, { app: t.app, path: `/results/drivers?${query}`, cookie: org.people.admin!.cookie });
      expect(bad.status).toBe(400);
      const read = refusal(bad.data);
      expect(read).toMatchObject({ error: invalid, fieldErrors: { [field]: message }, selection: fallback });
      expect(Object.keys(read.fieldErrors)).toEqual([field]);
    }
    const both = refusal((await callRoute(driversLoader as never, { app: t.app, path: "/results/drivers?lag=9&metric=profit", cookie: org.people.admin!.cookie })).data);
    expect(both.error).toBe("2 of this page's options are not valid: the fields marked below say what to choose instead.");
    expect(Object.keys(both.fieldErrors).sort()).toEqual(["lag", "metric"]);
    // Another organisation's wave is not one of this organisation's: the newest of this one's instead.
    const theirs = await callRoute(driversLoader as never, { app: t.app, path: `/results/drivers?wave=${(await waves())[0]!.id}`, cookie: other.people.admin!.cookie });
    expect(theirs.status).toBe(400);
    expect(refusal(theirs.data)).toMatchObject({ error: "That wave is not one of this organisation's closed waves.", fieldErrors: { wave: "Pick one of the listed waves." } });
  });

  it("marks a refused option at its field in the reader's language", async () => {
    const load = (language: string) =>
      callRoute(driversLoader as never, { app: t.app, path: "/results/drivers?lag=9", cookie: org.people.admin!.cookie, headers: { "accept-language": language } });
    const de = await load("de");
    expect(de.status).toBe(400);
    const page = await render(Drivers, de.data, "/results/drivers?lag=9", "de");
    expect(page).toContain(
      '<div class="notice notice--error" role="alert">Eine der Optionen dieser Seite ist ungültig: Das markierte Feld unten nennt, was Sie stattdessen wählen können.</div>',
    );
    expect(page).toMatch(
      /<p class="field__error" id="field-lag-error">Wählen Sie denselben Zeitraum oder einen bis drei Zeiträume später\.<\/p><select id="field-lag" name="lag" aria-invalid="true"/,
    );
    // The rest of the page is there, with the default in the refused option's place.
    expect(page).toContain('<option value="0" selected="">Selber Zeitraum</option>');
    expect(page).toContain("Welche Fragen den eNPS bewegen");
    const ja = await render(Drivers, (await load("ja")).data, "/results/drivers?lag=9", "ja");
    expect(ja).toContain("同じ期間か、1〜3期間後を選んでください。");
  });
});
