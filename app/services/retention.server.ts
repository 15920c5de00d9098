import type { AppContext } from "~/context.server";
import { said } from "~/i18n/said";
import { requireRole, type SessionUser } from "~/auth/guards.server";
import { InputError, NotFoundError } from "~/domain/errors";
import { RETENTION_CONFIRMATION, RETENTION_MONTHS_MAX, RETENTION_MONTHS_MIN, RetentionMonthsSchema, retentionChangeDeletes, retentionCutoff } from "~/domain/retention";
import { findOrganisationById } from "#db/queries/organisations";
import { countRaw, deleteRawAnswers, listRetainingOrganisations, listWavesDue, setRetentionMonths, summariseDeleted, type RawCounts } from "#db/queries/retention";
import { recordAudit, type AuditActor, type AuditSource } from "./audit.server";

export type { RawCounts };

/** What a retention setting deletes now: the pulses (oldest first, at most 50 listed) and their raw rows. */
export interface RetentionDue {
  months: number | null;
  /** Pulses that closed before this instant are due; null when the setting is off. */
  cutoff: string | null;
  counts: RawCounts;
  waves: Array<{ program: string; period: string; closedOn: string }>;
}

/** The retention page: the setting, what it would delete now, and what it has deleted. */
export interface RetentionView {
  months: number | null;
  min: number;
  max: number;
  due: RetentionDue;
  deleted: { waves: number; last: string | null };
}

const SHOWN_WAVES = 50;

async function dueUnder(app: AppContext, organisationId: string, months: number | null): Promise<RetentionDue> {
  if (months === null) return { months, cutoff: null, counts: { waves: 0, responses: 0, answers: 0, comments: 0 }, waves: [] };
  const cutoff = retentionCutoff(app.now(), months);
  const waves = await listWavesDue(app.db, organisationId, cutoff);
  return {
    months,
    cutoff: cutoff.toISOString(),
    counts: await countRaw(
      app.db,
      waves.map((w) => w.id),
    ),
    waves: waves.slice(0, SHOWN_WAVES).map((w) => ({ program: w.programName, period: w.periodStart, closedOn: (w.closedAt ?? new Date(0)).toISOString().slice(0, 10) })),
  };
}

async function requireOrganisation(app: AppContext, organisationId: string) {
  const org = await findOrganisationById(app.db, organisationId);
  if (!org) throw new NotFoundError("There is no such organisation.");
  return org;
}

/** The retention page for an admin. */
export async function getRetention(app: AppContext, actor: SessionUser): Promise<RetentionView> {
  requireRole(actor, "admin");
  const org = await requireOrganisation(app, actor.organisationId);
  const [due, deleted] = await Promise.all([dueUnder(app, org.id, org.retentionMonths), summariseDeleted(app.db, org.id)]);
  return {
    months: org.retentionMonths,
    min: RETENTION_MONTHS_MIN,
    max: RETENTION_MONTHS_MAX,
    due,
    deleted: { waves: Number(deleted.waves), last: deleted.last ? new Date(deleted.last).toISOString().slice(0, 10) : null },
  };
}

/** Reads a months field as the form sends it; a bad value is an InputError on `months`. */
export function parseRetentionMonths(value: unknown): number | null {
  const parsed = RetentionMonthsSchema.safeParse(value);
  if (!parsed.success) throw new InputError(said("adminRetention.checkMonths"), { months: parsed.error.issues[0]?.message ?? said("adminRetention.pickMonths") });
  return parsed.data;
}

/** What a proposed setting would delete at once, for the confirmation step; whether it needs confirming at all. */
export async function previewRetention(app: AppContext, actor: SessionUser, months: unknown): Promise<{ due: RetentionDue; needsConfirmation: boolean; current: number | null }> {
  requireRole(actor, "admin");
  const next = parseRetentionMonths(months);
  const org = await requireOrganisation(app, actor.organisationId);
  return { due: await dueUnder(app, org.id, next), needsConfirmation: retentionChangeDeletes(org.retentionMonths, next), current: org.retentionMonths };
}

function requireConfirmation(confirmation: string | undefined) {
  if ((confirmation ?? "").trim().toLowerCase() !== RETENTION_CONFIRMATION) {
    throw new InputError(said("adminRetention.typeWord", { word: RETENTION_CONFIRMATION }), {
      confirmation: said("adminRetention.typeToConfirm", { word: RETENTION_CONFIRMATION }),
    });
  }
}

/**
 * Sets the organisation's retention. Turning it on or shortening it deletes (now, and every day after):
 * the admin confirms by typing "delete", and what is due under the new setting is deleted at once, so the
 * counts the confirmation showed are what goes. Turning it off or lengthening it needs no confirmation.
 * Audited (`retention.settings-change`, then one `retention.purge` per pulse).
 */
export async function saveRetention(
  app: AppContext,
  actor: SessionUser,
  input: { months: unknown; confirmation?: string },
): Promise<{ months: number | null; deleted: RawCounts }> {
  requireRole(actor, "admin");
  const months = parseRetentionMonths(input.months);
  const org = await requireOrganisation(app, actor.organisationId);
  const deletes = retentionChangeDeletes(org.retentionMonths, months);
  if (deletes) requireConfirmation(input.confirmation);
  const by: AuditBy = { actor: { kind: "person", personId: actor.personId }, source: "ui" };
  if (months !== org.retentionMonths) {
    await app.db.transaction().execute(async (trx) => {
      await setRetentionMonths(trx, org.id, months);
      await recordAudit(trx, {
        organisationId: org.id,
        ...by,
        action: "retention.settings-change",
        target: { type: "organisation", id: org.id },
        before: { retentionMonths: org.retentionMonths },
        after: { retentionMonths: months },
        at: app.now(),
      });
    });
  }
  // Only a confirmed change deletes at once; otherwise what is due waits for the daily run (or "Delete now").
  const deleted = deletes ? await applyRetention(app, org.id, by) : noneDeleted();
  return { months, deleted };
}

/** Deletes now what the current setting makes due (the page's "Delete now"), after the typed confirmation. */
export async function runRetentionNow(app: AppContext, actor: SessionUser, input: { confirmation?: string }): Promise<RawCounts> {
  requireRole(actor, "admin");
  const org = await requireOrganisation(app, actor.organisationId);
  if (org.retentionMonths === null) throw new InputError(said("adminRetention.off"));
  requireConfirmation(input.confirmation);
  return applyRetention(app, org.id, { actor: { kind: "person", personId: actor.personId }, source: "ui" });
}

function noneDeleted(): RawCounts {
  return { waves: 0, responses: 0, answers: 0, comments: 0 };
}

interface AuditBy {
  actor: AuditActor;
  source: AuditSource;
}

/**
 * Deletes the raw answers and comments of the organisation's pulses that closed more than its retention
 * (months) ago, one pulse per transaction, each with its audit entry (`retention.purge`, target the wave,
 * the counts). Their aggregates and published results stay. Nothing when the setting is off.
 */
export async function applyRetention(app: AppContext, organisationId: string, by: AuditBy): Promise<RawCounts> {
  const org = await requireOrganisation(app, organisationId);
  const total = noneDeleted();
  if (org.retentionMonths === null) return total;
  const cutoff = retentionCutoff(app.now(), org.retentionMonths);
  for (const wave of await listWavesDue(app.db, org.id, cutoff)) {
    await app.db.transaction().execute(async (trx) => {
      const deleted = await deleteRawAnswers(trx, wave.id, app.now());
      if (!deleted) return;
      await recordAudit(trx, {
        organisationId: org.id,
        ...by,
        action: "retention.purge",
        target: { type: "wave", id: wave.id },
        // `before`: the cutoff (pulses that closed before it were due), as the log's sentence reads it.
        after: {
          retentionMonths: org.retentionMonths,
          before: cutoff.toISOString(),
          closedAt: wave.closedAt?.toISOString() ?? null,
          responses: deleted.responses,
          answers: deleted.answers,
          comments: deleted.comments,
        },
        at: app.now(),
      });
      total.waves += 1;
      total.responses += deleted.responses;
      total.answers += deleted.answers;
      total.comments += deleted.comments;
    });
  }
  return total;
}

/** Every organisation with a retention setting: what the scheduled job and the CLI run. */
export async function applyRetentionEverywhere(app: AppContext, by: AuditBy, only?: string): Promise<Array<{ organisation: string; months: number; deleted: RawCounts }>> {
  const organisations = (await listRetainingOrganisations(app.db)).filter((o) => only === undefined || o.id === only);
  const report = [];
  for (const org of organisations) report.push({ organisation: org.slug, months: org.retentionMonths, deleted: await applyRetention(app, org.id, by) });
  return report;
}

/** What applyRetentionEverywhere would delete now, without deleting (the CLI's dry run). */
export async function retentionDueEverywhere(app: AppContext, only?: string): Promise<Array<{ organisation: string; months: number; due: RawCounts }>> {
  const organisations = (await listRetainingOrganisations(app.db)).filter((o) => only === undefined || o.id === only);
  const report = [];
  for (const org of organisations) report.push({ organisation: org.slug, months: org.retentionMonths, due: (await dueUnder(app, org.id, org.retentionMonths)).counts });
  return report;
}
