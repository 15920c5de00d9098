import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

/** Invites, when a wave opens, the manager of every team with someone asked in it. */
export async function createSelfAssessmentInvites(db: Kysely<DB>, waveId: string): Promise<number> {
  const result = await sql`
    insert into self_assessment (wave_id, team_id, organisation_id, manager_id)
    select distinct a.wave_id, a.team_id, t.organisation_id, t.manager_id
    from wave_audience a join team t on t.id = a.team_id
    join person m on m.id = t.manager_id
    where a.wave_id = ${waveId} and t.manager_id is not null and m.active
    on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export async function findSelfAssessment(db: Kysely<DB>, waveId: string, teamId: string) {
  return db
    .selectFrom("selfAssessment as s")
    .innerJoin("team", "team.id", "s.teamId")
    .innerJoin("person as m", "m.id", "s.managerId")
    .select(["s.waveId", "s.teamId", "s.organisationId", "s.managerId", "s.submittedAt", "s.updatedAt", "team.name as teamName", "m.name as managerName"])
    .where("s.waveId", "=", waveId)
    .where("s.teamId", "=", teamId)
    .executeTakeFirst();
}

export async function readSelfAssessmentAnswers(db: Kysely<DB>, waveId: string, teamId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("selfAssessmentAnswer as a")
    .innerJoin("item", "item.id", "a.itemId")
    .select(["item.code", "a.value"])
    .where("a.waveId", "=", waveId)
    .where("a.teamId", "=", teamId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.value]));
}

/** Replaces the manager's answers for a wave and team, and records when. */
export async function saveSelfAssessment(db: Kysely<DB>, key: { waveId: string; teamId: string }, answers: Array<{ itemId: string; value: number }>, at: Date): Promise<void> {
  await db.deleteFrom("selfAssessmentAnswer").where("waveId", "=", key.waveId).where("teamId", "=", key.teamId).execute();
  if (answers.length > 0) {
    await db
      .insertInto("selfAssessmentAnswer")
      .values(answers.map((a) => ({ ...key, ...a })))
      .execute();
  }
  await db
    .updateTable("selfAssessment")
    .set((eb) => ({ submittedAt: eb.fn.coalesce("submittedAt", sql<Date>`${at}::timestamptz`), updatedAt: at }))
    .where("waveId", "=", key.waveId)
    .where("teamId", "=", key.teamId)
    .execute();
}

/** The self-assessments of a wave (one per team asked), with their managers and whether each was sent. */
export async function listSelfAssessmentsOfWave(db: Kysely<DB>, waveId: string) {
  return db
    .selectFrom("selfAssessment as s")
    .innerJoin("person as m", "m.id", "s.managerId")
    .innerJoin("team", "team.id", "s.teamId")
    .select(["m.id", "m.email", "m.name", "team.id as teamId", "team.name as teamName", "s.submittedAt"])
    .where("s.waveId", "=", waveId)
    .orderBy("team.name")
    .execute();
}

/** A manager's self-assessments, newest first, with the wave's state. */
export async function listSelfAssessmentsForManager(db: Kysely<DB>, managerId: string) {
  return db
    .selectFrom("selfAssessment as s")
    .innerJoin("wave", "wave.id", "s.waveId")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .innerJoin("team", "team.id", "s.teamId")
    .select(["s.waveId", "s.teamId", "team.name as teamName", "p.name as programName", "wave.status", "wave.periodStart", "wave.closesAt", "s.submittedAt"])
    .where("s.managerId", "=", managerId)
    .orderBy("wave.periodStart", "desc")
    .limit(24)
    .execute();
}

/** How many managers were asked and answered, per wave of a program (for enablement). */
export async function countSelfAssessments(db: Kysely<DB>, programId: string) {
  return db
    .selectFrom("selfAssessment as s")
    .innerJoin("wave", "wave.id", "s.waveId")
    .select((eb) => ["s.waveId", eb.fn.countAll<number>().as("asked"), eb.fn.count<number>("s.submittedAt").as("answered")])
    .where("wave.programId", "=", programId)
    .groupBy("s.waveId")
    .execute();
}

/** Closed waves in which a team (with the teams below it at close) answered, newest first (for the gap view and its trend). */
export async function listClosedWavesOfTeam(db: Kysely<DB>, teamId: string, limit: number) {
  return db
    .selectFrom("wave")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .select(["wave.id", "wave.periodStart", "wave.minGroupSize", "wave.closedAt", "p.name as programName"])
    .where("wave.status", "=", "closed")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("waveGroupResult as g")
          .select("g.waveId")
          .whereRef("g.waveId", "=", "wave.id")
          .where("g.kind", "=", "responses")
          .where("g.key", "=", "")
          .where("g.groupId", "=", teamId)
          .where("g.n", ">", 0),
      ),
    )
    .orderBy("wave.periodStart", "desc")
    .limit(limit)
    .execute();
}
