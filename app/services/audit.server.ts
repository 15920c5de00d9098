import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { AppContext } from "~/context.server";
import {
  AUDIT_SOURCES,
  GENESIS_HASH,
  auditJson,
  canonicalJson,
  entryHash,
  isAuditAction,
  isAuditTargetType,
  personalDigest,
  type AuditActor,
  type AuditContent,
  type AuditJson,
  type AuditPersonal,
  type AuditSource,
  type AuditValues,
  type AuditVerification,
} from "~/domain/audit";
import { isUuid } from "~/domain/ids";
import {
  deleteAuditPersonalDetails,
  findAuditChainHead,
  insertAuditEntries,
  latestAuditOf,
  listAuditEntriesAfter,
  listAuditedOrganisations,
  listAuditPersonalDetails,
  lockAuditChainHead,
  type AuditEntryRow,
} from "#db/queries/audit";
import type { DB, MembershipSource } from "#db/schema";

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
  return (await recordAudits(trx, [record]))[0]!;
}

/** Appends several entries of one organisation in order, with one lock of the chain head and few statements (a roster import). */
export async function recordAudits(trx: Kysely<DB>, records: readonly AuditRecord[]): Promise<number[]> {
  if (records.length === 0) return [];
  if (!trx.isTransaction) return trx.transaction().execute((own) => appendAudits(own, records));
  return appendAudits(trx, records);
}

/**
 * recordAudit for a Kysely bound to one connection on which the caller has begun a transaction itself (the
 * CRM import's staging session on PostgreSQL, which drives COPY on that connection): Kysely cannot tell it
 * is inside one, and must not begin another.
 */
export async function recordAuditInOpenTransaction(db: Kysely<DB>, record: AuditRecord): Promise<number> {
  return (await appendAudits(db, [record]))[0]!;
}

async function appendAudits(trx: Kysely<DB>, records: readonly AuditRecord[]): Promise<number[]> {
  const organisationId = records[0]!.organisationId;
  if (records.some((r) => r.organisationId !== organisationId)) throw new TypeError("recordAudits appends to one organisation's chain at a time");
  const prepared = records.map(prepare);
  const head = await lockAuditChainHead(trx, organisationId, GENESIS_HASH);
  let prevHash = head.lastHash;
  let seq = head.lastSeq;
  const entries = prepared.map(({ content, details }) => {
    seq += 1;
    const full = { ...content, seq };
    const hash = entryHash(prevHash, full);
    const entry = { entry: { ...full, prevHash, hash }, details };
    prevHash = hash;
    return entry;
  });
  await insertAuditEntries(trx, entries);
  return entries.map((e) => e.entry.seq);
}

function prepare(record: AuditRecord): { content: Omit<AuditContent, "seq">; details: { personId: string; salt: string; data: AuditJson }[] } {
  if (!isAuditAction(record.action)) throw new TypeError(`"${record.action}" is not an audit action (area.verb in lower case)`);
  if (record.target && (!isAuditTargetType(record.target.type) || record.target.id.length === 0 || record.target.id.length > 200)) {
    throw new TypeError(`bad audit target ${JSON.stringify(record.target)}`);
  }
  if (record.source !== undefined && !AUDIT_SOURCES.includes(record.source)) throw new TypeError(`"${String(record.source)}" is not an audit source`);
  const actor = checkActor(record.actor);
  const personalIds = new Set<string>();
  const details = (record.personal ?? []).map((p) => {
    if (!isUuid(p.personId) || personalIds.has(p.personId.toLowerCase())) throw new TypeError("personal details need one distinct person id each");
    personalIds.add(p.personId.toLowerCase());
    const data = auditJson({ before: p.before ?? null, after: p.after ?? null });
    const salt = crypto.randomBytes(16).toString("hex");
    return { personId: p.personId.toLowerCase(), salt, data, digest: personalDigest(salt, data) };
  });
  return {
    content: {
      organisationId: record.organisationId,
      occurredAt: new Date((record.at ?? new Date()).getTime()),
      actor,
      action: record.action,
      target: record.target ? { type: record.target.type, id: record.target.id } : null,
      source: record.source ?? null,
      before: record.before ? (auditJson(record.before) as AuditValues) : null,
      after: record.after ? (auditJson(record.after) as AuditValues) : null,
      personal: details.map((d) => ({ personId: d.personId, digest: d.digest })),
    },
    details: details.map(({ personId, salt, data }) => ({ personId, salt, data })),
  };
}

/**
 * Who and through what, for a change that team membership events describe (their sources, migration 0017): a signed-in
 * person on a page (`admin` → ui) or importing a roster file (`roster-import` → csv), the CLI, or the demo seed.
 */
export function auditByMembershipChange(change: { actorId: string | null; source: MembershipSource }): { actor: AuditActor; source: AuditSource } {
  const source: AuditSource = ({ admin: "ui", "roster-import": "csv", cli: "cli", demo: "demo", scim: "scim" } as const)[change.source];
  if (change.actorId) return { actor: { kind: "person", personId: change.actorId }, source };
  return { actor: { kind: "system", name: change.source === "demo" ? "demo-seed" : "cli" }, source };
}

/**
 * The members of `after` whose value differs from `before`'s (compared as canonical JSON), with both values;
 * null when nothing changed. For entries that say only what changed.
 */
export function changedValues(before: AuditValues, after: AuditValues): { before: AuditValues; after: AuditValues } | null {
  const b: AuditValues = {};
  const a: AuditValues = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = auditJson(before[key] ?? null);
    const is = auditJson(after[key] ?? null);
    if (canonicalJson(was) === canonicalJson(is)) continue;
    b[key] = was;
    a[key] = is;
  }
  return Object.keys(a).length === 0 ? null : { before: b, after: a };
}

/**
 * recordAudit for a change a signed-in person made on a page: their organisation, them as the actor, source
 * `ui`, the app's clock.
 */
export async function recordAuditByUser(
  trx: Kysely<DB>,
  app: Pick<AppContext, "now">,
  user: { organisationId: string; personId: string },
  entry: Omit<AuditRecord, "organisationId" | "actor" | "source" | "at">,
): Promise<number> {
  return recordAudit(trx, { ...entry, organisationId: user.organisationId, actor: personActor(user), source: "ui", at: app.now() });
}

/** The actor of a change made by a signed-in person. */
export function personActor(user: { personId: string }): AuditActor {
  return { kind: "person", personId: user.personId };
}

function checkActor(actor: AuditActor): AuditActor {
  switch (actor.kind) {
    case "person":
      if (!isUuid(actor.personId)) throw new TypeError("an audit actor's person id must be a UUID");
      return { kind: "person", personId: actor.personId.toLowerCase() };
    case "api-token":
    case "scim-token":
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
    case "scim-token":
      return { kind: row.actorKind, tokenId: row.actorId };
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

/**
 * API token use (ADR 036): one entry per token and clock hour (UTC), written by the hour's first request —
 * a BI tool refreshing every minute would otherwise bury every admin action under its reads. The entry says
 * which resource that first request read; the token's last use to the minute is on Admin → API tokens. Most
 * requests cost one index lookup; the hour's first takes the chain head's lock and looks again under it, so
 * two servers answering at once still write one entry.
 */
export async function recordApiTokenUse(
  app: Pick<AppContext, "db" | "now">,
  token: { organisationId: string; tokenId: string },
  request: { resource: string | null; organisation: string | null },
): Promise<void> {
  const now = app.now();
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const target = { type: "api-token", id: token.tokenId };
  const seen = (latest: Date | null) => latest !== null && latest.getTime() >= hour.getTime();
  if (seen(await latestAuditOf(app.db, token.organisationId, "api-token.use", target))) return;
  await app.db.transaction().execute(async (trx) => {
    await lockAuditChainHead(trx, token.organisationId, GENESIS_HASH);
    if (seen(await latestAuditOf(trx, token.organisationId, "api-token.use", target))) return;
    await recordAudit(trx, {
      organisationId: token.organisationId,
      actor: { kind: "api-token", tokenId: token.tokenId },
      action: "api-token.use",
      target,
      source: "api",
      // As the request named them (unchecked text from the URL), cut short.
      after: {
        hour: hour.toISOString(),
        firstResource: request.resource?.slice(0, 100) ?? null,
        ...(request.organisation === null ? {} : { organisationAsked: request.organisation.slice(0, 100) }),
      },
      at: now,
    });
  });
}
