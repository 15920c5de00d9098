import type { AppContext } from "../../app/context.server";
import { validateSessionToken, type SessionUser } from "../../app/auth/session.server";
import { createProgram, type ProgramInput } from "../../app/services/programs.server";
import { newIdempotencyKey, submitPulse, type SubmitResult } from "../../app/services/answering.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { createTestOrganisation, type TestOrganisation } from "./organisation";

/** The session user behind a test person's cookie. */
export async function userOf(app: AppContext, person: { cookie: string }): Promise<SessionUser> {
  const user = await validateSessionToken(app, person.cookie.split("=")[1]!);
  if (!user) throw new Error("test session is not valid");
  return user;
}

/**
 * A pulse program for the organisation's Region (all teams), through the real service. A wave opens at
 * once when one is due today.
 */
export async function createPulseProgram(app: AppContext, org: TestOrganisation, overrides: Partial<ProgramInput> = {}): Promise<{ programId: string; waveId: string | null }> {
  const enablement = await userOf(app, org.people.enablement!);
  const today = app.now().toISOString().slice(0, 10);
  const { id } = await createProgram(app, enablement, {
    name: "Team pulse",
    dimensionKeys: ["psychological_safety"],
    itemCodes: ["ENPS", "COMMENT"],
    teamIds: [org.teams.region!],
    includeSubteams: true,
    cadence: "monthly",
    startsOn: today,
    openDays: 7,
    reminderDays: [2, 4],
    ...overrides,
  });
  const wave = await app.db.selectFrom("wave").select("id").where("programId", "=", id).executeTakeFirst();
  return { programId: id, waveId: wave?.id ?? null };
}

/** A pulse program whose first wave opens today; returns the open wave's id. */
export async function createOpenWave(app: AppContext, org: TestOrganisation, overrides: Partial<ProgramInput> = {}): Promise<{ programId: string; waveId: string }> {
  const { programId, waveId } = await createPulseProgram(app, org, overrides);
  if (!waveId) throw new Error("no wave opened today");
  return { programId, waveId };
}

/** Submits answers as a person, from a browser that holds `editSecret` (or none). */
export function answer(
  app: AppContext,
  waveId: string,
  personId: string,
  fields: Record<string, string>,
  browser: { idempotencyKey?: string; editSecret?: string | null } = {},
): Promise<SubmitResult> {
  return submitPulse(app, { waveId, personId }, { fields, idempotencyKey: browser.idempotencyKey ?? newIdempotencyKey(), editSecret: browser.editSecret ?? null });
}

/**
 * The members of a team's audience in a wave answer `repAnswers(i, ps, fp)` (the first `howMany` of them, or
 * all), each through the real submit; throws when one is not saved. Returns who answered.
 */
export async function answerAsTeam(app: AppContext, waveId: string, teamId: string, options: { howMany?: number; ps?: number; fp?: number } = {}): Promise<string[]> {
  const audience = (await app.db.selectFrom("waveAudience").select("personId").where("waveId", "=", waveId).where("teamId", "=", teamId).execute()).map((r) => r.personId);
  const answering = audience.slice(0, options.howMany ?? audience.length);
  for (const [i, person] of answering.entries()) {
    const result = await answer(app, waveId, person, repAnswers(i, options.ps ?? 5, options.fp ?? 2));
    if (result.status !== "saved") throw new Error(`rep ${i} of the team could not answer: ${JSON.stringify(result)}`);
  }
  return answering;
}

/**
 * An organisation (five reps a team) with a closed wave over the core dimensions that Team A's reps all
 * answered: the clock is set to 7 September 2026 before anything is made, and left on the 14th, when the
 * scheduled work closed the wave.
 */
export async function orgWithClosedWaveOfTeamA(t: { app: AppContext; setNow(date: string): void }): Promise<{ org: TestOrganisation; waveId: string }> {
  t.setNow("2026-09-07T08:00:00Z");
  const org = await createTestOrganisation(t.app, { reps: 5 });
  const { waveId } = await createOpenWave(t.app, org, { dimensionKeys: CORE_DIMENSIONS, reminderDays: [] });
  await answerAsTeam(t.app, waveId, org.teams.a!);
  t.setNow("2026-09-14T00:00:01Z");
  const { closed } = await runScheduledWork(t.app);
  if (!closed.includes(waveId)) throw new Error("the wave did not close");
  return { org, waveId };
}

/** The four dimensions whose items `repAnswers` fills. */
export const CORE_DIMENSIONS = ["psychological_safety", "collaboration", "intel_sharing", "forecast_pressure"];

/**
 * One rep's answers. Scale scores (reverse-keyed items turned around, i = the rep's index):
 *   safety `ps` (+1/7 when i is odd), collaboration 3 (+0.2), intel 4 (+0.2), pressure `fp` (+1/6).
 * Over five reps (i = 0..4, two odd): collaboration 3.08, intel 4.08, safety ps + 0.057, pressure fp + 0.067.
 */
export function repAnswers(i: number, ps: number, fp: number): Record<string, string> {
  const odd = i % 2;
  const fields: Record<string, string> = {};
  for (const c of ["PS2", "PS4", "PS6", "PS7"]) fields[`a.${c}`] = String(ps);
  for (const c of ["PS1", "PS3", "PS5"]) fields[`a.${c}`] = String(8 - ps);
  fields["a.PS2"] = String(ps + odd);
  for (const c of ["CO1", "CO2", "CO3", "CO4"]) fields[`a.${c}`] = "3";
  fields["a.CO5"] = "5";
  fields["a.CO1"] = String(3 + odd);
  for (const c of ["KS1", "KS2", "KS3", "KS4"]) fields[`a.${c}`] = "4";
  fields["a.KS5"] = "4";
  fields["a.KS1"] = String(4 + odd);
  for (const c of ["FP1", "FP2", "FP3", "FP4"]) fields[`a.${c}`] = String(fp);
  for (const c of ["FP5", "FP6"]) fields[`a.${c}`] = String(8 - fp);
  fields["a.FP1"] = String(fp + odd);
  return fields;
}
