import { beforeAll, expect, it } from "vitest";
import { DEFAULT_ITEMS } from "../../app/domain/instrument";
import { ORG } from "../../app/domain/results";
import { planRotation } from "../../app/domain/rotation";
import { cronbachAlpha, rwgJ } from "../../app/domain/statistics";
import { getProgramDetail, previewProgram, updateProgram } from "../../app/services/programs.server";
import { buildResultsReport, parseReportOptions } from "../../app/services/results-report.server";
import { getTeamResults } from "../../app/services/results.server";
import { getGapView, getSelfAssessmentForm, submitSelfAssessment } from "../../app/services/self-assessment.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { listProgramItems } from "../../db/queries/programs";
import { readGroupResults } from "../../db/queries/results";
import { listWaveItems } from "../../db/queries/waves";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { answer, createPulseProgram, CORE_DIMENSIONS, userOf } from "../factories/pulse";
import { describeWithDb } from "../support/test-db";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import type { SessionUser } from "../../app/auth/session.server";

// Issue 28 (ADR 052): two organisations alike, one whose program asks every item in every wave and one
// whose program rotates them, get the same simulated answers over a quarter of monthly waves (every rep's
// answer to an item is the same in both; the rotated one is only asked fewer items). Team B has two answers
// per wave: below the minimum, in both.
const SEED = 20_261_206;
const RATED = DEFAULT_ITEMS.filter((i) => i.scale === "agree7");
const MONTHS = ["2026-01-05", "2026-02-05", "2026-03-05"];

/** A deterministic number in [0, 1) from a text. */
function unit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * A rep's scored answer (1–7, higher = agrees with the scale) to an item in a wave: the rep's level on the
 * dimension, the item's own small offset, and noise. The form takes the raw answer (reverse-keyed turned round).
 */
function scored(rep: string, wave: number, code: string): number {
  const item = RATED.find((i) => i.code === code)!;
  const level = 2.5 + 3 * unit(`${rep}/${item.dimensionKey}`) + 0.3 * wave;
  const offset = 0.4 * (unit(`offset/${code}`) - 0.5);
  const noise = 2 * (unit(`${rep}/${wave}/${code}`) - 0.5);
  return Math.min(7, Math.max(1, Math.round(level + offset + noise)));
}
const raw = (rep: string, wave: number, code: string) => {
  const s = scored(rep, wave, code);
  return RATED.find((i) => i.code === code)!.reverseKeyed ? 8 - s : s;
};

describeWithDb("item rotation: a rotated program against the full one on the same answers", (t) => {
  let full: TestOrganisation;
  let rotated: TestOrganisation;
  const programs: Record<"full" | "rotated", string> = { full: "", rotated: "" };
  const waves: Record<"full" | "rotated", string[]> = { full: [], rotated: [] };
  const asked: Record<"full" | "rotated", string[][]> = { full: [], rotated: [] };
  /** Per wave: the reps who answered, by their key (a3, b1…). */
  const answered: string[][] = [];
  /** Signed-in users, taken before the clock moves on (sessions expire). */
  const users: Record<string, SessionUser> = {};

  beforeAll(async () => {
    t.setNow(`${MONTHS[0]}T09:00:00Z`);
    full = await createTestOrganisation(t.app, { reps: 8 });
    rotated = await createTestOrganisation(t.app, { reps: 8 });
    for (const key of ["admin", "enablement", "managerA1"]) users[key] = await userOf(t.app, rotated.people[key]!);
    users.fullEnablement = await userOf(t.app, full.people.enablement!);
    const program = { dimensionKeys: CORE_DIMENSIONS, itemCodes: ["ENPS", "COMMENT"], cadence: "monthly" as const, openDays: 7 };
    programs.full = (await createPulseProgram(t.app, full, program)).programId;
    programs.rotated = (await createPulseProgram(t.app, rotated, { ...program, rotation: true, rotationSeed: SEED })).programId;
    for (const [w, month] of MONTHS.entries()) {
      if (w > 0) {
        t.setNow(`${month}T09:00:00Z`);
        expect((await runScheduledWork(t.app)).opened).toHaveLength(2);
      }
      answered.push([]);
      for (const kind of ["full", "rotated"] as const) {
        const wave = await t.app.db.selectFrom("wave").select("id").where("programId", "=", programs[kind]).where("periodStart", "=", month).executeTakeFirstOrThrow();
        waves[kind].push(wave.id);
        const codes = (await listWaveItems(t.app.db, wave.id)).map((i) => i.code);
        asked[kind].push(codes);
        const audience = await t.app.db
          .selectFrom("waveAudience as a")
          .innerJoin("person as p", "p.id", "a.personId")
          .select(["a.personId", "p.email"])
          .where("a.waveId", "=", wave.id)
          .orderBy("p.email")
          .execute();
        for (const person of audience) {
          const rep = person.email.split("@")[0]!.replace("rep-", "");
          // Team B: only two answer.
          if (rep.startsWith("b") && Number(rep.slice(1)) > 2) continue;
          if (kind === "full") answered[w]!.push(rep);
          const fields: Record<string, string> = { "a.ENPS": String(Math.floor(11 * unit(`${rep}/${w}/enps`))) };
          for (const code of codes) if (RATED.some((i) => i.code === code)) fields[`a.${code}`] = String(raw(rep, w, code));
          expect(await answer(t.app, wave.id, person.personId, fields)).toMatchObject({ status: "saved" });
        }
      }
      // Team A1's manager rates every item of the wave 4 (reverse-keyed: 4 too): a manager score of 4 on every dimension.
      const manager = users.managerA1!;
      const form = await getSelfAssessmentForm(t.app, manager, waves.rotated[w]!, rotated.teams.a1!);
      expect(form.items.map((i) => i.code)).toEqual(asked.rotated[w]!.filter((c) => RATED.some((i) => i.code === c)));
      await submitSelfAssessment(t.app, manager, waves.rotated[w]!, rotated.teams.a1!, Object.fromEntries(form.items.map((i) => [`a.${i.code}`, "4"])));
      t.setNow(`${month.slice(0, 8)}12T00:00:01Z`);
      expect((await runScheduledWork(t.app)).closed).toHaveLength(2);
    }
  }, 300_000);

  it("the rotated waves ask the plan's turns in order, 17 of 23 rated items each, about 3 minutes instead of 4; the full ones ask everything", async () => {
    const items = await listProgramItems(t.app.db, programs.rotated);
    const plan = planRotation(items, "monthly", SEED);
    expect(plan.cycle).toBe(2);
    const codeOf = new Map(items.map((i) => [i.id, i.code]));
    expect(asked.rotated).toEqual([plan.slots[0]!, plan.slots[1]!, plan.slots[0]!].map((slot) => slot.map((id) => codeOf.get(id))));
    for (const codes of asked.rotated) expect(codes.filter((c) => RATED.some((i) => i.code === c))).toHaveLength(17);
    for (const codes of asked.full) expect(codes).toHaveLength(25);
    const slots = await t.app.db
      .selectFrom("wave")
      .select(["periodStart", "rotationSlot"])
      .where("programId", "in", [programs.rotated, programs.full])
      .orderBy("periodStart")
      .execute();
    expect(slots.filter((s) => s.rotationSlot !== null).map((s) => s.rotationSlot)).toEqual([0, 1, 0]);
    // Every item at least once in the quarter; each dimension's first two items in every wave.
    expect(new Set(asked.rotated.flat())).toEqual(new Set(asked.full[0]));
    for (const codes of asked.rotated) expect(codes).toEqual(expect.arrayContaining(["PS1", "PS2", "CO1", "CO2", "KS1", "KS2", "FP1", "FP2", "ENPS", "COMMENT"]));

    const admin = users.enablement!;
    const detail = (await getProgramDetail(t.app, admin, programs.rotated))!;
    expect(detail.rotation).toMatchObject({ cycle: 2, slots: [{ minutes: 3 }, { minutes: 3 }] });
    expect(detail.minutes).toBe(4);
    expect(detail.waves.map((w) => [w.periodStart, w.rotationSlot, w.askedCodes.length])).toEqual([
      ["2026-03-05", 0, 19],
      ["2026-02-05", 1, 19],
      ["2026-01-05", 0, 19],
    ]);
    expect(detail.rotation!.upcoming.slice(0, 2)).toEqual([
      { periodStart: "2026-04-05", slot: 1, questions: 19, minutes: 3 },
      { periodStart: "2026-05-05", slot: 0, questions: 19, minutes: 3 },
    ]);
    expect(detail.editDefaults).toMatchObject({ rotation: true, rotationSeed: String(SEED) });
    const fullDetail = (await getProgramDetail(t.app, users.fullEnablement!, programs.full))!;
    expect(fullDetail.rotation).toBeNull();
    expect(fullDetail.waves.every((w) => w.rotationSlot === null && w.askedCodes.length === 25)).toBe(true);
  });

  it("every shown scale mean of the rotated program lies in the full program's 95% interval of the same wave and group, and the other way round", async () => {
    const [f, r] = await Promise.all([
      readGroupResults(t.app.db, { waveIds: waves.full, kinds: ["dimension"] }),
      readGroupResults(t.app.db, { waveIds: waves.rotated, kinds: ["dimension"] }),
    ]);
    const groupOf = (org: TestOrganisation) =>
      new Map(
        Object.entries(org.teams)
          .map(([k, id]) => [id, k] as [string, string])
          .concat([[ORG, ORG]]),
      );
    const fg = groupOf(full);
    const rg = groupOf(rotated);
    let compared = 0;
    for (const cell of r.filter((c) => c.shown)) {
      const w = waves.rotated.indexOf(cell.waveId);
      const other = f.find((c) => c.waveId === waves.full[w] && c.key === cell.key && fg.get(c.groupId) === rg.get(cell.groupId))!;
      expect(other.shown).toBe(true);
      expect(cell.n).toBe(other.n);
      expect(cell.mean!, `${cell.key} ${rg.get(cell.groupId)} wave ${w + 1}`).toBeGreaterThanOrEqual(other.ciLow!);
      expect(cell.mean!).toBeLessThanOrEqual(other.ciHigh!);
      expect(other.mean!).toBeGreaterThanOrEqual(cell.ciLow!);
      expect(other.mean!).toBeLessThanOrEqual(cell.ciHigh!);
      compared++;
    }
    // Organisation, region and team A1 (B has 2 answers; A, the region without B, hides with it) × 4 dimensions × 3 waves.
    expect(compared).toBe(3 * 4 * 3);
  });

  it("α and rwg(j) of a rotated wave are those of the items it asked, on the answers given", async () => {
    const cells = await readGroupResults(t.app.db, { waveIds: waves.rotated, groupIds: [ORG], kinds: ["dimension"] });
    for (const [w, waveId] of waves.rotated.entries()) {
      for (const dimension of CORE_DIMENSIONS) {
        const codes = asked.rotated[w]!.filter((c) => RATED.find((i) => i.code === c)?.dimensionKey === dimension);
        const rows = answered[w]!.map((rep) => codes.map((code) => scored(rep, w, code)));
        const cell = cells.find((c) => c.waveId === waveId && c.key === dimension)!;
        expect(cell.alpha).toBeCloseTo(cronbachAlpha(rows).alpha, 9);
        expect(cell.rwgJ).toBeCloseTo(rwgJ(rows, 7).rwgJ, 9);
        const scores = rows.map((r) => r.reduce((s, v) => s + v, 0) / r.length);
        expect(cell.mean).toBeCloseTo(scores.reduce((s, v) => s + v, 0) / scores.length, 9);
      }
    }
  });

  it("the quarter's α pools each turn's answers over its own items, where it used to say nothing", async () => {
    const report = await buildResultsReport(t.app, rotated.id, parseReportOptions({ period: "quarter" }));
    const orgRows = report.teamScores.filter((s) => s.teamId === ORG);
    expect(orgRows).toHaveLength(4);
    for (const row of orgRows) {
      const dimension = row.dimension;
      const turn = (w: number) => {
        const codes = asked.rotated[w]!.filter((c) => RATED.find((i) => i.code === c)?.dimensionKey === dimension);
        return answered[w]!.map((rep) => codes.map((code) => scored(rep, w, code)));
      };
      const first = [...turn(0), ...turn(2)];
      const second = turn(1);
      const expected = (cronbachAlpha(first).alpha * first.length + cronbachAlpha(second).alpha * second.length) / (first.length + second.length);
      expect(row.alpha, dimension).toBeCloseTo(expected, 9);
    }
  });

  it("team results: the items the latest wave asked, the ones it did not, each compared only with the last wave that asked it; the trend has every wave", async () => {
    const admin = users.admin!;
    const results = await getTeamResults(t.app, admin, rotated.teams.region!);
    const ratedAsked = (w: number) => asked.rotated[w]!.filter((c) => RATED.some((i) => i.code === c));
    expect(results.items.map((i) => i.code)).toEqual(ratedAsked(2));
    expect(results.notAsked.map((i) => i.code).sort()).toEqual(
      RATED.map((i) => i.code)
        .filter((c) => !ratedAsked(2).includes(c))
        .sort(),
    );
    for (const item of results.items) {
      // Asked in wave 2 too (an anchor, or in both turns): compared with wave 2; otherwise with wave 1, never with a wave that did not ask it.
      const since = ratedAsked(1).includes(item.code) ? MONTHS[1] : MONTHS[0];
      expect(item.lastAsked?.periodStart, item.code).toBe(since);
      expect(item.lastAsked?.change).not.toBeNull();
    }
    expect(results.items.some((i) => i.lastAsked?.periodStart === MONTHS[0])).toBe(true);
    for (const line of results.trend) expect(line.points.map((p) => p.mean === null)).toEqual([false, false, false]);
  });

  it("the gap: the manager's score over the items the wave asked, against the team's cell of that wave", async () => {
    const admin = users.admin!;
    const [gap, team] = await Promise.all([getGapView(t.app, admin, rotated.teams.a1!), getTeamResults(t.app, admin, rotated.teams.a1!)]);
    expect(gap.gap?.status).toBe("shown");
    if (gap.gap?.status !== "shown") return;
    expect(gap.gap.dimensions).toHaveLength(4);
    for (const row of gap.gap.dimensions) {
      const cell = team.dimensions.find((d) => d.key === row.key)!.score;
      expect(row.teamMean).toBe(cell.mean);
      expect(row.managerScore).toBe(4);
      expect(row.gap).toBeCloseTo(4 - cell.mean!, 12);
    }
    expect(gap.gap.items.map((i) => i.key).sort()).toEqual(asked.rotated[2]!.filter((c) => RATED.some((i) => i.code === c)).sort());
  });

  it("suppression holds on rotated waves: team B's two answers show no number, on any of its cells", async () => {
    const cells = await readGroupResults(t.app.db, { waveIds: waves.rotated, groupIds: [rotated.teams.b!] });
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) {
      expect(c.shown, `${c.kind} ${c.key}`).toBe(false);
      expect([c.mean, c.sd, c.ciLow, c.ciHigh, c.alpha, c.rwgJ, c.sum, c.sumsq]).toEqual([null, null, null, null, null, null, null, null]);
    }
    const results = await getTeamResults(t.app, users.admin!, rotated.teams.b!);
    expect(results.dimensions.every((d) => d.score.mean === null && d.change === null)).toBe(true);
    expect(results.items.every((i) => i.score.mean === null && i.lastAsked?.change == null)).toBe(true);
  });

  it("a new program's preview shows each upcoming wave's minutes; rotation on a quarterly program says why every wave asks everything", async () => {
    t.setNow("2026-03-20T09:00:00Z");
    const enablement = users.enablement!;
    const draft = {
      name: "Preview",
      dimensionKeys: CORE_DIMENSIONS,
      itemCodes: ["ENPS", "COMMENT"],
      teamIds: [rotated.teams.region!],
      includeSubteams: true,
      cadence: "biweekly",
      startsOn: "2026-04-01",
      openDays: "5",
      reminderDays: "",
      rotation: true,
      rotationSeed: "77",
    };
    const preview = await previewProgram(t.app, enablement, draft);
    expect(preview.minutes).toBe(4);
    expect(preview.rotation).toMatchObject({ cycle: 2 });
    expect(preview.rotation!.upcoming.map((w) => [w.periodStart, w.slot, w.minutes])).toEqual([
      ["2026-04-01", 0, 3],
      ["2026-04-15", 1, 3],
      ["2026-04-29", 0, 3],
      ["2026-05-13", 1, 3],
      ["2026-05-27", 0, 3],
      ["2026-06-10", 1, 3],
    ]);
    const quarterly = await previewProgram(t.app, enablement, { ...draft, cadence: "quarterly" });
    expect(quarterly.rotation).toMatchObject({ cycle: 1 });
    expect(sayInEnglish(quarterly.rotation!.unrotated!)).toBe(
      "every wave asks every question: with one wave a quarter, each must ask them all for every question to be asked each quarter.",
    );
    expect((await previewProgram(t.app, enablement, { ...draft, rotation: false })).rotation).toBeNull();
  });

  it("switched on for an existing program: the next wave asks its turn of the program's own seed, earlier waves keep what they asked", async () => {
    t.setNow("2026-03-25T09:00:00Z");
    const enablement = users.fullEnablement!;
    const before = await t.app.db.selectFrom("pulseProgram").select(["rotation", "rotationSeed"]).where("id", "=", programs.full).executeTakeFirstOrThrow();
    // Created without rotation, it still got a seed of its own.
    expect(before.rotation).toBe(false);
    const detail = (await getProgramDetail(t.app, enablement, programs.full))!;
    await updateProgram(t.app, enablement, programs.full, { ...detail.editDefaults, rotation: true, rotationSeed: "999" });
    const after = await t.app.db.selectFrom("pulseProgram").select(["rotation", "rotationSeed"]).where("id", "=", programs.full).executeTakeFirstOrThrow();
    // The form's seed is for a new program: a program keeps its own.
    expect(after).toEqual({ rotation: true, rotationSeed: before.rotationSeed });
    const audit = await t.app.db
      .selectFrom("auditEntry")
      .select(["before", "after"])
      .where("action", "=", "program.change")
      .where("targetId", "=", programs.full)
      .executeTakeFirstOrThrow();
    expect([audit.before, audit.after]).toMatchObject([{ rotation: false }, { rotation: true }]);

    t.setNow("2026-04-05T09:00:00Z");
    await runScheduledWork(t.app);
    const april = await t.app.db
      .selectFrom("wave")
      .select(["id", "rotationSlot"])
      .where("programId", "=", programs.full)
      .where("periodStart", "=", "2026-04-05")
      .executeTakeFirstOrThrow();
    const plan = planRotation(await listProgramItems(t.app.db, programs.full), "monthly", before.rotationSeed);
    // April is the schedule's fourth period (index 3): turn 2 of 2.
    expect(april.rotationSlot).toBe(1);
    expect((await listWaveItems(t.app.db, april.id)).map((i) => i.id)).toEqual(plan.slots[1]);
    for (const waveId of waves.full) expect(await listWaveItems(t.app.db, waveId)).toHaveLength(25);
  });
});
