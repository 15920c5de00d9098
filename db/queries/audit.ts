import type { Kysely } from "kysely";
import type { DB } from "../schema";
import type { AuditActor, AuditContent } from "../../app/domain/audit";

// The audit log's rows (migration 0020, ADR 036). The chain's rules and hashes are in app/domain/audit.ts;
// recordAudit (app/services/audit.server.ts) is the one way entries are written.

/**
 * Locks the organisation's chain head for the rest of the transaction (creating it at the genesis hash the
 * first time) and returns it: every append of the organisation waits here for the one before to commit.
 */
export async function lockAuditChainHead(trx: Kysely<DB>, organisationId: string, genesisHash: string): Promise<{ lastSeq: number; lastHash: string }> {
  await trx
    .insertInto("auditChain")
    .values({ organisationId, lastSeq: 0, lastHash: genesisHash })
    .onConflict((oc) => oc.column("organisationId").doNothing())
    .execute();
  const head = await trx.selectFrom("auditChain").select(["lastSeq", "lastHash"]).where("organisationId", "=", organisationId).forUpdate().executeTakeFirstOrThrow();
  return head;
}

/** An entry as it is written: its hashed content, and the hashes that chain it. */
export type AuditEntryInsert = AuditContent & { prevHash: string; hash: string };

function actorId(actor: AuditActor): string {
  return actor.kind === "person" ? actor.personId : actor.kind === "api-token" || actor.kind === "scim-token" ? actor.tokenId : actor.name;
}

/** Rows per INSERT statement (PostgreSQL takes at most 65,535 parameters in one). */
const INSERT_CHUNK = 1000;

/**
 * Writes entries, their personal details and the new chain head (inside the transaction that locked the
 * head); the entries follow each other in the chain.
 */
export async function insertAuditEntries(
  trx: Kysely<DB>,
  entries: readonly { entry: AuditEntryInsert; details: readonly { personId: string; salt: string; data: unknown }[] }[],
): Promise<void> {
  for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
    const chunk = entries.slice(i, i + INSERT_CHUNK);
    await trx
      .insertInto("auditEntry")
      .values(
        chunk.map(({ entry }) => ({
          organisationId: entry.organisationId,
          seq: entry.seq,
          occurredAt: entry.occurredAt,
          actorKind: entry.actor.kind,
          actorId: actorId(entry.actor),
          action: entry.action,
          targetType: entry.target?.type ?? null,
          targetId: entry.target?.id ?? null,
          source: entry.source,
          before: entry.before === null ? null : JSON.stringify(entry.before),
          after: entry.after === null ? null : JSON.stringify(entry.after),
          personal: JSON.stringify(entry.personal),
          prevHash: entry.prevHash,
          hash: entry.hash,
        })),
      )
      .execute();
    const details = chunk.flatMap(({ entry, details }) =>
      details.map((d) => ({ organisationId: entry.organisationId, seq: entry.seq, personId: d.personId, salt: d.salt, data: JSON.stringify(d.data) })),
    );
    for (let j = 0; j < details.length; j += INSERT_CHUNK)
      await trx
        .insertInto("auditPersonalDetail")
        .values(details.slice(j, j + INSERT_CHUNK))
        .execute();
  }
  const last = entries[entries.length - 1]!.entry;
  await trx.updateTable("auditChain").set({ lastSeq: last.seq, lastHash: last.hash }).where("organisationId", "=", last.organisationId).execute();
}

export type AuditEntryRow = Awaited<ReturnType<typeof listAuditEntriesAfter>>[number];

/** Up to `limit` entries after `afterSeq`, in chain order (verify walks the chain in such batches). */
export async function listAuditEntriesAfter(db: Kysely<DB>, organisationId: string, afterSeq: number, limit: number) {
  return db.selectFrom("auditEntry").selectAll().where("organisationId", "=", organisationId).where("seq", ">", afterSeq).orderBy("seq").limit(limit).execute();
}

/** The personal details still held for entries `fromSeq`..`toSeq`. */
export async function listAuditPersonalDetails(db: Kysely<DB>, organisationId: string, fromSeq: number, toSeq: number) {
  return db
    .selectFrom("auditPersonalDetail")
    .select(["seq", "personId", "salt", "data"])
    .where("organisationId", "=", organisationId)
    .where("seq", ">=", fromSeq)
    .where("seq", "<=", toSeq)
    .execute();
}

export async function findAuditChainHead(db: Kysely<DB>, organisationId: string) {
  return db.selectFrom("auditChain").select(["lastSeq", "lastHash"]).where("organisationId", "=", organisationId).executeTakeFirst();
}

/** Deletes a person's personal details from every entry of the organisation; returns how many were deleted. */
export async function deleteAuditPersonalDetails(trx: Kysely<DB>, organisationId: string, personId: string): Promise<number> {
  const result = await trx.deleteFrom("auditPersonalDetail").where("organisationId", "=", organisationId).where("personId", "=", personId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Organisations with an audit chain (verify of every organisation). */
export async function listAuditedOrganisations(db: Kysely<DB>) {
  return db
    .selectFrom("auditChain")
    .innerJoin("organisation", "organisation.id", "auditChain.organisationId")
    .select(["organisation.id", "organisation.slug", "organisation.name"])
    .orderBy("organisation.slug")
    .execute();
}

/** When the latest entry of `action` about this target was recorded, if any (one index lookup). */
export async function latestAuditOf(db: Kysely<DB>, organisationId: string, action: string, target: { type: string; id: string }): Promise<Date | null> {
  const row = await db
    .selectFrom("auditEntry")
    .select("occurredAt")
    .where("organisationId", "=", organisationId)
    .where("targetType", "=", target.type)
    .where("targetId", "=", target.id)
    .where("action", "=", action)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.occurredAt ?? null;
}

/** What the audit page may filter on; every member optional. */
export interface AuditFilter {
  actor?: { kind: "person" | "api-token" | "scim-token" | "system"; id: string };
  action?: string;
  target?: { type: string; id?: string };
  from?: Date;
  to?: Date;
  /** Entries before this sequence number (the next page, newest first). */
  beforeSeq?: number;
}

/** Up to `limit` entries matching `filter`, newest first, each with the personal details still held. */
export async function listAuditPage(db: Kysely<DB>, organisationId: string, filter: AuditFilter, limit: number) {
  let query = db.selectFrom("auditEntry").selectAll().where("organisationId", "=", organisationId);
  if (filter.actor) query = query.where("actorKind", "=", filter.actor.kind).where("actorId", "=", filter.actor.id);
  if (filter.action) query = query.where("action", "=", filter.action);
  if (filter.target) {
    query = query.where("targetType", "=", filter.target.type);
    if (filter.target.id) query = query.where("targetId", "=", filter.target.id);
  }
  if (filter.from) query = query.where("occurredAt", ">=", filter.from);
  if (filter.to) query = query.where("occurredAt", "<", filter.to);
  if (filter.beforeSeq !== undefined) query = query.where("seq", "<", filter.beforeSeq);
  const entries = await query.orderBy("seq", "desc").limit(limit).execute();
  const details =
    entries.length === 0
      ? []
      : await db
          .selectFrom("auditPersonalDetail")
          .select(["seq", "personId", "data"])
          .where("organisationId", "=", organisationId)
          .where(
            "seq",
            "in",
            entries.map((e) => e.seq),
          )
          .execute();
  return { entries, details };
}

/** The actors of the organisation's log, for the filter (at most `limit`, most recent first). */
export async function listAuditActors(db: Kysely<DB>, organisationId: string, limit: number) {
  return db
    .selectFrom("auditEntry")
    .select(["actorKind", "actorId"])
    .select((eb) => eb.fn.max("seq").as("lastSeq"))
    .where("organisationId", "=", organisationId)
    .groupBy(["actorKind", "actorId"])
    .orderBy("lastSeq", "desc")
    .limit(limit)
    .execute();
}

/** Names of the organisation's things the log refers to by id, for the ids given (never a whole table). */
export async function auditNames(
  db: Kysely<DB>,
  organisationId: string,
  ids: { people: string[]; teams: string[]; tokens: string[]; scimTokens: string[]; programs: string[]; plays: string[]; trainings: string[]; actionPlans: string[] },
) {
  const by = async <T extends { id: string }>(list: string[], read: (list: string[]) => Promise<T[]>) => (list.length === 0 ? [] : read([...new Set(list)]));
  const [people, teams, tokens, scimTokens, programs, plays, trainings, actionPlans] = await Promise.all([
    by(ids.people, (l) => db.selectFrom("person").select(["id", "name"]).where("organisationId", "=", organisationId).where("id", "in", l).execute()),
    by(ids.teams, (l) => db.selectFrom("team").select(["id", "name"]).where("organisationId", "=", organisationId).where("id", "in", l).execute()),
    by(ids.tokens, (l) => db.selectFrom("apiToken").select(["id", "name"]).where("organisationId", "=", organisationId).where("id", "in", l).execute()),
    by(ids.scimTokens, (l) => db.selectFrom("scimToken").select(["id", "name"]).where("organisationId", "=", organisationId).where("id", "in", l).execute()),
    by(ids.programs, (l) => db.selectFrom("pulseProgram").select(["id", "name"]).where("organisationId", "=", organisationId).where("id", "in", l).execute()),
    by(ids.plays, (l) => db.selectFrom("play").select(["id", "title as name"]).where("organisationId", "=", organisationId).where("id", "in", l).execute()),
    by(ids.trainings, (l) => db.selectFrom("trainingCohort").select(["id", "name"]).where("organisationId", "=", organisationId).where("id", "in", l).execute()),
    by(ids.actionPlans, (l) =>
      db
        .selectFrom("actionPlan")
        .innerJoin("team", "team.id", "actionPlan.teamId")
        .select(["actionPlan.id", "team.name"])
        .where("actionPlan.organisationId", "=", organisationId)
        .where("actionPlan.id", "in", l)
        .execute(),
    ),
  ]);
  const map = (rows: { id: string; name: string }[]) => Object.fromEntries(rows.map((r) => [r.id, r.name])) as Record<string, string>;
  return {
    people: map(people),
    teams: map(teams),
    tokens: map(tokens),
    scimTokens: map(scimTokens),
    programs: map(programs),
    plays: map(plays),
    trainings: map(trainings),
    actionPlans: map(actionPlans),
  };
}
