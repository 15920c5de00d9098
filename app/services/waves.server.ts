import type { AppContext } from "~/context.server";
import { addDays, startOfDayInZone } from "~/domain/calendar";
import { dateInZone } from "~/domain/organisation-settings";
import { periodIndex, planRotation } from "~/domain/rotation";
import { duePeriod } from "~/domain/schedule";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { isDatabaseUnavailable } from "#db/client";
import { findOrganisationById } from "#db/queries/organisations";
import { findProgram, listActiveSchedules, listProgramItems } from "#db/queries/programs";
import {
  claimReminder,
  findWave,
  insertWaveIfAbsent,
  listOpenWavesWithReminders,
  listWavesToClose,
  markWaveClosed,
  sealWave,
  setReminderCount,
  snapshotAudience,
  snapshotWaveItems,
} from "#db/queries/waves";
import { aggregateWave } from "#db/queries/aggregates";
import { materializeWaveResults } from "./results-materialize.server";
import { createSelfAssessmentInvites } from "#db/queries/self-assessments";
import { deliverDueMail, sendPulseReminders, type DeliveryRun } from "./mail-delivery.server";
import { queueSelfAssessmentMails } from "#db/queries/mail-deliveries";
import { queueResultsNotices, queueTeamsReminders, queueWaveInvitations } from "./chat-delivery.server";
import { audienceHolders, createBallotKeys, forgetBallotKeys, listWaitingPeople } from "./ballots.server";

const DAY_MS = 86_400_000;

export interface OpenedWave {
  waveId: string;
  audience: number;
  items: number;
  /** Managers asked for their self-assessment. */
  managers: number;
}

/**
 * The slot of a rotated program's period and the items it asks (ADR 052): the plan rebuilt from the
 * program's current items, cadence and seed, the slot from the period's place in the schedule. Null when
 * the wave asks every item: no rotation, a plan of one slot, or a period that is not on the schedule.
 */
async function rotationOfPeriod(db: Kysely<DB>, program: { id: string; organisationId: string }, periodStart: string, fiscalStartMonth: number) {
  const row = await findProgram(db, program.organisationId, program.id);
  if (!row?.rotation || row.source !== "scheduled") return null;
  const items = (await listProgramItems(db, program.id)).filter((i) => !i.retiredAt);
  const plan = planRotation(items, row.cadence, row.rotationSeed);
  const index = periodIndex(row, fiscalStartMonth, periodStart);
  if (plan.cycle === 1 || index === null) return null;
  const slot = index % plan.cycle;
  return { slot, itemIds: plan.slots[slot]! };
}

/**
 * Opens a program's wave for a period: locks the organisation's thresholds onto it, snapshots items (the
 * period's slot of a rotated program) and audience, and creates a participation row per person asked. Returns null when the wave already
 * exists (another worker opened it: the unique key on program and period decides).
 */
export async function openWave(
  app: AppContext,
  program: { id: string; organisationId: string },
  period: { periodStart: string; closesOn: string },
  options: { notify: boolean; opensAt?: Date; ballotKeys?: boolean },
): Promise<OpenedWave | null> {
  const org = await findOrganisationById(app.db, program.organisationId);
  if (!org) return null;
  const opened = await app.db.transaction().execute(async (trx) => {
    const rotation = await rotationOfPeriod(trx, program, period.periodStart, org.fiscalYearStartMonth);
    const waveId = await insertWaveIfAbsent(trx, {
      organisationId: program.organisationId,
      programId: program.id,
      periodStart: period.periodStart,
      opensAt: options.opensAt ?? app.now(),
      closesAt: startOfDayInZone(period.closesOn, org.timezone),
      status: "open",
      minGroupSize: org.minGroupSize,
      minCommentGroupSize: org.minCommentGroupSize,
      rotationSlot: rotation?.slot ?? null,
    });
    if (!waveId) return null;
    const items = await snapshotWaveItems(trx, waveId, program.id, rotation?.itemIds ?? null);
    const audience = await snapshotAudience(trx, waveId, program.id);
    const managers = await createSelfAssessmentInvites(trx, waveId);
    // One key pair per team asked (ADR 021). Only a replay of a past wave that closes at once (the demo's
    // history) has no use for them.
    if (options.ballotKeys !== false) await createBallotKeys(app, trx, waveId);
    // The invitations are queued with the wave: if this process stops before they all leave, the next
    // scheduler run sends the rest, and nobody gets one twice.
    if (options.notify) {
      await queueWaveInvitations(app, trx, waveId);
      await queueSelfAssessmentMails(trx, waveId, "self-assessment-invitation", 0, app.now());
    }
    return { waveId, audience, items, managers };
  });
  if (opened && options.notify) await deliverDueMail(app, { waveId: opened.waveId });
  return opened;
}

/**
 * A wave's reminders of one day: to each rep who has not answered (each sent on its own, recorded without
 * its recipient) and to each manager who has not sent their self-assessment (queued, then sent).
 */
async function sendReminders(app: AppContext, waveId: string, day: number): Promise<{ sent: number; managerSent: number }> {
  const wave = await findWave(app.db, waveId);
  if (!wave || wave.status !== "open") return { sent: 0, managerSent: 0 };
  const org = await findOrganisationById(app.db, wave.organisationId);
  const reps = await sendPulseReminders(
    app,
    { ...wave, timezone: org?.timezone ?? "UTC", defaultLanguage: org?.defaultLanguage ?? null },
    day,
    await listWaitingPeople(app, waveId),
  );
  const managers = await queueSelfAssessmentMails(app.db, waveId, "self-assessment-reminder", day, app.now());
  // Each team's Teams channel gets the invitation's post again, whoever in the team has answered.
  await queueTeamsReminders(app, waveId, wave.organisationId, day);
  await deliverDueMail(app, { waveId });
  return { sent: reps.sent, managerSent: managers };
}

/**
 * Closes a wave and seals it, in one transaction, with the "results are published" notices to its teams'
 * managers (Slack) and channels (Teams) queued in it: the scheduler run's last step sends them. False when
 * it was already closed.
 */
export async function closeWave(app: AppContext, waveId: string): Promise<boolean> {
  const closed = await app.db.transaction().execute(async (trx) => {
    if (!(await markWaveClosed(trx, waveId, app.now()))) return false;
    await sealWave(trx, waveId, await audienceHolders(app, trx, waveId));
    await aggregateWave(trx, waveId);
    await materializeWaveResults(trx, waveId);
    const wave = await findWave(trx, waveId);
    if (wave) await queueResultsNotices(app, trx, wave);
    return true;
  });
  // Its private keys are gone from the database: this process forgets its opened copies too.
  if (closed) forgetBallotKeys(waveId);
  return closed;
}

export interface ScheduledWorkReport {
  opened: OpenedWave[];
  closed: string[];
  reminded: Array<{ waveId: string; day: number; sent: number }>;
  /** Queued emails sent by the run's last step (a send that stopped part-way, failed ones due again). */
  delivered: DeliveryRun;
  /** Steps that failed on their own (the rest of the run went on): which, for which wave or program, why. */
  failed: Array<{ step: StepKind; id: string; message: string }>;
}

type StepKind = "close" | "open" | "remind" | "deliver";

/**
 * One wave's or program's step of the scheduler. A failure is reported and the run goes on, so one broken
 * wave cannot stop every organisation's waves from opening, closing and reminding; a database outage
 * stops the run (the job queue tries again on its next tick).
 */
async function step<T>(report: ScheduledWorkReport, kind: StepKind, id: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    report.failed.push({ step: kind, id, message: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

/**
 * One run of the scheduler: close waves whose time is up, open the waves that are due, send the
 * reminders that are due, then any queued email still waiting (a send that stopped part-way, a failed one
 * due again). Safe to run from several workers at once: each step claims its work with a unique key or a
 * conditional update, so a wave opens once, a reminder goes out once and each email is sent by one worker.
 */
export async function runScheduledWork(app: AppContext): Promise<ScheduledWorkReport> {
  const now = app.now();
  const report: ScheduledWorkReport = { opened: [], closed: [], reminded: [], delivered: { sent: 0, failed: 0, interrupted: 0 }, failed: [] };
  for (const waveId of await listWavesToClose(app.db, now)) {
    if (await step(report, "close", waveId, () => closeWave(app, waveId))) report.closed.push(waveId);
  }
  for (const program of await listActiveSchedules(app.db)) {
    const today = dateInZone(now, program.timezone);
    const due = duePeriod(program, program.fiscalYearStartMonth, today);
    if (!due) continue;
    const opened = await step(report, "open", program.id, () => openWave(app, program, due, { notify: true }));
    if (opened) report.opened.push(opened);
  }
  for (const wave of await listOpenWavesWithReminders(app.db)) {
    for (const day of wave.reminderDays) {
      const dueAt = wave.opensAt.getTime() + day * DAY_MS;
      if (dueAt > now.getTime() || dueAt >= wave.closesAt.getTime()) continue;
      await step(report, "remind", wave.id, async () => {
        if (!(await claimReminder(app.db, wave.id, day))) return;
        const { sent, managerSent } = await sendReminders(app, wave.id, day);
        await setReminderCount(app.db, wave.id, day, sent, managerSent);
        report.reminded.push({ waveId: wave.id, day, sent });
      });
    }
  }
  report.delivered = (await step(report, "deliver", "queued email", () => deliverDueMail(app))) ?? report.delivered;
  return report;
}

/** When a wave that opened on `periodStart` for `openDays` closes, as a calendar date. */
export function closingDate(periodStart: string, openDays: number): string {
  return addDays(periodStart, openDays);
}
