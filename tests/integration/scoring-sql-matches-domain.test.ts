import { beforeAll, expect, it } from "vitest";
import { DEFAULT_ITEMS } from "../../app/domain/instrument";
import { scaleScore, scoreItem } from "../../app/domain/scoring";
import { importHistory } from "../../app/services/history-import.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { describeWithDb } from "../support/test-db";

// Reverse keying and the answered-half rule exist twice: in app/domain/scoring.ts (the oracle, the drivers,
// the tests) and in the SQL that aggregates a wave at close (db/queries/aggregates.ts). The same answers,
// table-driven, must give the same per-team n, sum and sum of squares through both.

const DIMENSIONS = ["psychological_safety", "collaboration"] as const;
const ITEMS = DEFAULT_ITEMS.filter((i) => (DIMENSIONS as readonly string[]).includes(i.dimensionKey ?? ""));
const CODES = ITEMS.map((i) => i.code);

type Case = { team: "Team A" | "team b"; why: string; answers: Record<string, number | null> };
const row = (team: Case["team"], why: string, values: Array<number | null>): Case => ({ team, why, answers: Object.fromEntries(CODES.map((c, i) => [c, values[i] ?? null])) });

// PS1..PS7 (PS1, PS3, PS5 reverse-keyed), CO1..CO5 (CO5 reverse-keyed).
const CASES: Case[] = [
  row("Team A", "everything answered, reverse items at both ends", [1, 7, 1, 7, 1, 7, 7, 7, 6, 5, 4, 1]),
  row("Team A", "PS: 4 of 7 answered (≥ half): scored; CO: 3 of 5 (≥ half): scored", [7, 2, null, 3, null, 4, null, 2, null, 6, null, 7]),
  row("Team A", "PS: 3 of 7 answered (< half): no PS score; CO: 2 of 5 (< half): none", [2, null, 5, null, 6, null, null, 5, null, null, 3, null]),
  row("Team A", "a fraction: PS mean 29/7", [4, 5, 3, 4, 4, 5, 4, 4, 4, 4, 4, 4]),
  row("Team A", "all middle answers", [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]),
  row("team b", "only the reverse-keyed items answered", [1, null, 2, null, 3, null, null, null, null, null, null, 6]),
  row("team b", "PS exactly 4 answered incl. all reverse items", [6, 5, 7, null, 2, null, null, 1, 2, 3, null, null]),
  row("team b", "extremes", [7, 1, 7, 1, 7, 1, 1, 1, 1, 1, 1, 7]),
  row("team b", "another fraction: CO mean 17/3", [3, 5, 3, 5, 3, 5, 5, 6, null, 5, 6, null]),
  row("team b", "nothing on CO", [4, 4, 4, 4, 4, 4, 4, null, null, null, null, null]),
];

describeWithDb("scoring: the SQL aggregation at close agrees with the domain's scoreItem/scaleScore", (t) => {
  let org: TestOrganisation;
  beforeAll(async () => {
    t.setNow("2026-06-15T12:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 1 });
    const lines = [`team,period,${CODES.join(",")}`, ...CASES.map((c) => [c.team, "2026-01-05", ...CODES.map((code) => c.answers[code] ?? "")].join(","))];
    expect(await importHistory(t.app, org.id, "cases.csv", lines.join("\n"))).toMatchObject({ ok: true, responses: CASES.length });
  });

  it("gives the same n, sum and sum of squares per team and dimension", async () => {
    const stats = await t.app.db
      .selectFrom("waveTeamDimensionStats as s")
      .innerJoin("wave", "wave.id", "s.waveId")
      .select(["s.teamId", "s.dimensionKey", "s.n", "s.sum", "s.sumsq"])
      .where("wave.organisationId", "=", org.id)
      .execute();
    const teamIds = { "Team A": org.teams.a!, "team b": org.teams.b! };
    const checked: string[] = [];
    for (const team of ["Team A", "team b"] as const) {
      for (const dimension of DIMENSIONS) {
        const items = ITEMS.filter((i) => i.dimensionKey === dimension);
        const scores = CASES.filter((c) => c.team === team)
          .map((c) =>
            scaleScore(
              items.map((i) => (c.answers[i.code] === null ? null : scoreItem(c.answers[i.code]!, i.reverseKeyed))),
              items.length,
            ),
          )
          .filter((s): s is number => s !== null);
        const sql = stats.find((s) => s.teamId === teamIds[team] && s.dimensionKey === dimension);
        expect(sql, `${team} ${dimension}`).toBeDefined();
        expect(sql!.n, `${team} ${dimension} n`).toBe(scores.length);
        expect(sql!.sum).toBeCloseTo(
          scores.reduce((a, b) => a + b, 0),
          12,
        );
        expect(sql!.sumsq).toBeCloseTo(
          scores.reduce((a, b) => a + b * b, 0),
          12,
        );
        checked.push(`${team}/${dimension}: ${scores.length}`);
      }
    }
    // The cases exercise the rule: some responses are left out of a dimension for answering too little.
    expect(checked).toEqual(["Team A/psychological_safety: 4", "Team A/collaboration: 4", "team b/psychological_safety: 4", "team b/collaboration: 3"]);
  });
});
