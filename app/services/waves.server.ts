import type { Kysely } from "kysely";
import type { AppContext } from "~/context.server";
import { newSecretToken } from "~/auth/crypto.server";
import { addDays, startOfDayInZone } from "~/domain/calendar";
import { dateInZone } from "~/domain/organisation-settings";
import { duePeriod } from "~/domain/schedule";
import { isDatabaseUnavailable } from "#db/client";
import { findOrganisationById } from "#db/queries/organisations";
import { listActiveSchedules } from "#db/queries/programs";
import {
  claimReminder,
  findWave,
  insertWaveIfAbsent,
  insertWaveLink,
  listAudience,
  listOpenWavesWithReminders,
  listWavesToClose,
  markWaveClosed,
  sealWave,
  setReminderCount,
  snapshotAudience,
  snapshotWaveItems,
} from "#db/queries/waves";
import type { DB } from "#db/schema";
import { aggregateWave } from "#db/queries/aggregates";
import { materializeWaveResults } from "./results-materialize.server";
import { createSelfAssessmentInvites, listManagersNotAnswered, listSelfAssessmentsOfWave } from "#db/queries/self-assessments";
import { actionMail } from "./mail.server";
import { audienceHolders, createBallotKeys, listWaitingPeople } from "./ballots.server";

const DAY_MS = 86_400_000;

export interface OpenedWave {
  waveId: string;
  audience: number;
  items: number;
  /** Managers asked for their self-assessment. */
  managers: number;
}

/**
 * Opens a program's wave for a period: locks the organisation's thresholds onto it, snapshots items and
 * audience, and creates a participation row per person asked. Returns null when the wave already
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
    const waveId = await insertWaveIfAbsent(trx, {
      organisationId: program.organisationId,
      programId: program.id,
      periodStart: period.periodStart,
      opensAt: options.opensAt ?? app.now(),
      closesAt: startOfDayInZone(period.closesOn, org.timezone),
      status: "open",
      minGroupSize: org.minGroupSize,
      minCommentGroupSize: org.minCommentGroupSize,
    });
    if (!waveId) return null;
    const items = await snapshotWaveItems(trx, waveId, program.id);
    const audience = await snapshotAudience(trx, waveId, program.id);
    const managers = await createSelfAssessmentInvites(trx, waveId);
    // One key pair per team asked (ADR 021). Only a replay of a past wave that closes at once (the demo's
    // history) has no use for them.
    if (options.ballotKeys !== false) await createBallotKeys(app, trx, waveId);
    return { waveId, audience, items, managers };
  });
  if (opened && options.notify) {
    await sendWaveMails(app, opened.waveId, "invitation");
    await sendManagerMails(app, opened.waveId, "invitation");
  }
  return opened;
}

/** A new personal link to a wave for one person (the link itself is never stored, only its hash). */
export async function createWaveLink(db: Kysely<DB>, appUrl: string, waveId: string, personId: string): Promise<string> {
  const { id, token, secretHash } = newSecretToken();
  await insertWaveLink(db, { id, secretHash, waveId, personId });
  return `${appUrl}/pulse/${token}`;
}

/**
 * Mails everyone asked (invitation) or everyone who has not answered yet (reminder), each with a
 * personal link. The words promise anonymity and never suggest that anyone sees who answered what.
 */
async function sendWaveMails(app: AppContext, waveId: string, kind: "invitation" | "reminder"): Promise<number> {
  const wave = await findWave(app.db, waveId);
  if (!wave || wave.status !== "open") return 0;
  const org = await findOrganisationById(app.db, wave.organisationId);
  const people = kind === "invitation" ? await listAudience(app.db, waveId) : await listWaitingPeople(app, waveId);
  const closes = dateInZone(new Date(wave.closesAt.getTime() - 1), org?.timezone ?? "UTC");
  for (const person of people) {
    const link = await createWaveLink(app.db, app.config.appUrl, waveId, person.id);
    await app.mailer.send(
      actionMail({
        to: person.email,
        subject: kind === "invitation" ? `Your team pulse is open: ${person.teamName}` : `Reminder: the ${person.teamName} pulse closes on ${closes}`,
        paragraphs: [
          kind === "invitation"
            ? `A short pulse about how ${person.teamName} works together is open until ${closes}. It takes about 3 minutes, and you may skip any question.`
            : `The pulse about how ${person.teamName} works together is still open, until ${closes}. It takes about 3 minutes, and you may skip any question.`,
          `Your answers are anonymous. Nobody — not your manager, not the administrators — can see what you answered. Scores are only shown for groups of at least ${wave.minGroupSize} people, and comments only for groups of at least ${wave.minCommentGroupSize}.`,
        ],
        action: "Answer the pulse",
        link,
        footer: "This link is personal: it lets you answer once and change your answers until the pulse closes.",
      }),
    );
  }
  return people.length;
}

/**
 * Asks managers for their self-assessment (invitation), or reminds those who have not answered, with a
 * link to the page (they sign in: their answers are identified, unlike the reps').
 */
async function sendManagerMails(app: AppContext, waveId: string, kind: "invitation" | "reminder"): Promise<number> {
  const wave = await findWave(app.db, waveId);
  if (!wave || wave.status !== "open") return 0;
  const org = await findOrganisationById(app.db, wave.organisationId);
  const closes = dateInZone(new Date(wave.closesAt.getTime() - 1), org?.timezone ?? "UTC");
  const managers = kind === "invitation" ? (await listSelfAssessmentsOfWave(app.db, waveId)).filter((m) => !m.submittedAt) : await listManagersNotAnswered(app.db, waveId);
  for (const manager of managers) {
    await app.mailer.send(
      actionMail({
        to: manager.email,
        subject: kind === "invitation" ? `Your self-assessment for ${manager.teamName} is open` : `Reminder: your self-assessment for ${manager.teamName} closes on ${closes}`,
        paragraphs: [
          `Your team ${manager.teamName} is answering a pulse until ${closes}. Please answer the same questions from your side: how you see the team. It takes about 3 minutes.`,
          "Once the pulse closes, you will see where your view differs from the team's own — if enough of the team answered to keep their answers anonymous.",
        ],
        action: "Answer the self-assessment",
        link: `${app.config.appUrl}/self-assessments/${waveId}/${manager.teamId}`,
      }),
    );
  }
  return managers.length;
}

/** Closes a wave and seals it, in one transaction. False when it was already closed. */
export async function closeWave(app: AppContext, waveId: string): Promise<boolean> {
  return app.db.transaction().execute(async (trx) => {
    if (!(await markWaveClosed(trx, waveId, app.now()))) return false;
    await sealWave(trx, waveId, await audienceHolders(app, trx, waveId));
    await aggregateWave(trx, waveId);
    await materializeWaveResults(trx, waveId);
    return true;
  });
}

export interface ScheduledWorkReport {
  opened: OpenedWave[];
  closed: string[];
  reminded: Array<{ waveId: string; day: number; sent: number }>;
  /** Steps that failed on their own (the rest of the run went on): which, for which wave or program, why. */
  failed: Array<{ step: "close" | "open" | "remind"; id: string; message: string }>;
}

/**
 * One wave's or program's step of the scheduler. A failure is reported and the run goes on, so one broken
 * wave cannot stop every organisation's waves from opening, closing and reminding; a database outage
 * stops the run (the job queue tries again on its next tick).
 */
async function step<T>(report: ScheduledWorkReport, kind: "close" | "open" | "remind", id: string, work: () => Promise<T>): Promise<T | undefined> {
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
 * reminders that are due. Safe to run from several workers at once: each step claims its work with a
 * unique key or a conditional update, so a wave opens once and a reminder goes out once.
 */
export async function runScheduledWork(app: AppContext): Promise<ScheduledWorkReport> {
  const now = app.now();
  const report: ScheduledWorkReport = { opened: [], closed: [], reminded: [], failed: [] };
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
        const sent = await sendWaveMails(app, wave.id, "reminder");
        const managerSent = await sendManagerMails(app, wave.id, "reminder");
        await setReminderCount(app.db, wave.id, day, sent, managerSent);
        report.reminded.push({ waveId: wave.id, day, sent });
      });
    }
  }
  return report;
}

/** When a wave that opened on `periodStart` for `openDays` closes, as a calendar date. */
export function closingDate(periodStart: string, openDays: number): string {
  return addDays(periodStart, openDays);
}
