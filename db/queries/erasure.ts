import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";
import { organisationDeals, ownerKey } from "./crm";
import { ownerPersons } from "./crm-metrics";

// Erasing a person (ADR 037): what names or reaches them, counted for the confirmation page and then removed
// in one transaction by the service (app/services/erasure.server.ts). Each count and its removal use the
// same condition, so the page's numbers are the numbers removed.

/** The person as erasure sees them. */
export interface ErasureTarget {
  organisationId: string;
  personId: string;
  name: string;
  email: string;
  /** The sign-in throttle's key for their address (app/auth/throttle.server.ts). */
  throttleKey: string;
}

/** The open-wave ballot records of the person: (wave, holder) pairs the server computed (ADR 021). */
export type HolderOf = ReadonlyArray<{ waveId: string; holder: Uint8Array }>;

/** Rows that go, by kind: the confirmation page lists them and the erasure returns the same counts. */
export interface ErasureCounts {
  sessions: number;
  accountLinks: number;
  apiTokens: number;
  pulseLinks: number;
  participations: number;
  openBallotRecords: number;
  formSubmissions: number;
  crmDeals: number;
  crmOwnerMappings: number;
  actionPlanOwners: number;
  signInFailures: number;
  /** Their names and addresses kept beside audit entries (ADR 036); the entries stay, naming them by id. */
  auditDetails: number;
}

/** What stays, without their name: so that the page can say so with numbers. */
export interface ErasureKept {
  memberships: number;
  teamsManaged: number;
  selfAssessments: number;
  actionPlansWritten: number;
  trainings: number;
}

/** The owner texts of the organisation's CRM deals that count for this person (the metrics' own rule). */
export async function ownerTextsOf(db: Kysely<DB>, target: ErasureTarget): Promise<string[]> {
  const deals = await organisationDeals(db, target.organisationId);
  const owners = await sql<{ owner: string }>`select distinct o.owner from crm_opportunity o where ${deals}`.execute(db);
  const resolved = await ownerPersons(
    db,
    target.organisationId,
    owners.rows.map((r) => r.owner),
  );
  return resolved.filter((r) => r.personId === target.personId).map((r) => r.owner);
}

/** An owner text that stands for an erased person in CRM deals: it names nobody, and maps to the tombstone. */
export const erasedOwner = (personId: string) => `erased:${personId}`;

/** Action plans whose owner field is the person's name or email (as typed: trimmed, any case). */
function ownerIsThem(target: ErasureTarget) {
  const name = target.name.trim().toLowerCase();
  const email = target.email.trim().toLowerCase();
  return sql<boolean>`lower(trim(owner)) in (${name}, ${email})`;
}

/** A case-insensitive regular expression (PostgreSQL's) that matches the text literally. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** How many rows of each kind an erasure removes or rewrites now. */
export async function countErasure(db: Kysely<DB>, target: ErasureTarget, holders: HolderOf, ownerTexts: readonly string[]): Promise<ErasureCounts> {
  const { personId, organisationId } = target;
  const n = (rows: { n: number | string | bigint }[]) => Number(rows[0]?.n ?? 0);
  const [
    sessions,
    accountLinks,
    apiTokens,
    pulseLinks,
    participations,
    openBallotRecords,
    formSubmissions,
    crmDeals,
    crmOwnerMappings,
    actionPlanOwners,
    signInFailures,
    auditDetails,
  ] = await Promise.all([
    db
      .selectFrom("session")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("personId", "=", personId)
      .execute(),
    db
      .selectFrom("authToken")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("personId", "=", personId)
      .execute(),
    db
      .selectFrom("apiToken")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisationId", "=", organisationId)
      .where("createdBy", "=", personId)
      .execute(),
    db
      .selectFrom("waveLink")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("personId", "=", personId)
      .execute(),
    db
      .selectFrom("participation")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("personId", "=", personId)
      .execute(),
    holders.length === 0 ? Promise.resolve([{ n: 0 }]) : countHolders(db, holders),
    db
      .selectFrom("formSubmission")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisationId", "=", organisationId)
      .where("personId", "=", personId)
      .execute(),
    countDeals(db, organisationId, ownerTexts),
    db
      .selectFrom("crmOwnerMapping")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisationId", "=", organisationId)
      .where((eb) => eb.or([eb("personId", "=", personId), ...(ownerTexts.length > 0 ? [eb("ownerKey", "in", ownerTexts.map(ownerKey))] : [])]))
      .execute(),
    db
      .selectFrom("actionPlan")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisationId", "=", organisationId)
      .where(ownerIsThem(target))
      .execute(),
    db
      .selectFrom("loginFailure")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("keyHash", "=", target.throttleKey)
      .execute(),
    db
      .selectFrom("auditPersonalDetail")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisationId", "=", organisationId)
      .where("personId", "=", personId)
      .execute(),
  ]);
  return {
    sessions: n(sessions),
    accountLinks: n(accountLinks),
    apiTokens: n(apiTokens),
    pulseLinks: n(pulseLinks),
    participations: n(participations),
    openBallotRecords: n(openBallotRecords),
    formSubmissions: n(formSubmissions),
    crmDeals: n(crmDeals),
    crmOwnerMappings: n(crmOwnerMappings),
    actionPlanOwners: n(actionPlanOwners),
    signInFailures: n(signInFailures),
    auditDetails: n(auditDetails),
  };
}

async function countHolders(db: Kysely<DB>, holders: HolderOf) {
  return db
    .selectFrom("ballotIssuance")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where((eb) => eb.or(holders.map((h) => eb.and([eb("waveId", "=", h.waveId), eb("holder", "=", h.holder)]))))
    .execute();
}

async function countDeals(db: Kysely<DB>, organisationId: string, ownerTexts: readonly string[]) {
  if (ownerTexts.length === 0) return [{ n: 0 }];
  const deals = await organisationDeals(db, organisationId);
  const result = await sql<{ n: number }>`select count(*)::int as n from crm_opportunity o where ${deals} and o.owner in (${sql.join([...ownerTexts])})`.execute(db);
  return result.rows;
}

/** What stays of the person, nameless: their team history, the teams they manage, their self-assessments, plans and trainings. */
export async function countKept(db: Kysely<DB>, target: ErasureTarget): Promise<ErasureKept> {
  const { personId, organisationId } = target;
  const n = (rows: { n: number | string | bigint }[]) => Number(rows[0]?.n ?? 0);
  const [memberships, teamsManaged, selfAssessments, actionPlansWritten, trainings] = await Promise.all([
    db
      .selectFrom("teamMembership")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("personId", "=", personId)
      .execute(),
    db
      .selectFrom("team")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisationId", "=", organisationId)
      .where("managerId", "=", personId)
      .execute(),
    db
      .selectFrom("selfAssessment")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("managerId", "=", personId)
      .where("submittedAt", "is not", null)
      .execute(),
    db
      .selectFrom("actionPlan")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisationId", "=", organisationId)
      .where("createdBy", "=", personId)
      .execute(),
    db
      .selectFrom("trainingParticipant")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("personId", "=", personId)
      .execute(),
  ]);
  return { memberships: n(memberships), teamsManaged: n(teamsManaged), selfAssessments: n(selfAssessments), actionPlansWritten: n(actionPlansWritten), trainings: n(trainings) };
}

/** The name an erased person's row and their action plans' owner field carry from then on. */
export const ERASED_NAME = "Erased person";

/**
 * Removes what names or reaches the person, in the caller's transaction, and returns what it removed (the
 * same conditions as countErasure). Their participation rows become counts per wave that name nobody
 * (wave_erased_participation); `answeredOpen` lists the open waves where they hold a ballot record, which
 * counts as taking part. The person row becomes the tombstone.
 */
export async function applyErasure(
  trx: Kysely<DB>,
  target: ErasureTarget,
  holders: HolderOf,
  ownerTexts: readonly string[],
  at: Date,
): Promise<Omit<ErasureCounts, "auditDetails">> {
  const { personId, organisationId } = target;
  const deleted = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  const updated = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows);

  const sessions = deleted(await trx.deleteFrom("session").where("personId", "=", personId).executeTakeFirst());
  const accountLinks = deleted(await trx.deleteFrom("authToken").where("personId", "=", personId).executeTakeFirst());
  const apiTokens = deleted(await trx.deleteFrom("apiToken").where("organisationId", "=", organisationId).where("createdBy", "=", personId).executeTakeFirst());
  const pulseLinks = deleted(await trx.deleteFrom("waveLink").where("personId", "=", personId).executeTakeFirst());

  // A ballot record in an open wave means they took part (sealing would have said so at close).
  let openBallotRecords = 0;
  const answeredOpen = new Set<string>();
  for (const h of holders) {
    const gone = deleted(await trx.deleteFrom("ballotIssuance").where("waveId", "=", h.waveId).where("holder", "=", h.holder).executeTakeFirst());
    openBallotRecords += gone;
    if (gone > 0) answeredOpen.add(h.waveId);
  }
  const rows = await trx.deleteFrom("participation").where("personId", "=", personId).returning(["waveId", "answered"]).execute();
  for (const row of rows) {
    const answered = row.answered || answeredOpen.has(row.waveId) ? 1 : 0;
    await trx
      .insertInto("waveErasedParticipation")
      .values({ waveId: row.waveId, invited: 1, answered })
      .onConflict((oc) =>
        oc.column("waveId").doUpdateSet((eb) => ({
          invited: eb("waveErasedParticipation.invited", "+", 1),
          answered: eb("waveErasedParticipation.answered", "+", answered),
        })),
      )
      .execute();
  }
  const formSubmissions = deleted(await trx.deleteFrom("formSubmission").where("organisationId", "=", organisationId).where("personId", "=", personId).executeTakeFirst());

  // CRM deals keep counting for the same teams: their owner text becomes one that names nobody and maps to
  // the tombstone, which keeps the person's team history.
  let crmDeals = 0;
  const crmOwnerMappings = deleted(
    await trx
      .deleteFrom("crmOwnerMapping")
      .where("organisationId", "=", organisationId)
      .where((eb) => eb.or([eb("personId", "=", personId), ...(ownerTexts.length > 0 ? [eb("ownerKey", "in", ownerTexts.map(ownerKey))] : [])]))
      .executeTakeFirst(),
  );
  if (ownerTexts.length > 0) {
    const deals = await organisationDeals(trx, organisationId);
    const result = await sql`update crm_opportunity o set owner = ${erasedOwner(personId)} where ${deals} and o.owner in (${sql.join([...ownerTexts])})`.execute(trx);
    crmDeals = Number(result.numAffectedRows ?? 0);
  }
  await trx
    .insertInto("crmOwnerMapping")
    .values({ organisationId, ownerKey: erasedOwner(personId), personId, ignored: false })
    .onConflict((oc) => oc.columns(["organisationId", "ownerKey"]).doUpdateSet({ personId, ignored: false }))
    .execute();
  // A skipped row's reason may quote a cell: the person's address or name in it goes too.
  for (const needle of [target.email, target.name].filter((s) => s.trim().length >= 3)) {
    const pattern = literally(JSON.stringify(needle.trim()).slice(1, -1));
    await sql`update crm_snapshot set skipped_rows = regexp_replace(skipped_rows::text, ${pattern}, ${ERASED_NAME}, 'gi')::jsonb
      where organisation_id = ${organisationId} and skipped_rows::text ~* ${pattern}`.execute(trx);
  }

  const actionPlanOwners = updated(
    await trx.updateTable("actionPlan").set({ owner: ERASED_NAME }).where("organisationId", "=", organisationId).where(ownerIsThem(target)).executeTakeFirst(),
  );

  const signInFailures = deleted(await trx.deleteFrom("loginFailure").where("keyHash", "=", target.throttleKey).executeTakeFirst());

  await trx
    .updateTable("person")
    .set({
      name: ERASED_NAME,
      email: `erased-${personId}@erased.invalid`,
      passwordHash: null,
      passwordChangedAt: null,
      active: false,
      deactivatedAt: sql<Date>`coalesce(deactivated_at, ${at})`,
      erasedAt: at,
    })
    .where("organisationId", "=", organisationId)
    .where("id", "=", personId)
    .execute();

  return {
    sessions,
    accountLinks,
    apiTokens,
    pulseLinks,
    participations: rows.length,
    openBallotRecords,
    formSubmissions,
    crmDeals,
    crmOwnerMappings,
    actionPlanOwners,
    signInFailures,
  };
}
