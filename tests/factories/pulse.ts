import type { AppContext } from "../../app/context.server";
import { validateSessionToken, type SessionUser } from "../../app/auth/session.server";
import { createProgram, type ProgramInput } from "../../app/services/programs.server";
import { newIdempotencyKey, submitPulse, type SubmitResult } from "../../app/services/answering.server";
import type { TestOrganisation } from "./organisation";

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
