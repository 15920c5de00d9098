import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
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
  throttleKeys: string[];
}

/** The open-wave ballot records of the person: (wave, holder) pairs the server computed (ADR 021). */
export type HolderOf = ReadonlyArray<{ waveId: string; holder: Uint8Array }>;

/** Rows that go, by kind: the confirmation page lists them and the erasure returns the same counts. */
export interface ErasureCounts {
  sessions: number;
  accountLinks: number;
  /** Their accounts at the organisation's identity providers (ADR 042). */
  ssoAccounts: number;
  apiTokens: number;
  pulseLinks: number;
  participations: number;
  openBallotRecords: number;
  formSubmissions: number;
  /** Which pulse emails went to them (migration 0023). */
  emailRecords: number;
  /** Their channel choice and Slack account match (migration 0029). */
  chatSettings: number;
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

/**
 * One kind of row erasure deletes: its table and the one condition that picks the person's rows, so that the
 * confirmation page counts exactly what the erasure then deletes.
 */
function rowsOf<T extends keyof DB & string>(table: T, where: (eb: ExpressionBuilder<DB, T>) => Expression<SqlBool>) {
  return {
    count: async (db: Kysely<DB>): Promise<number> => {
      const row = await db
        .selectFrom(table as keyof DB)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where(where as never)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    remove: async (db: Kysely<DB>): Promise<number> =>
      Number(
        (
          await db
            .deleteFrom(table as keyof DB)
            .where(where as never)
            .executeTakeFirst()
        ).numDeletedRows,
      ),
  };
}

/** The rows that are deleted outright, by kind. */
function deletedRows(target: ErasureTarget, holders: HolderOf, ownerTexts: readonly string[]) {
  const { personId, organisationId } = target;
  return {
    sessions: rowsOf("session", (eb) => eb("personId", "=", personId)),
    accountLinks: rowsOf("authToken", (eb) => eb("personId", "=", personId)),
    ssoAccounts: rowsOf("ssoIdentity", (eb) => eb("personId", "=", personId)),
    apiTokens: rowsOf("apiToken", (eb) => eb.and([eb("organisationId", "=", organisationId), eb("createdBy", "=", personId)])),
    pulseLinks: rowsOf("waveLink", (eb) => eb("personId", "=", personId)),
    openBallotRecords: rowsOf("ballotIssuance", (eb) => eb.or(holders.map((h) => eb.and([eb("waveId", "=", h.waveId), eb("holder", "=", h.holder)])))),
    formSubmissions: rowsOf("formSubmission", (eb) => eb.and([eb("organisationId", "=", organisationId), eb("personId", "=", personId)])),
    emailRecords: rowsOf("mailDelivery", (eb) => eb.and([eb("organisationId", "=", organisationId), eb("personId", "=", personId)])),
    chatSettings: rowsOf("chatMember", (eb) => eb("personId", "=", personId)),
    crmOwnerMappings: rowsOf("crmOwnerMapping", (eb) =>
      eb.and([
        eb("organisationId", "=", organisationId),
        eb.or([eb("personId", "=", personId), ...(ownerTexts.length > 0 ? [eb("ownerKey", "in", ownerTexts.map(ownerKey))] : [])]),
      ]),
    ),
    signInFailures: rowsOf("loginFailure", (eb) => eb("keyHash", "in", target.throttleKeys)),
    participations: rowsOf("participation", (eb) => eb("personId", "=", personId)),
  };
}

/** Their CRM deals, as a condition on crm_opportunity `o` (the organisation's partitions only). */
async function theirDeals(db: Kysely<DB>, organisationId: string, ownerTexts: readonly string[]) {
  return ownerTexts.length === 0 ? sql<boolean>`false` : sql<boolean>`${await organisationDeals(db, organisationId)} and o.owner in (${sql.join([...ownerTexts])})`;
}

/** How many rows of each kind an erasure removes or rewrites now. */
export async function countErasure(db: Kysely<DB>, target: ErasureTarget, holders: HolderOf, ownerTexts: readonly string[]): Promise<ErasureCounts> {
  const rows = deletedRows(target, holders, ownerTexts);
  const kinds = Object.keys(rows) as Array<keyof typeof rows>;
  const [counts, crmDeals, actionPlanOwners, auditDetails] = await Promise.all([
    Promise.all(kinds.map(async (kind) => [kind, await rows[kind].count(db)] as const)),
    (async () =>
      (await sql<{ n: number }>`select count(*)::int as n from crm_opportunity o where ${await theirDeals(db, target.organisationId, ownerTexts)}`.execute(db)).rows[0]!.n)(),
    db
      .selectFrom("actionPlan")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisationId", "=", target.organisationId)
      .where(ownerIsThem(target))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("auditPersonalDetail")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisationId", "=", target.organisationId)
      .where("personId", "=", target.personId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    ...(Object.fromEntries(counts) as Record<(typeof kinds)[number], number>),
    crmDeals,
    actionPlanOwners: Number(actionPlanOwners.n),
    auditDetails: Number(auditDetails.n),
  };
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
  const rows = deletedRows(target, holders, ownerTexts);
  const updated = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows);

  const sessions = await rows.sessions.remove(trx);
  const accountLinks = await rows.accountLinks.remove(trx);
  const ssoAccounts = await rows.ssoAccounts.remove(trx);
  const apiTokens = await rows.apiTokens.remove(trx);
  const pulseLinks = await rows.pulseLinks.remove(trx);
  const formSubmissions = await rows.formSubmissions.remove(trx);
  const emailRecords = await rows.emailRecords.remove(trx);
  const chatSettings = await rows.chatSettings.remove(trx);
  const signInFailures = await rows.signInFailures.remove(trx);

  // Who was asked and whether they took part become per-wave counts that name nobody. A ballot record in an
  // open wave means they took part (sealing would have said so at close).
  const answeredOpen = new Set(
    holders.length === 0
      ? []
      : (
          await trx
            .selectFrom("ballotIssuance")
            .select("waveId")
            .where((eb) => eb.or(holders.map((h) => eb.and([eb("waveId", "=", h.waveId), eb("holder", "=", h.holder)]))))
            .execute()
        ).map((r) => r.waveId),
  );
  const openBallotRecords = await rows.openBallotRecords.remove(trx);
  const asked = await trx.selectFrom("participation").select(["waveId", "answered"]).where("personId", "=", personId).execute();
  for (const row of asked) {
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
  const participations = await rows.participations.remove(trx);

  // CRM deals keep counting for the same teams: their owner text becomes one that names nobody and maps to
  // the tombstone, which keeps the person's team history.
  const crmOwnerMappings = await rows.crmOwnerMappings.remove(trx);
  const rewritten = await sql`update crm_opportunity o set owner = ${erasedOwner(personId)} where ${await theirDeals(trx, organisationId, ownerTexts)}`.execute(trx);
  const crmDeals = Number(rewritten.numAffectedRows ?? 0);
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
    ssoAccounts,
    apiTokens,
    pulseLinks,
    participations,
    openBallotRecords,
    formSubmissions,
    emailRecords,
    chatSettings,
    crmDeals,
    crmOwnerMappings,
    actionPlanOwners,
    signInFailures,
  };
}
