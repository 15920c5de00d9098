import type { AppContext } from "~/context.server";
import type { OutgoingMail } from "~/mailer.server";
import { requireRole, type SessionUser } from "~/auth/guards.server";
import { InputError, NotFoundError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { dateInZone } from "~/domain/organisation-settings";
import {
  claimDelivery,
  countDeliveries,
  failStaleDeliveries,
  findDelivery,
  findDeliveryRecipient,
  finishDelivery,
  listDueDeliveries,
  listFailedDeliveries,
  MAIL_ATTEMPTS,
  recordPulseReminders,
} from "#db/queries/mail-deliveries";
import type { MailPurpose } from "#db/schema";
import { actionMail } from "./mail.server";
import { createWaveLink } from "./wave-links.server";

/**
 * What a wave's emails say, and how they leave: each one queued in the database (migration 0023) is claimed,
 * sent and marked sent or failed on its own, so one address that bounces stops nobody else's mail, a failed
 * one is retried by the scheduler, and a send that stopped part-way resumes without mailing anyone twice.
 */

/** Rows taken per round; a run goes on until nothing is due. */
const BATCH = 200;
const DAY_MS = 86_400_000;

interface WaveFacts {
  teamName: string;
  closes: string;
  minGroupSize: number;
  minCommentGroupSize: number;
}

/** A rep's pulse mail: the invitation when the wave opens, a reminder while they have not answered. */
export function pulseMail(kind: "invitation" | "reminder", to: string, wave: WaveFacts, link: string): OutgoingMail {
  return actionMail({
    to,
    subject: kind === "invitation" ? `Your team pulse is open: ${wave.teamName}` : `Reminder: the ${wave.teamName} pulse closes on ${wave.closes}`,
    paragraphs: [
      kind === "invitation"
        ? `A short pulse about how ${wave.teamName} works together is open until ${wave.closes}. It takes about 3 minutes, and you may skip any question.`
        : `The pulse about how ${wave.teamName} works together is still open, until ${wave.closes}. It takes about 3 minutes, and you may skip any question.`,
      `Your answers are anonymous. Nobody — not your manager, not the administrators — can see what you answered. Scores are only shown for groups of at least ${wave.minGroupSize} people, and comments only for groups of at least ${wave.minCommentGroupSize}.`,
    ],
    action: "Answer the pulse",
    link,
    footer: "This link is personal: it lets you answer once and change your answers until the pulse closes.",
  });
}

/** A manager's self-assessment mail (they sign in: their answers are identified, unlike the reps'). */
function selfAssessmentMail(kind: "invitation" | "reminder", to: string, wave: WaveFacts, link: string): OutgoingMail {
  return actionMail({
    to,
    subject: kind === "invitation" ? `Your self-assessment for ${wave.teamName} is open` : `Reminder: your self-assessment for ${wave.teamName} closes on ${wave.closes}`,
    paragraphs: [
      `Your team ${wave.teamName} is answering a pulse until ${wave.closes}. Please answer the same questions from your side: how you see the team. It takes about 3 minutes.`,
      "Once the pulse closes, you will see where your view differs from the team's own — if enough of the team answered to keep their answers anonymous.",
    ],
    action: "Answer the self-assessment",
    link,
  });
}

/** The last day a wave can be answered, in the organisation's time zone. */
export function lastDayOf(closesAt: Date, timezone: string): string {
  return dateInZone(new Date(closesAt.getTime() - 1), timezone);
}

/**
 * What a failed send says, short and in one line. `anonymous`: an email address in it is replaced, for a
 * pulse reminder's record holds no recipient (the SMTP server's answer often names the address).
 */
function errorText(error: unknown, anonymous = false): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim() || "The mail server refused it without saying why.";
  const text = anonymous ? message.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, "(an address)") : message;
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** Sends one claimed email and records the outcome; true when it went out. */
async function sendClaimed(app: AppContext, id: string): Promise<boolean> {
  const r = await findDeliveryRecipient(app.db, id);
  if (!r) return false;
  if (r.waveStatus !== "open" || !r.active) {
    await finishDelivery(
      app.db,
      id,
      app.now(),
      r.waveStatus !== "open" ? "Not sent: the pulse closed before it went out." : "Not sent: the person was deactivated before it went out.",
    );
    return false;
  }
  const wave: WaveFacts = { teamName: r.teamName, closes: lastDayOf(r.closesAt, r.timezone), minGroupSize: r.minGroupSize, minCommentGroupSize: r.minCommentGroupSize };
  const kind = r.purpose === "pulse-invitation" || r.purpose === "self-assessment-invitation" ? "invitation" : "reminder";
  try {
    const mail =
      r.purpose === "pulse-invitation"
        ? pulseMail(kind, r.email, wave, await createWaveLink(app.db, app.config.appUrl, r.waveId, r.personId!))
        : selfAssessmentMail(kind, r.email, wave, `${app.config.appUrl}/self-assessments/${r.waveId}/${r.teamId}`);
    await app.mailer.send(mail);
  } catch (error) {
    await finishDelivery(app.db, id, app.now(), errorText(error));
    return false;
  }
  await finishDelivery(app.db, id, app.now(), null);
  return true;
}

export interface DeliveryRun {
  sent: number;
  failed: number;
  /** Emails a stopped server left half-sent, now reported as failed (not sent again on their own). */
  interrupted: number;
}

/**
 * Sends every queued email that is due (of one wave, or of every open wave), and retries failed ones whose
 * time has come (at most MAIL_ATTEMPTS sends each). Safe from several workers at once: each email is claimed
 * by one of them.
 */
export async function deliverDueMail(app: AppContext, options: { waveId?: string } = {}): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, failed: 0, interrupted: await failStaleDeliveries(app.db, app.now()) };
  for (;;) {
    const due = await listDueDeliveries(app.db, app.now(), { waveId: options.waveId, limit: BATCH });
    let claimed = 0;
    for (const delivery of due) {
      if (!(await claimDelivery(app.db, delivery.id, app.now()))) continue;
      claimed++;
      if (await sendClaimed(app, delivery.id)) run.sent++;
      else run.failed++;
    }
    if (due.length < BATCH || claimed === 0) return run;
  }
}

/**
 * Sends a wave's pulse reminders to the people who have not answered yet, each on its own: one that fails
 * does not stop the others. Each outcome is recorded without its recipient (migration 0023), so a failed
 * reminder is counted and explained but cannot be sent again.
 */
export async function sendPulseReminders(
  app: AppContext,
  wave: { id: string; organisationId: string; closesAt: Date; minGroupSize: number; minCommentGroupSize: number; timezone: string },
  day: number,
  people: ReadonlyArray<{ id: string; email: string; teamName: string }>,
): Promise<{ sent: number; failed: number }> {
  const outcomes: Array<string | null> = [];
  const closes = lastDayOf(wave.closesAt, wave.timezone);
  for (const person of people) {
    try {
      const link = await createWaveLink(app.db, app.config.appUrl, wave.id, person.id);
      await app.mailer.send(
        pulseMail("reminder", person.email, { teamName: person.teamName, closes, minGroupSize: wave.minGroupSize, minCommentGroupSize: wave.minCommentGroupSize }, link),
      );
      outcomes.push(null);
    } catch (error) {
      outcomes.push(errorText(error, true));
    }
  }
  await recordPulseReminders(app.db, { organisationId: wave.organisationId, waveId: wave.id, day, outcomes, at: app.now() });
  return { sent: outcomes.filter((o) => o === null).length, failed: outcomes.filter((o) => o !== null).length };
}

const PURPOSE: Record<MailPurpose, string> = {
  "pulse-invitation": "Pulse invitation",
  "pulse-reminder": "Pulse reminder",
  "self-assessment-invitation": "Self-assessment invitation",
  "self-assessment-reminder": "Self-assessment reminder",
};

/** How far back the delivery page and the admin home look. */
export const DELIVERY_DAYS = 30;
const LIST_LIMIT = 200;

/**
 * The organisation's emails that did not go out in the last DELIVERY_DAYS days (admins), newest first, with
 * whether each can be sent again and why not, and how many went out beside them.
 */
export async function getDeliveryReport(app: AppContext, user: SessionUser) {
  requireRole(user, "admin");
  const since = new Date(app.now().getTime() - DELIVERY_DAYS * DAY_MS);
  const [rows, counts] = await Promise.all([listFailedDeliveries(app.db, user.organisationId, since, LIST_LIMIT + 1), countDeliveries(app.db, user.organisationId, since)]);
  return {
    days: DELIVERY_DAYS,
    counts,
    more: rows.length > LIST_LIMIT,
    failures: rows.slice(0, LIST_LIMIT).map((r) => ({
      id: r.id,
      what: PURPOSE[r.purpose],
      day: r.day,
      programName: r.programName,
      periodStart: r.periodStart,
      to: r.personName ? { name: r.personName, email: r.personEmail ?? "", teamName: r.teamName } : null,
      attempts: r.attempts,
      error: r.lastError,
      at: r.updatedAt,
      // The scheduler tries again while attempts remain; an admin can always send again while the pulse is open.
      retrying: r.attempts < MAIL_ATTEMPTS && r.waveStatus === "open" && r.personName !== null,
      canResend: r.waveStatus === "open" && r.personName !== null,
      whyNot:
        r.personName === null
          ? "A pulse reminder cannot be sent again: who is reminded is who has not answered yet, and Candor never records that."
          : r.waveStatus !== "open"
            ? "The pulse has closed."
            : null,
    })),
  };
}

/** An admin sends one failed email again, now. 404 for another organisation's; a clear refusal otherwise. */
export async function resendDelivery(app: AppContext, user: SessionUser, id: string): Promise<{ sent: boolean }> {
  requireRole(user, "admin");
  const delivery = isUuid(id) ? await findDelivery(app.db, user.organisationId, id) : undefined;
  if (!delivery) throw new NotFoundError("That email does not exist.");
  if (delivery.personId === null) throw new InputError("A pulse reminder cannot be sent again: Candor does not record whom it was for.");
  if (delivery.status === "sent") return { sent: true };
  const recipient = await findDeliveryRecipient(app.db, id);
  if (recipient?.waveStatus !== "open") throw new InputError("The pulse has closed: there is nothing left to answer.");
  if (!(await claimDelivery(app.db, id, app.now(), true))) throw new InputError("This email is being sent right now. Reload the page in a minute.");
  return { sent: await sendClaimed(app, id) };
}
