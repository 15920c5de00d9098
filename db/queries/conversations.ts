import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

/**
 * Conversations on comments (ADR 054). A conversation is the messages about one response's comment; the
 * author reaches it only by its thread key (the server hashes the token the author's browser presents), the
 * team by the response's id, which it sees only beside the comment and only where the comment is shown.
 */

/** The response a thread key names in a wave, with its comment and whether the wave has closed; none for an unknown key. */
export async function findThread(db: Kysely<DB>, waveId: string, threadKey: Uint8Array) {
  return db
    .selectFrom("response as r")
    .innerJoin("wave as w", "w.id", "r.waveId")
    .leftJoin("responseAnswer as a", (join) => join.onRef("a.responseId", "=", "r.id").on("a.comment", "is not", null))
    .select(["r.id as responseId", "r.teamId", "w.organisationId", "w.status", "w.sealed", "a.comment"])
    .where("r.waveId", "=", waveId)
    .where("r.threadKey", "=", threadKey)
    .executeTakeFirst();
}

/** The messages of these responses' conversations, in order, with the team writer's name. */
export async function listMessages(db: Kysely<DB>, responseIds: readonly string[]) {
  if (responseIds.length === 0) return [];
  return db
    .selectFrom("conversationMessage as m")
    .leftJoin("person as p", "p.id", "m.personId")
    .select(["m.responseId", "m.position", "m.writer", "m.body", "m.closes", "p.name as writerName"])
    .where("m.responseId", "in", [...responseIds])
    .orderBy("m.responseId")
    .orderBy("m.position")
    .execute();
}

/**
 * Adds a message at the end of a response's conversation (one statement). False when another message took
 * the same place at the same moment (the caller tries again).
 */
export async function appendMessage(
  db: Kysely<DB>,
  message: { responseId: string; writer: "team" | "rep"; personId: string | null; body: string | null; closes: boolean },
): Promise<boolean> {
  const inserted = await sql<{ position: number }>`
    insert into conversation_message (response_id, position, writer, person_id, body, closes)
    select ${message.responseId}, coalesce(max(position), 0) + 1, ${message.writer}, ${message.personId}, ${message.body}, ${message.closes}
    from conversation_message where response_id = ${message.responseId}
    on conflict (response_id, position) do nothing
    returning position`.execute(db);
  return inserted.rows.length > 0;
}

/** The comments of a closed wave's responses from these teams, each with its response's id (the team's handle on it) and whether it can have a conversation. */
export async function listCommentsWithIds(db: Kysely<DB>, waveId: string, teamIds: readonly string[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom("answer as a")
    .innerJoin("response as r", "r.id", "a.responseId")
    .select(["r.id as responseId", "r.teamId", "a.comment", sql<boolean>`r.thread_key is not null`.as("threaded")])
    .where("r.waveId", "=", waveId)
    .where("r.teamId", "in", [...teamIds])
    .where("a.comment", "is not", null)
    .orderBy("r.id")
    .execute();
}

/** A response's wave and team, by its id. */
export async function findResponse(db: Kysely<DB>, id: string) {
  return db.selectFrom("response").select(["id", "waveId", "teamId"]).where("id", "=", id).executeTakeFirst();
}
