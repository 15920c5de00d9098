import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { AppContext } from "~/context.server";
import {
  AUDIT_SOURCES,
  GENESIS_HASH,
  auditJson,
  entryHash,
  isAuditAction,
  isAuditTargetType,
  personalDigest,
  type AuditActor,
  type AuditContent,
  type AuditPersonal,
  type AuditSource,
  type AuditValues,
  type AuditVerification,
} from "~/domain/audit";
import { isUuid } from "~/domain/ids";
import {
  deleteAuditPersonalDetails,
  findAuditChainHead,
  insertAuditEntry,
  listAuditEntriesAfter,
  listAuditedOrganisations,
  listAuditPersonalDetails,
  lockAuditChainHead,
  type AuditEntryRow,
} from "#db/queries/audit";
import type { DB } from "#db/schema";

export type { AuditActor, AuditPersonal, AuditSource, AuditValues } from "~/domain/audit";

/** One audited action, as its use case describes it (ADR 036). */
export interface AuditRecord {
  organisationId: string;
  actor: AuditActor;
  /** `area.verb`, e.g. `roster.import`, `organisation.settings-change`, `api-token.create`. */
  action: string;
  /** What it was done to: `{ type: "person", id }`, `{ type: "team", id }`, … */
  target?: { type: string; id: string };
  source?: AuditSource;
  /** What changed, before and after, without anything that names a person (ids are fine): kept in the chain for good. */
  before?: AuditValues;
  after?: AuditValues;
  /** What names a person (their name, email), per person: kept beside the chain and deleted when they are erased. */
  personal?: AuditPersonal[];
  /** When; defaults to now. Services pass `app.now()`. */
  at?: Date;
}

/**
 * Appends one entry to the organisation's audit chain, inside the caller's transaction: the entry commits or
 * rolls back with the change it records. The chain head stays locked until that transaction ends, so call it
 * after the change's own writes (a long transaction holds up the organisation's other audited changes
 * meanwhile). Given a plain Kysely (no transaction), it runs in one of its own. Never pass survey answers
 * or comments. Returns the entry's sequence number.
 */
export async function recordAudit(trx: Kysely<DB>, record: AuditRecord): Promise<number> {
  if (!trx.isTransaction) return trx.transaction().execute((own) => recordAudit(own, record));
  if (!isAuditAction(record.action)) throw new TypeError(`"${record.action}" is not an audit action (area.verb in lower case)`);
  if (record.target && (!isAuditTargetType(record.target.type) || record.target.id.length === 0 || record.target.id.length > 200)) {
    throw new TypeError(`bad audit target ${JSON.stringify(record.target)}`);
  }
  if (record.source !== undefined && !AUDIT_SOURCES.includes(record.source)) throw new TypeError(`"${String(record.source)}" is not an audit source`);
  const actor = checkActor(record.actor);
  const personalIds = new Set<string>();
  const details = (record.personal ?? []).map((p) => {
    if (!isUuid(p.personId) || personalIds.has(p.personId)) throw new TypeError("personal details need one distinct person id each");
    personalIds.add(p.personId);
    const data = auditJson({ before: p.before ?? null, after: p.after ?? null });
    const salt = crypto.randomBytes(16).toString("hex");
    return { personId: p.personId.toLowerCase(), salt, data, digest: personalDigest(salt, data) };
  });
  const head = await lockAuditChainHead(trx, record.organisationId, GENESIS_HASH);
  const content: AuditContent = {
    organisationId: record.organisationId,
    seq: head.lastSeq + 1,
    occurredAt: new Date((record.at ?? new Date()).getTime()),
    actor,
    action: record.action,
    target: record.target ? { type: record.target.type, id: record.target.id } : null,
    source: record.source ?? null,
    before: record.before ? (auditJson(record.before) as AuditValues) : null,
    after: record.after ? (auditJson(record.after) as AuditValues) : null,
    personal: details.map((d) => ({ personId: d.personId, digest: d.digest })),
  };
  const hash = entryHash(head.lastHash, content);
  await insertAuditEntry(trx, { ...content, prevHash: head.lastHash, hash }, details);
  return content.seq;
}

function checkActor(actor: AuditActor): AuditActor {
  switch (actor.kind) {
    case "person":
      if (!isUuid(actor.personId)) throw new TypeError("an audit actor's person id must be a UUID");
      return { kind: "person", personId: actor.personId.toLowerCase() };
    case "api-token":
      if (!/^[a-z0-9]{1,100}$/.test(actor.tokenId)) throw new TypeError("bad API token id for an audit actor");
      return actor;
    case "system":
      if (!/^[a-z][a-z-]{0,49}$/.test(actor.name)) throw new TypeError("a system actor is named in lower case, e.g. 'cli'");
      return actor;
  }
}

/**
 * Erasure (ADR 036, ADR 037): deletes the person's personal details from every audit entry of the
 * organisation. The entries keep the person's id and the details' salted digests, so the chain still
 * verifies, and nothing left names them once their person row is gone. Runs in the caller's transaction;
 * returns how many details were deleted.
 */
export async function forgetAuditSubject(trx: Kysely<DB>, organisationId: string, personId: string): Promise<number> {
  return deleteAuditPersonalDetails(trx, organisationId, personId);
}

function actorOf(row: AuditEntryRow): AuditActor {
  switch (row.actorKind) {
    case "person":
      return { kind: "person", personId: row.actorId };
    case "api-token":
      return { kind: "api-token", tokenId: row.actorId };
    case "system":
      return { kind: "system", name: row.actorId };
  }
}

/** The hashed content of a stored entry, from its columns. */
function contentOf(row: AuditEntryRow): AuditContent {
  return {
    organisationId: row.organisationId,
    seq: row.seq,
    occurredAt: row.occurredAt,
    actor: actorOf(row),
    action: row.action,
    target: row.targetType === null || row.targetId === null ? null : { type: row.targetType, id: row.targetId },
    source: row.source,
    before: row.before === null ? null : (auditJson(row.before) as AuditValues),
    after: row.after === null ? null : (auditJson(row.after) as AuditValues),
    personal: row.personal,
  };
}

const VERIFY_BATCH = 1000;

/**
 * Walks the organisation's chain from its first entry, a batch at a time: every sequence number present and
 * in order, every entry linked to its predecessor's hash and hashing to its own, every personal detail still
 * held matching its digest, and the chain head naming the last entry. Stops at the first entry that does
 * not hold.
 */
export async function verifyAuditChain(app: Pick<AppContext, "db">, organisationId: string): Promise<AuditVerification> {
  const result: AuditVerification = { organisationId, entries: 0, detailsChecked: 0, detailsForgotten: 0, headHash: GENESIS_HASH, broken: null };
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  const fail = (seq: number, reason: string) => ({ ...result, broken: { seq, reason } });
  for (;;) {
    const rows = await listAuditEntriesAfter(app.db, organisationId, prevSeq, VERIFY_BATCH);
    if (rows.length === 0) break;
    const details = await listAuditPersonalDetails(app.db, organisationId, rows[0]!.seq, rows[rows.length - 1]!.seq);
    const detailsBySeq = new Map<number, typeof details>();
    for (const d of details) detailsBySeq.set(d.seq, [...(detailsBySeq.get(d.seq) ?? []), d]);
    for (const row of rows) {
      const seq = row.seq;
      if (seq !== prevSeq + 1) return fail(prevSeq + 1, `entry ${prevSeq + 1} is missing (the next one is ${seq})`);
      if (row.prevHash !== prevHash) return fail(seq, "it does not link to the hash of the entry before it");
      let content: AuditContent;
      try {
        content = contentOf(row);
      } catch {
        return fail(seq, "its content is not what Candor writes");
      }
      if (entryHash(prevHash, content) !== row.hash) return fail(seq, "its content does not match its hash (the entry was changed)");
      const digests = new Map(row.personal.map((p) => [p.personId, p.digest]));
      const held = detailsBySeq.get(seq) ?? [];
      for (const detail of held) {
        const digest = digests.get(detail.personId);
        if (digest === undefined) return fail(seq, "it has personal details its hash does not cover");
        if (personalDigest(detail.salt, auditJson(detail.data)) !== digest) return fail(seq, "a person's details do not match their digest (the details were changed)");
      }
      result.detailsChecked += held.length;
      result.detailsForgotten += digests.size - held.length;
      result.entries += 1;
      prevHash = row.hash;
      prevSeq = seq;
      result.headHash = prevHash;
    }
  }
  const head = await findAuditChainHead(app.db, organisationId);
  if (head && (head.lastSeq !== prevSeq || head.lastHash !== prevHash)) {
    return fail(prevSeq + 1, `the chain's head names entry ${head.lastSeq}, but the chain ends at entry ${prevSeq} (entries were removed or changed at its end)`);
  }
  if (!head && prevSeq > 0) return fail(prevSeq, "the chain has entries but no head");
  return result;
}

/** Every organisation that has an audit chain (for `candor audit verify` without --organisation). */
export async function listAuditedOrganisationsForVerify(app: Pick<AppContext, "db">) {
  return listAuditedOrganisations(app.db);
}
