import type { Kysely } from "kysely";
import type { DB } from "../schema";

export type ActionPlanStatus = "open" | "done" | "dropped";

export interface ActionPlanRecord {
  id: string;
  organisationId: string;
  teamId: string;
  dimensionKey: string;
  action: string;
  owner: string;
  reviewOn: string;
  status: ActionPlanStatus;
  outcomeNote: string | null;
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
  wave: { id: string; periodStart: string; programName: string };
}

function selectPlans(db: Kysely<DB>) {
  return db
    .selectFrom("actionPlan as ap")
    .innerJoin("wave", "wave.id", "ap.waveId")
    .innerJoin("pulseProgram as p", "p.id", "wave.programId")
    .leftJoin("person as author", "author.id", "ap.createdBy")
    .select([
      "ap.id",
      "ap.organisationId",
      "ap.teamId",
      "ap.dimensionKey",
      "ap.action",
      "ap.owner",
      "ap.reviewOn",
      "ap.status",
      "ap.outcomeNote",
      "ap.createdAt",
      "ap.updatedAt",
      "author.name as createdByName",
      "wave.id as waveId",
      "wave.periodStart as wavePeriodStart",
      "p.name as programName",
    ]);
}

type PlanRow = Awaited<ReturnType<ReturnType<typeof selectPlans>["execute"]>>[number];

function toRecord(row: PlanRow): ActionPlanRecord {
  const { waveId, wavePeriodStart, programName, ...plan } = row;
  return { ...plan, wave: { id: waveId, periodStart: wavePeriodStart, programName } };
}

/**
 * A team's action plans: every open one, and those done or dropped since `closedSince` (the recent
 * ones worth seeing again), open first, then by review date.
 */
export async function listActionPlans(db: Kysely<DB>, organisationId: string, teamId: string, closedSince: Date): Promise<ActionPlanRecord[]> {
  const rows = await selectPlans(db)
    .where("ap.organisationId", "=", organisationId)
    .where("ap.teamId", "=", teamId)
    .where((eb) => eb.or([eb("ap.status", "=", "open"), eb("ap.updatedAt", ">=", closedSince)]))
    .orderBy((eb) => eb.case().when("ap.status", "=", "open").then(0).else(1).end())
    .orderBy("ap.reviewOn")
    .orderBy("ap.createdAt")
    .execute();
  return rows.map(toRecord);
}

/** One action plan of an organisation; undefined for an unknown id or another organisation's plan. */
export async function findActionPlan(db: Kysely<DB>, organisationId: string, id: string): Promise<ActionPlanRecord | undefined> {
  const row = await selectPlans(db).where("ap.organisationId", "=", organisationId).where("ap.id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertActionPlan(
  db: Kysely<DB>,
  plan: { organisationId: string; teamId: string; waveId: string; dimensionKey: string; action: string; owner: string; reviewOn: string; createdBy: string; at: Date },
): Promise<string> {
  const { at, ...values } = plan;
  const row = await db
    .insertInto("actionPlan")
    .values({ ...values, status: "open", createdAt: at, updatedAt: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Sets a plan's status and outcome note; false when no plan of the organisation has that id. */
export async function updateActionPlanStatus(
  db: Kysely<DB>,
  organisationId: string,
  id: string,
  change: { status: ActionPlanStatus; outcomeNote: string | null; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("actionPlan")
    .set({ status: change.status, outcomeNote: change.outcomeNote, updatedAt: change.at })
    .where("organisationId", "=", organisationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every action plan of an organisation, newest wave first (for enablement's roll-up). */
export async function listOrganisationActionPlans(db: Kysely<DB>, organisationId: string): Promise<ActionPlanRecord[]> {
  const rows = await selectPlans(db).where("ap.organisationId", "=", organisationId).orderBy("wave.periodStart", "desc").orderBy("ap.createdAt").execute();
  return rows.map(toRecord);
}
