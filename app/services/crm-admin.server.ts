import { sql } from "kysely";
import type { AppContext } from "~/context.server";
import { said } from "~/i18n/said";
import type { SessionUser } from "~/auth/session.server";
import { applyManualMapping, sentences, CANONICAL_FIELDS, DEFAULT_STAGE_MAPS, normalizeStageLabel, type CanonicalField, type DealStatus } from "~/domain/crm";
import { findOrganisationById } from "#db/queries/organisations";
import {
  allUnmatchedOwners,
  listCurrencyRates,
  listSnapshots,
  listStageEdits,
  organisationDeals,
  saveColumnMapping,
  saveCurrencyRate,
  saveOwnerMapping,
  saveStageEdit,
} from "#db/queries/crm";
import { listPeople } from "#db/queries/people";
import { InputError } from "~/domain/errors";
import { headerKey } from "./crm-import.server";
import { snapshotFeedsByRow } from "./crm-snapshots.server";
import { personActor, recordAudit, recordAuditByUser, type AuditActor, type AuditSource } from "./audit.server";

/** Who saves a CRM mapping: a signed-in admin on the CRM page, or the command line. */
export interface MappingAuthor {
  organisationId: string;
  actor: AuditActor;
  source: AuditSource;
}

const byUser = (user: SessionUser): MappingAuthor => ({ organisationId: user.organisationId, actor: personActor(user), source: "ui" });

/** What the admin's CRM page shows: snapshots, owners to map, stages and their mapping, currencies. */
export async function getCrmOverview(app: AppContext, user: SessionUser) {
  const org = await findOrganisationById(app.db, user.organisationId);
  const deals = await organisationDeals(app.db, user.organisationId);
  const [snapshots, feeds, owners, edits, rates, people, stages, currencies] = await Promise.all([
    listSnapshots(app.db, user.organisationId),
    snapshotFeedsByRow(app, user.organisationId),
    allUnmatchedOwners(app.db, user.organisationId, deals),
    listStageEdits(app.db, user.organisationId),
    listCurrencyRates(app.db, user.organisationId),
    listPeople(app.db, user.organisationId, { limit: 10_000 }),
    sql<{ stage: string; source: string; status: DealStatus; deals: number }>`
      select o.stage, s.source, o.status, count(*)::int as deals from crm_opportunity o join crm_snapshot s on s.id = o.snapshot_id
      where ${deals} group by o.stage, s.source, o.status order by o.stage`.execute(app.db),
    sql<{ currency: string; deals: number }>`
      select coalesce(o.currency, '') as currency, count(*)::int as deals from crm_opportunity o where ${deals}
      group by o.currency order by deals desc`.execute(app.db),
  ]);
  const stageRows = new Map<string, { stage: string; status: DealStatus; deals: number; edited: boolean }>();
  for (const row of stages.rows) {
    const k = normalizeStageLabel(row.stage);
    const existing = stageRows.get(k);
    stageRows.set(k, { stage: row.stage, status: edits[k] ?? row.status, deals: (existing?.deals ?? 0) + row.deals, edited: k in edits });
  }
  return {
    currency: org?.currency ?? "USD",
    snapshots: snapshots.map((s) => ({ ...s, skipped: Array.isArray(s.skippedRows) ? s.skippedRows.length : 0 })),
    /** What each counted snapshot feeds, in sentences (ADR 051). */
    feeds,
    unmatchedOwners: owners,
    people: people.filter((p) => p.active).map((p) => ({ id: p.id, label: `${p.name} <${p.email}>` })),
    stages: [...stageRows.values()],
    defaultStages: DEFAULT_STAGE_MAPS,
    currencies: currencies.rows.filter((c) => c.currency && c.currency !== (org?.currency ?? "USD")).map((c) => ({ ...c, rate: rates[c.currency] ?? null })),
  };
}

/** Maps a CRM owner to a person (remembered for every later upload), or marks it as nobody of ours. */
export async function mapCrmOwner(app: AppContext, user: SessionUser, owner: string, personId: string | null): Promise<void> {
  if (personId) {
    const person = await app.db.selectFrom("person").select("id").where("organisationId", "=", user.organisationId).where("id", "=", personId).executeTakeFirst();
    if (!person) throw new InputError(said("crm.admin.pickPerson"), { personId: said("crm.admin.pickPersonField") });
  }
  await app.db.transaction().execute(async (trx) => {
    await saveOwnerMapping(trx, user.organisationId, owner, personId);
    // The owner's label is a person's name as the CRM writes it: kept with the person it maps to (erasable),
    // and not kept at all for an owner marked as nobody of ours.
    await recordAuditByUser(trx, app, user, {
      action: "crm.owner-map",
      target: personId ? { type: "person", id: personId } : undefined,
      after: { personId },
      personal: personId ? [{ personId, after: { crmOwner: owner } }] : undefined,
    });
  });
}

/**
 * Changes how a stage maps to open, won or lost. It applies to the next uploads (stored deals keep the
 * status they were imported with; upload the file again to apply it to them).
 */
export async function setStageStatus(app: AppContext, user: SessionUser, stage: string, status: DealStatus): Promise<void> {
  await saveCrmMappings(app, byUser(user), { stages: { [stage]: status } });
}

/**
 * Saves stage mappings (stage label → open, won or lost) and a generic file's column choices (for its
 * header) in one transaction, each audited: what the CRM page saves one by one and the command line's
 * `--map-stage`, `--map-column` and `--mapping` save before an import. Throws InputError, saving
 * nothing, when a column choice does not fit the header (every problem at once) or a stage is empty.
 */
export async function saveCrmMappings(
  app: AppContext,
  by: MappingAuthor,
  mappings: { stages?: Readonly<Record<string, DealStatus>>; columns?: { header: string[]; choices: Partial<Record<CanonicalField, string>> } },
): Promise<void> {
  const stages = Object.entries(mappings.stages ?? {}).map(([stage, status]) => [normalizeStageLabel(stage), status] as const);
  if (stages.some(([stage]) => stage === "")) throw new InputError(said("crm.admin.stageNoName"));
  let columns: { key: string; clean: Record<string, string> } | null = null;
  if (mappings.columns) {
    const { header, choices } = mappings.columns;
    const mapped = applyManualMapping(header, choices);
    if (!mapped.ok) throw new InputError(sentences(mapped.problems));
    columns = { key: headerKey(header), clean: Object.fromEntries(CANONICAL_FIELDS.filter((f) => choices[f]).map((f) => [f, choices[f]!])) };
  }
  const audit = { organisationId: by.organisationId, actor: by.actor, source: by.source, at: app.now() };
  await app.db.transaction().execute(async (trx) => {
    for (const [stage, status] of stages) await saveStageEdit(trx, by.organisationId, stage, status);
    if (columns) await saveColumnMapping(trx, by.organisationId, columns.key, columns.clean);
    for (const [stage, status] of stages) await recordAudit(trx, { ...audit, action: "crm.stage-map", after: { stage, status } });
    if (columns) await recordAudit(trx, { ...audit, action: "crm.column-map", after: { columns: columns.clean } });
  });
}

export async function setCurrencyRate(app: AppContext, user: SessionUser, currency: string, rate: number | null): Promise<void> {
  if (!/^[A-Z]{3}$/.test(currency)) throw new InputError(said("crm.admin.currencyCode"), { currency: said("crm.admin.currencyCodeField") });
  // The column is numeric(18, 8): beyond 10^9 it overflows, and below 10^-6 a rate keeps too few digits
  // (10^-9 rounds to 0, which its check refuses); both failed in the database before.
  if (rate !== null && !(rate >= 1e-6 && rate < 1e9)) {
    throw new InputError(said("crm.admin.rate"), { rate: said("crm.admin.rateField") });
  }
  await app.db.transaction().execute(async (trx) => {
    const before = (await listCurrencyRates(trx, user.organisationId))[currency] ?? null;
    await saveCurrencyRate(trx, user.organisationId, currency, rate);
    if (before === rate) return;
    await recordAuditByUser(trx, app, user, { action: "crm.currency-rate", before: { currency, rate: before }, after: { currency, rate } });
  });
}

/** Saves the admin's column choices for a file the import did not recognise, for its next upload. */
export async function saveCrmColumnMapping(app: AppContext, user: SessionUser, header: string[], choices: Partial<Record<CanonicalField, string>>): Promise<void> {
  await saveCrmMappings(app, byUser(user), { columns: { header, choices } });
}
