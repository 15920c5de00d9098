import type { Kysely } from "kysely";
import type { DB, DeliveryChannel, MailPurpose } from "../schema";

// Slack and Teams (migration 0029, ADR 047): the organisation's Slack connection, each person's channel
// choice and Slack match, each team's Teams webhook, and what a wave's messages need to know of them.

export async function findSlackConnection(db: Kysely<DB>, organisationId: string) {
  return db.selectFrom("slackConnection").selectAll().where("organisationId", "=", organisationId).executeTakeFirst();
}

/** Saves the organisation's Slack connection (a new install or token replaces the old one), connected. */
export async function saveSlackConnection(
  db: Kysely<DB>,
  values: {
    organisationId: string;
    workspaceId: string;
    workspaceName: string;
    botUserId: string | null;
    botTokenSealed: Uint8Array;
    scopes: string[];
    installedVia: "oauth" | "token";
    connectedBy: string;
    at: Date;
  },
): Promise<void> {
  const row = {
    organisationId: values.organisationId,
    workspaceId: values.workspaceId,
    workspaceName: values.workspaceName,
    botUserId: values.botUserId,
    botTokenSealed: values.botTokenSealed,
    scopes: values.scopes,
    installedVia: values.installedVia,
    status: "connected" as const,
    problem: null,
    connectedBy: values.connectedBy,
    connectedAt: values.at,
    updatedAt: values.at,
  };
  const { organisationId: _key, ...update } = row;
  await db
    .insertInto("slackConnection")
    .values(row)
    .onConflict((oc) => oc.column("organisationId").doUpdateSet(update))
    .execute();
}

/**
 * Marks the connection broken with what Slack said, if it still holds the token that failed (an admin who
 * connected again meanwhile is not undone by a late failure of the old token). True when it changed now.
 */
export async function markSlackConnectionBroken(db: Kysely<DB>, organisationId: string, sealedToken: Uint8Array, problem: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable("slackConnection")
    .set({ status: "broken", problem, updatedAt: at })
    .where("organisationId", "=", organisationId)
    .where("botTokenSealed", "=", sealedToken)
    .where("status", "=", "connected")
    .returning("organisationId")
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteSlackConnection(db: Kysely<DB>, organisationId: string): Promise<boolean> {
  const result = await db.deleteFrom("slackConnection").where("organisationId", "=", organisationId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Forgets every Slack match of the organisation (another workspace was connected: its user ids differ). */
export async function forgetSlackMatches(db: Kysely<DB>, organisationId: string, at: Date): Promise<void> {
  await db
    .updateTable("chatMember")
    .set({ slackUserId: null, slackStatus: null, slackCheckedAt: null, updatedAt: at })
    .where("organisationId", "=", organisationId)
    .where("slackStatus", "is not", null)
    .execute();
}

export async function findChatMember(db: Kysely<DB>, personId: string) {
  return db.selectFrom("chatMember").selectAll().where("personId", "=", personId).executeTakeFirst();
}

/** A person's channel choice (email, Slack or both). */
export async function saveChannelChoice(db: Kysely<DB>, values: { organisationId: string; personId: string; channel: "email" | "slack" | "both"; at: Date }): Promise<void> {
  await db
    .insertInto("chatMember")
    .values({ organisationId: values.organisationId, personId: values.personId, channel: values.channel, updatedAt: values.at })
    .onConflict((oc) => oc.column("personId").doUpdateSet({ channel: values.channel, updatedAt: values.at }))
    .execute();
}

/** What users.lookupByEmail said of a person: their Slack user, or that Slack knows none (null). */
export async function saveSlackMatch(db: Kysely<DB>, values: { organisationId: string; personId: string; slackUserId: string | null; at: Date }): Promise<void> {
  const match = {
    slackUserId: values.slackUserId,
    slackStatus: values.slackUserId ? ("matched" as const) : ("not-found" as const),
    slackCheckedAt: values.at,
    updatedAt: values.at,
  };
  await db
    .insertInto("chatMember")
    .values({ organisationId: values.organisationId, personId: values.personId, ...match })
    .onConflict((oc) => oc.column("personId").doUpdateSet(match))
    .execute();
}

/** The organisation's active people with their channel choice and Slack match, by name (the admin's match report). */
export async function listChatMembers(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("person")
    .leftJoin("chatMember as m", "m.personId", "person.id")
    .select(["person.id", "person.name", "person.email", "m.channel", "m.slackUserId", "m.slackStatus", "m.slackCheckedAt"])
    .where("person.organisationId", "=", organisationId)
    .where("person.active", "=", true)
    .where("person.erasedAt", "is", null)
    .orderBy("person.name")
    .orderBy("person.id")
    .execute();
}

/** Channel choice and Slack match of some people (absent: never chose, never looked up). */
export async function findChatMembers(db: Kysely<DB>, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db.selectFrom("chatMember").select(["personId", "channel", "slackUserId", "slackStatus"]).where("personId", "in", personIds).execute();
}

/** Everyone asked in a wave, with their team and what decides their channels. */
export async function listAudienceChannels(db: Kysely<DB>, waveId: string) {
  return db
    .selectFrom("waveAudience as a")
    .innerJoin("wave", "wave.id", "a.waveId")
    .leftJoin("chatMember as m", "m.personId", "a.personId")
    .select(["a.personId", "a.teamId", "wave.organisationId", "m.channel", "m.slackStatus"])
    .where("a.waveId", "=", waveId)
    .orderBy("a.personId")
    .execute();
}

/** The managers of a wave's teams (active ones), with what decides their channels. */
export async function listWaveManagers(db: Kysely<DB>, waveId: string) {
  return db
    .selectFrom("waveAudience as a")
    .innerJoin("team", "team.id", "a.teamId")
    .innerJoin("person as manager", "manager.id", "team.managerId")
    .leftJoin("chatMember as m", "m.personId", "manager.id")
    .select(["team.id as teamId", "manager.id as personId", "m.channel", "m.slackStatus"])
    .distinct()
    .where("a.waveId", "=", waveId)
    .where("manager.active", "=", true)
    .execute();
}

/** The teams asked in a wave whose Teams channel has a working webhook. */
export async function listWaveTeamsWithWebhook(db: Kysely<DB>, waveId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("waveAudience as a")
    .innerJoin("teamsWebhook as w", "w.teamId", "a.teamId")
    .select("a.teamId")
    .distinct()
    .where("a.waveId", "=", waveId)
    .where("w.status", "=", "connected")
    .execute();
  return rows.map((r) => r.teamId);
}

export interface QueuedMessage {
  organisationId: string;
  waveId: string;
  purpose: MailPurpose;
  channel: DeliveryChannel;
  personId: string | null;
  teamId: string;
  day: number;
}

/** Queues messages to send (rows that exist already are left alone: queueing twice sends once). */
export async function queueMessages(db: Kysely<DB>, messages: readonly QueuedMessage[], at: Date): Promise<number> {
  let queued = 0;
  for (let i = 0; i < messages.length; i += 1000) {
    const result = await db
      .insertInto("mailDelivery")
      .values(messages.slice(i, i + 1000).map((m) => ({ ...m, status: "pending" as const, createdAt: at, updatedAt: at })))
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    queued += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return queued;
}

export async function listTeamsWebhooks(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("team")
    .leftJoin("teamsWebhook as w", "w.teamId", "team.id")
    .select(["team.id as teamId", "team.name as teamName", "w.urlHost", "w.status", "w.problem", "w.updatedAt"])
    .where("team.organisationId", "=", organisationId)
    .orderBy("team.name")
    .orderBy("team.id")
    .execute();
}

export async function findTeamsWebhook(db: Kysely<DB>, teamId: string) {
  return db.selectFrom("teamsWebhook").selectAll().where("teamId", "=", teamId).executeTakeFirst();
}

export async function saveTeamsWebhook(db: Kysely<DB>, values: { organisationId: string; teamId: string; urlSealed: Uint8Array; urlHost: string; at: Date }): Promise<void> {
  const update = { urlSealed: values.urlSealed, urlHost: values.urlHost, status: "connected" as const, problem: null, updatedAt: values.at };
  await db
    .insertInto("teamsWebhook")
    .values({ organisationId: values.organisationId, teamId: values.teamId, createdAt: values.at, ...update })
    .onConflict((oc) => oc.column("teamId").doUpdateSet(update))
    .execute();
}

export async function deleteTeamsWebhook(db: Kysely<DB>, organisationId: string, teamId: string): Promise<boolean> {
  const result = await db.deleteFrom("teamsWebhook").where("organisationId", "=", organisationId).where("teamId", "=", teamId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Marks a team's webhook broken, if it still holds the URL that failed. */
export async function markTeamsWebhookBroken(db: Kysely<DB>, teamId: string, urlSealed: Uint8Array, problem: string, at: Date): Promise<void> {
  await db.updateTable("teamsWebhook").set({ status: "broken", problem, updatedAt: at }).where("teamId", "=", teamId).where("urlSealed", "=", urlSealed).execute();
}
