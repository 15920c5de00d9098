import { sql, type Kysely } from "kysely";
import type { Cadence, DB } from "../schema";

export interface ProgramRow {
  id: string;
  organisationId: string;
  name: string;
  cadence: Cadence;
  startsOn: string;
  openDays: number;
  reminderDays: number[];
  active: boolean;
  source: "scheduled" | "history";
  /** Whether each wave asks a rotating subset of the items (ADR 052), and the seed of its plan. */
  rotation: boolean;
  rotationSeed: number;
}

const programColumns = ["id", "organisationId", "name", "cadence", "startsOn", "openDays", "reminderDays", "active", "source", "rotation", "rotationSeed"] as const;

export async function insertProgram(
  db: Kysely<DB>,
  values: {
    organisationId: string;
    name: string;
    cadence: Cadence;
    startsOn: string;
    openDays: number;
    reminderDays: number[];
    source?: "scheduled" | "history";
    active?: boolean;
    rotation?: boolean;
    rotationSeed?: number;
  },
  itemIds: string[],
  teams: Array<{ teamId: string; includeSubteams: boolean }>,
): Promise<ProgramRow> {
  const program = await db.insertInto("pulseProgram").values(values).returning(programColumns).executeTakeFirstOrThrow();
  if (itemIds.length > 0) {
    await db
      .insertInto("pulseProgramItem")
      .values(itemIds.map((itemId, position) => ({ programId: program.id, itemId, position })))
      .execute();
  }
  if (teams.length > 0) {
    await db
      .insertInto("pulseProgramTeam")
      .values(teams.map((t) => ({ programId: program.id, ...t })))
      .execute();
  }
  return program;
}

export async function listPrograms(db: Kysely<DB>, organisationId: string): Promise<ProgramRow[]> {
  return db.selectFrom("pulseProgram").select(programColumns).where("organisationId", "=", organisationId).orderBy("createdAt", "desc").execute();
}

export async function findProgram(db: Kysely<DB>, organisationId: string, programId: string): Promise<ProgramRow | undefined> {
  return db.selectFrom("pulseProgram").select(programColumns).where("organisationId", "=", organisationId).where("id", "=", programId).executeTakeFirst();
}

/** Active scheduled programs of every organisation, with the organisation's fiscal start and time zone. */
export async function listActiveSchedules(db: Kysely<DB>) {
  return db
    .selectFrom("pulseProgram as p")
    .innerJoin("organisation as o", "o.id", "p.organisationId")
    .select(["p.id", "p.organisationId", "p.cadence", "p.startsOn", "p.openDays", "o.fiscalYearStartMonth", "o.timezone"])
    .where("p.active", "=", true)
    .where("p.source", "=", "scheduled")
    .execute();
}

export async function listProgramItems(db: Kysely<DB>, programId: string) {
  return db
    .selectFrom("pulseProgramItem as pi")
    .innerJoin("item", "item.id", "pi.itemId")
    .select(["item.id", "item.code", "item.text", "item.scale", "item.dimensionKey", "item.retiredAt", "pi.position"])
    .where("pi.programId", "=", programId)
    .orderBy("pi.position")
    .execute();
}

export async function listProgramTeams(db: Kysely<DB>, programId: string) {
  return db
    .selectFrom("pulseProgramTeam as pt")
    .innerJoin("team", "team.id", "pt.teamId")
    .select(["team.id", "team.name", "pt.includeSubteams"])
    .where("pt.programId", "=", programId)
    .orderBy("team.name")
    .execute();
}

export async function setProgramActive(db: Kysely<DB>, organisationId: string, programId: string, active: boolean): Promise<void> {
  await db.updateTable("pulseProgram").set({ active }).where("organisationId", "=", organisationId).where("id", "=", programId).execute();
}

/**
 * Per wave of a program: its dates, status, audience size, how many took part (participation.answered,
 * set when the wave closes), and, for an open wave, how many had a ballot signed before `today` (a date
 * in the organisation's time zone, as ballot_issuance.issued_on is).
 */
export async function listProgramWaves(db: Kysely<DB>, programId: string, today: string) {
  return db
    .selectFrom("wave")
    .select((eb) => [
      "wave.id",
      "wave.periodStart",
      "wave.opensAt",
      "wave.closesAt",
      "wave.status",
      "wave.minGroupSize",
      "wave.minCommentGroupSize",
      "wave.rotationSlot",
      // Erased people's participation rows are gone; they count on as numbers that name nobody (ADR 037).
      sql<number>`(select count(*) from participation p where p.wave_id = wave.id)::int
        + coalesce((select e.invited from wave_erased_participation e where e.wave_id = wave.id), 0)`.as("invited"),
      sql<number>`(select count(*) from participation p where p.wave_id = wave.id and p.answered)::int
        + coalesce((select e.answered from wave_erased_participation e where e.wave_id = wave.id), 0)`.as("answered"),
      eb.selectFrom("ballotIssuance as b").select(eb.fn.countAll<number>().as("n")).whereRef("b.waveId", "=", "wave.id").where("b.issuedOn", "<", today).as("answeredBeforeToday"),
    ])
    .where("wave.programId", "=", programId)
    .orderBy("wave.periodStart", "desc")
    .execute() as Promise<
    Array<{
      id: string;
      periodStart: string;
      opensAt: Date;
      closesAt: Date;
      status: "open" | "closed";
      minGroupSize: number;
      minCommentGroupSize: number;
      rotationSlot: number | null;
      invited: number;
      answered: number;
      answeredBeforeToday: number;
    }>
  >;
}

/** Every team of an organisation with its parent and its active reps (by current membership, not counting sub-teams). */
export async function listTeamsWithReps(db: Kysely<DB>, organisationId: string): Promise<Array<{ id: string; name: string; parentId: string | null; reps: number }>> {
  const rows = await db
    .selectFrom("team")
    .select((eb) => [
      "team.id",
      "team.name",
      "team.parentId",
      eb
        .selectFrom("teamMembership as m")
        .innerJoin("person as p", "p.id", "m.personId")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("m.teamId", "=", "team.id")
        .where("m.validTo", "is", null)
        .where("p.active", "=", true)
        .where("p.role", "=", "rep")
        .as("reps"),
    ])
    .where("team.organisationId", "=", organisationId)
    .orderBy("team.name")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parentId, reps: Number(r.reps ?? 0) }));
}

/** The teams of each running scheduled program of an organisation (for the overlap warning). */
export async function listRunningProgramTeams(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("pulseProgram as p")
    .innerJoin("pulseProgramTeam as pt", "pt.programId", "p.id")
    .select(["p.id as programId", "p.name as programName", "pt.teamId", "pt.includeSubteams"])
    .where("p.organisationId", "=", organisationId)
    .where("p.active", "=", true)
    .where("p.source", "=", "scheduled")
    .orderBy("p.name")
    .execute();
}

/** Changes a program's name and schedule, and replaces its items and teams (waves keep their own copies). */
export async function updateProgram(
  db: Kysely<DB>,
  organisationId: string,
  programId: string,
  values: { name: string; cadence: Cadence; startsOn: string; openDays: number; reminderDays: number[]; rotation?: boolean },
  itemIds: string[] | null,
  teams: Array<{ teamId: string; includeSubteams: boolean }> | null,
): Promise<void> {
  await db.updateTable("pulseProgram").set(values).where("organisationId", "=", organisationId).where("id", "=", programId).execute();
  if (itemIds) {
    await db.deleteFrom("pulseProgramItem").where("programId", "=", programId).execute();
    if (itemIds.length > 0) {
      await db
        .insertInto("pulseProgramItem")
        .values(itemIds.map((itemId, position) => ({ programId, itemId, position })))
        .execute();
    }
  }
  if (teams) {
    await db.deleteFrom("pulseProgramTeam").where("programId", "=", programId).execute();
    if (teams.length > 0) {
      await db
        .insertInto("pulseProgramTeam")
        .values(teams.map((t) => ({ programId, ...t })))
        .execute();
    }
  }
}
