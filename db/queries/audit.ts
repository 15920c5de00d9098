import type { Kysely } from "kysely";
import type { DB } from "../schema";
import type { AuditActor, AuditSource } from "../../app/domain/audit";

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

export interface AuditEntryInsert {
  organisationId: string;
  seq: number;
  occurredAt: Date;
  actor: AuditActor;
  action: string;
  target: { type: string; id: string } | null;
  source: AuditSource | null;
  before: unknown;
  after: unknown;
  personal: { personId: string; digest: string }[];
  prevHash: string;
  hash: string;
}

function actorId(actor: AuditActor): string {
  return actor.kind === "person" ? actor.personId : actor.kind === "api-token" ? actor.tokenId : actor.name;
}

/** Writes one entry, its personal details and the new chain head (inside the transaction that locked the head). */
export async function insertAuditEntry(trx: Kysely<DB>, entry: AuditEntryInsert, details: { personId: string; salt: string; data: unknown }[]): Promise<void> {
  await trx
    .insertInto("auditEntry")
    .values({
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
    })
    .execute();
  if (details.length > 0) {
    await trx
      .insertInto("auditPersonalDetail")
      .values(details.map((d) => ({ organisationId: entry.organisationId, seq: entry.seq, personId: d.personId, salt: d.salt, data: JSON.stringify(d.data) })))
      .execute();
  }
  await trx.updateTable("auditChain").set({ lastSeq: entry.seq, lastHash: entry.hash }).where("organisationId", "=", entry.organisationId).execute();
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
