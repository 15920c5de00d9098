import { sql, type Kysely } from "kysely";
import type { CrmProvider, CrmPullPeriod, DB } from "../schema";

// CRM connections and their pulls (migration 0032, ADR 049).

export async function listCrmConnections(db: Kysely<DB>, organisationId: string) {
  return db.selectFrom("crmConnection").selectAll().where("organisationId", "=", organisationId).orderBy("provider").execute();
}

export async function findCrmConnection(db: Kysely<DB>, organisationId: string, provider: CrmProvider) {
  return db.selectFrom("crmConnection").selectAll().where("organisationId", "=", organisationId).where("provider", "=", provider).executeTakeFirst();
}

export async function findCrmConnectionById(db: Kysely<DB>, id: string) {
  return db.selectFrom("crmConnection").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Saves a connection (a new one, or new credentials for the organisation's connection to that provider), connected. */
export async function saveCrmConnection(
  db: Kysely<DB>,
  values: {
    id: string;
    organisationId: string;
    provider: CrmProvider;
    authKind: "oauth" | "token" | "jwt";
    accountLabel: string;
    credentialsSealed: Uint8Array;
    scopes: string[];
    connectedBy: string | null;
    at: Date;
  },
): Promise<void> {
  const row = { ...values, at: undefined, status: "connected" as const, problem: null, connectedAt: values.at, updatedAt: values.at };
  delete row.at;
  await db
    .insertInto("crmConnection")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["organisationId", "provider"]).doUpdateSet({
        authKind: values.authKind,
        accountLabel: values.accountLabel,
        credentialsSealed: values.credentialsSealed,
        scopes: values.scopes,
        status: "connected",
        problem: null,
        connectedBy: values.connectedBy,
        connectedAt: values.at,
        updatedAt: values.at,
      }),
    )
    .execute();
}

/** Replaces the sealed credentials after a token refresh, if the connection still holds the ones refreshed. */
export async function updateCrmCredentials(db: Kysely<DB>, id: string, before: Uint8Array, after: Uint8Array, at: Date): Promise<void> {
  await db.updateTable("crmConnection").set({ credentialsSealed: after, updatedAt: at }).where("id", "=", id).where("credentialsSealed", "=", before).execute();
}

/** Marks a connection broken with the provider's words (or connected again, `problem` null). */
export async function setCrmConnectionStatus(db: Kysely<DB>, id: string, problem: string | null, at: Date): Promise<void> {
  await db
    .updateTable("crmConnection")
    .set({ status: problem ? "broken" : "connected", problem, updatedAt: at })
    .where("id", "=", id)
    .execute();
}

export async function setCrmSchedule(db: Kysely<DB>, id: string, schedule: { weekly: boolean; period: CrmPullPeriod }, at: Date): Promise<void> {
  await db
    .updateTable("crmConnection")
    .set({ ...schedule, updatedAt: at })
    .where("id", "=", id)
    .execute();
}

export async function deleteCrmConnection(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("crmConnection").where("id", "=", id).execute();
}

/** Connections that pull on a schedule, with their organisation's fiscal year and time zone. */
export async function listScheduledConnections(db: Kysely<DB>) {
  return db
    .selectFrom("crmConnection as c")
    .innerJoin("organisation as o", "o.id", "c.organisationId")
    .select(["c.id", "c.organisationId", "c.weekly", "c.period", "o.fiscalYearStartMonth", "o.timezone"])
    .where("c.status", "=", "connected")
    .where((eb) => eb.or([eb("c.weekly", "=", true), eb("c.period", "!=", "none")]))
    .execute();
}

export async function takenPullKeys(db: Kysely<DB>, connectionId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom("crmPull").select("dueKey").where("connectionId", "=", connectionId).where("dueKey", "in", keys).execute();
  return new Set(rows.map((r) => r.dueKey));
}

/** Claims a pull for (connection, due key): null when one was claimed already (by another worker, or before). */
export async function claimPull(db: Kysely<DB>, values: { id: string; connectionId: string; organisationId: string; dueKey: string; at: Date }): Promise<string | null> {
  const row = await db
    .insertInto("crmPull")
    .values({
      id: values.id,
      connectionId: values.connectionId,
      organisationId: values.organisationId,
      dueKey: values.dueKey,
      status: "queued",
      notBefore: values.at,
      createdAt: values.at,
    })
    .onConflict((oc) => oc.columns(["connectionId", "dueKey"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Pulls to run now: queued or waiting ones whose time has come, and running ones whose process stopped beating. */
export async function listPullsToRun(db: Kysely<DB>, now: Date, staleBefore: Date): Promise<string[]> {
  const rows = await db
    .selectFrom("crmPull")
    .select("id")
    .where((eb) =>
      eb.or([eb.and([eb("status", "in", ["queued", "waiting"]), eb("notBefore", "<=", now)]), eb.and([eb("status", "=", "running"), eb("heartbeatAt", "<", staleBefore)])]),
    )
    .orderBy("createdAt")
    .execute();
  return rows.map((r) => r.id);
}

/** Takes a pull to run: true for the one worker that moved it to running. */
export async function startPull(db: Kysely<DB>, id: string, now: Date, staleBefore: Date) {
  return db
    .updateTable("crmPull")
    .set((eb) => ({ status: "running", heartbeatAt: now, attempts: eb("attempts", "+", 1), problem: null }))
    .where("id", "=", id)
    .where((eb) =>
      eb.or([eb.and([eb("status", "in", ["queued", "waiting"]), eb("notBefore", "<=", now)]), eb.and([eb("status", "=", "running"), eb("heartbeatAt", "<", staleBefore)])]),
    )
    .returning(["id", "connectionId", "organisationId", "attempts", "providerJob", "dueKey"])
    .executeTakeFirst();
}

export async function beatPull(db: Kysely<DB>, id: string, records: number, at: Date): Promise<void> {
  await db.updateTable("crmPull").set({ heartbeatAt: at, records }).where("id", "=", id).where("status", "=", "running").execute();
}

export async function setPullProviderJob(db: Kysely<DB>, id: string, job: string): Promise<void> {
  await db.updateTable("crmPull").set({ providerJob: job }).where("id", "=", id).execute();
}

export async function finishPull(
  db: Kysely<DB>,
  id: string,
  outcome: { status: "done" | "failed" | "waiting"; result?: unknown; problem: string | null; notBefore?: Date; records?: number; at: Date },
): Promise<void> {
  await db
    .updateTable("crmPull")
    .set({
      status: outcome.status,
      result: outcome.result === undefined ? undefined : JSON.stringify(outcome.result),
      problem: outcome.problem,
      ...(outcome.notBefore ? { notBefore: outcome.notBefore } : {}),
      ...(outcome.records !== undefined ? { records: outcome.records } : {}),
      finishedAt: outcome.status === "waiting" ? null : outcome.at,
      heartbeatAt: outcome.at,
    })
    .where("id", "=", id)
    .execute();
}

/** The latest pulls of an organisation's connections, newest first. */
export async function listRecentPulls(db: Kysely<DB>, organisationId: string, limit: number) {
  return db
    .selectFrom("crmPull")
    .select(["id", "connectionId", "dueKey", "status", "attempts", "records", "result", "problem", "createdAt", "finishedAt", "notBefore", "heartbeatAt"])
    .where("organisationId", "=", organisationId)
    .orderBy("createdAt", "desc")
    .orderBy(sql`id`)
    .limit(limit)
    .execute();
}
