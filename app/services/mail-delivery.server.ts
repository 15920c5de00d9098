import type { AppContext } from "~/context.server";
import type { OutgoingMail } from "~/mailer.server";
import { requireRole, type SessionUser } from "~/auth/guards.server";
import { InputError, NotFoundError } from "~/domain/errors";
import { parseSaid, said } from "~/i18n/said";
import { isUuid } from "~/domain/ids";
import { dateInZone } from "~/domain/organisation-settings";
import { retryAt, type PulseFacts } from "~/domain/chat";
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
  type DeliveryOutcome,
  type ReminderOutcome,
} from "#db/queries/mail-deliveries";
import { findSlackConnection, queueMessages } from "#db/queries/chat";
import type { DeliveryChannel, MailPurpose } from "#db/schema";
import { actionMail, mailLocale } from "./mail.server";
import type { Locale } from "~/domain/locales";
import { formatsFor } from "~/domain/format";
import { translatorFor } from "~/i18n/catalogues.server";
import { createWaveLink } from "./wave-links.server";
import { newChatRun, sendSlackDelivery, sendTeamsDelivery, slackReminderSender, type ChatRecipient, type ChatRun } from "./chat-delivery.server";

/**
 * What a wave's messages say, and how they leave, on every channel (email, Slack, Teams: ADR 047): each one
 * queued in the database (migrations 0023, 0029) is claimed, sent and marked sent or failed on its own, so
 * one address that bounces stops nobody else's message, a failed one is retried by the scheduler (when the
 * provider said, or 10 and 20 minutes later), and a send that stopped part-way resumes without sending
 * anyone anything twice.
 */

/** Rows taken per round; a run goes on until nothing is due. */
const BATCH = 200;
const DAY_MS = 86_400_000;

type WaveFacts = PulseFacts;

/**
 * A rep's pulse mail: the invitation when the wave opens, a reminder while they have not answered, in the
 * rep's language. The closing day is written for that language ("13. Dez. 2026"); English keeps the ISO day.
 */
export function pulseMail(kind: "invitation" | "reminder", to: string, wave: WaveFacts, link: string, locale: Locale = "en"): OutgoingMail {
  const { t } = translatorFor(locale);
  const closes = locale === "en" ? wave.closes : formatsFor(locale).date(wave.closes);
  const team = wave.teamName;
  return actionMail({
    to,
    subject: kind === "invitation" ? t("mail.invitationSubject", { team }) : t("mail.reminderSubject", { team, closes }),
    paragraphs: [
      kind === "invitation" ? t("mail.invitationBody", { team, closes }) : t("mail.reminderBody", { team, closes }),
      t("mail.anonymous", { min: String(wave.minGroupSize), minComments: String(wave.minCommentGroupSize) }),
    ],
    action: t("mail.action"),
    link,
    footer: t("mail.footer"),
    orOpen: (address) => t("mail.orOpen", { link: address }),
    lang: locale,
  });
}

/** A manager's self-assessment mail (they sign in: their answers are identified, unlike the reps'), in their language. */
export function selfAssessmentMail(kind: "invitation" | "reminder", to: string, wave: WaveFacts, link: string, locale: Locale = "en"): OutgoingMail {
  const { t } = translatorFor(locale);
  const closes = locale === "en" ? wave.closes : formatsFor(locale).date(wave.closes);
  const team = wave.teamName;
  return actionMail({
    to,
    subject: kind === "invitation" ? t("mail.selfInvitationSubject", { team }) : t("mail.selfReminderSubject", { team, closes }),
    paragraphs: [t("mail.selfBody", { team, closes }), t("mail.selfAfter")],
    action: t("mail.selfAction"),
    link,
    orOpen: (address) => t("mail.orOpen", { link: address }),
    lang: locale,
  });
}

/** The last day a wave can be answered, in the organisation's time zone. */
export function lastDayOf(closesAt: Date, timezone: string): string {
  return dateInZone(new Date(closesAt.getTime() - 1), timezone);
}

/**
 * What a failed send says, short and in one line: the mail server's own words as they came, or Candor's
 * (said, ADR 057: the delivery log says them in the reader's language, with what Slack or Teams said in them
 * as it came). `anonymous`: an email address in it is replaced, for a pulse reminder's record holds no
 * recipient (the SMTP server's answer often names the address).
 */
function errorText(error: unknown, anonymous = false): string {
  const text = error instanceof Error ? error.message : String(error);
  const found = parseSaid(text);
  if (found) {
    return said(found.key, Object.fromEntries(Object.entries(found.values).map(([name, value]) => [name, typeof value === "string" ? oneLine(value, anonymous) : value])));
  }
  return oneLine(text, anonymous) || said("adminDeliveries.failure.noReason");
}

function oneLine(text: string, anonymous: boolean): string {
  const line = text.replace(/\s+/g, " ").trim();
  const shown = anonymous ? line.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, "(an address)") : line;
  return shown.length > 300 ? `${shown.slice(0, 299)}…` : shown;
}

/** Sends one claimed message on its channel and records the outcome; true when it went out. */
async function sendClaimed(app: AppContext, id: string, run: ChatRun): Promise<boolean> {
  const r = await findDeliveryRecipient(app.db, id);
  if (!r) return false;
  const results = r.purpose === "results-published";
  if ((!results && r.waveStatus !== "open") || (r.personId !== null && !r.active)) {
    const why = r.waveStatus !== "open" && !results ? said("adminDeliveries.failure.waveClosed") : said("adminDeliveries.failure.deactivated");
    await finishDelivery(app.db, id, app.now(), { status: "failed", error: why, retryAt: null });
    return false;
  }
  const facts: PulseFacts = { teamName: r.teamName, closes: lastDayOf(r.closesAt, r.timezone), minGroupSize: r.minGroupSize, minCommentGroupSize: r.minCommentGroupSize };
  if (r.channel !== "email") {
    const recipient: ChatRecipient = { ...r, facts };
    let outcome: DeliveryOutcome;
    if (r.channel === "teams") outcome = await sendTeamsDelivery(app, recipient);
    else {
      const chat = await sendSlackDelivery(app, recipient, run);
      outcome = chat.outcome;
      // They chose Slack only and Slack cannot reach them: the email goes instead (queued, so sent once).
      if (chat.emailInstead && r.personId) {
        const queued = await queueMessages(
          app.db,
          [{ organisationId: r.organisationId, waveId: r.waveId, purpose: r.purpose, channel: "email", personId: r.personId, teamId: r.teamId, day: 0 }],
          app.now(),
        );
        if (queued > 0) run.emailQueued = true;
      }
    }
    await finishDelivery(app.db, id, app.now(), outcome);
    return outcome.status === "sent";
  }
  const kind = r.purpose === "pulse-invitation" || r.purpose === "self-assessment-invitation" ? "invitation" : "reminder";
  try {
    const mail =
      r.purpose === "pulse-invitation"
        ? pulseMail(kind, r.email!, facts, await createWaveLink(app.db, app.config.appUrl, r.waveId, r.personId!), mailLocale(r, r.defaultLanguage))
        : selfAssessmentMail(kind, r.email!, facts, `${app.config.appUrl}/self-assessments/${r.waveId}/${r.teamId}`, mailLocale(r, r.defaultLanguage));
    await app.mailer.send(mail);
  } catch (error) {
    const now = app.now();
    await finishDelivery(app.db, id, now, { status: "failed", error: errorText(error), retryAt: r.attempts >= MAIL_ATTEMPTS ? null : retryAt(now, r.attempts) });
    return false;
  }
  await finishDelivery(app.db, id, app.now(), { status: "sent" });
  return true;
}

/** What the delivery log says of a message a stopped server left half-sent (by email, or on another channel). */
const STOPPED_WHILE_SENDING = { email: said("adminDeliveries.failure.stoppedEmail"), other: said("adminDeliveries.failure.stoppedMessage") };

export interface DeliveryRun {
  sent: number;
  failed: number;
  /** Emails a stopped server left half-sent, now reported as failed (not sent again on their own). */
  interrupted: number;
}

/**
 * Sends every queued message that is due, on every channel (of one wave, or of every open wave), and
 * retries failed ones whose time has come (at most MAIL_ATTEMPTS tries each; a rate limit's wait is not a
 * try). Safe from several workers at once: each message is claimed by one of them. Messages Slack asked to
 * hold go back to the queue until its Retry-After, untried.
 */
export async function deliverDueMail(app: AppContext, options: { waveId?: string } = {}): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, failed: 0, interrupted: await failStaleDeliveries(app.db, app.now(), STOPPED_WHILE_SENDING) };
  const chat = newChatRun();
  for (;;) {
    const due = await listDueDeliveries(app.db, app.now(), { waveId: options.waveId, limit: BATCH });
    chat.emailQueued = false;
    let claimed = 0;
    for (const delivery of due) {
      if (!(await claimDelivery(app.db, delivery.id, app.now()))) continue;
      claimed++;
      if (await sendClaimed(app, delivery.id, chat)) run.sent++;
      else run.failed++;
    }
    if ((due.length < BATCH && !chat.emailQueued) || claimed === 0) return run;
  }
}

/**
 * Sends a wave's pulse reminders to the people who have not answered yet, on the channels each chose (the
 * same rule as the invitations), each on its own: one that fails does not stop the others. A Slack reminder
 * is the invitation's message again. Each outcome is recorded without its recipient (migration 0023), so a
 * failed reminder is counted and explained but cannot be sent again; someone who chose Slack only and whom
 * Slack cannot reach gets the email instead.
 */
export async function sendPulseReminders(
  app: AppContext,
  wave: { id: string; organisationId: string; closesAt: Date; minGroupSize: number; minCommentGroupSize: number; timezone: string; defaultLanguage?: string | null },
  day: number,
  people: ReadonlyArray<{ id: string; email: string; teamName: string; language?: string | null }>,
): Promise<{ sent: number; failed: number }> {
  const outcomes: ReminderOutcome[] = [];
  const closes = lastDayOf(wave.closesAt, wave.timezone);
  const slack = slackReminderSender(app, wave.organisationId);
  const channelsOf = await slack.channelsOf(people.map((p) => p.id));
  const sendEmail = async (person: { id: string; email: string; language?: string | null }, facts: PulseFacts) => {
    try {
      const locale = mailLocale({ language: person.language ?? null }, wave.defaultLanguage);
      await app.mailer.send(pulseMail("reminder", person.email, facts, await createWaveLink(app.db, app.config.appUrl, wave.id, person.id), locale));
      outcomes.push({ channel: "email", status: "sent", error: null });
    } catch (error) {
      outcomes.push({ channel: "email", status: "failed", error: errorText(error, true) });
    }
  };
  for (const person of people) {
    const facts: PulseFacts = { teamName: person.teamName, closes, minGroupSize: wave.minGroupSize, minCommentGroupSize: wave.minCommentGroupSize };
    const to = channelsOf(person.id);
    let email = to.email;
    if (to.slack) {
      const result = await slack.send(person, wave.id, facts, to.slackOnly);
      outcomes.push(
        result.status === "sent" ? { channel: "slack", status: "sent", error: null } : { channel: "slack", status: result.status, error: errorText(result.error, true) },
      );
      if (result.status !== "sent" && result.emailInstead) email = true;
    }
    if (email) await sendEmail(person, facts);
  }
  await recordPulseReminders(app.db, { organisationId: wave.organisationId, waveId: wave.id, day, outcomes, at: app.now() });
  return { sent: outcomes.filter((o) => o.status === "sent").length, failed: outcomes.filter((o) => o.status !== "sent").length };
}

const PURPOSE: Record<MailPurpose, string> = {
  "pulse-invitation": "Pulse invitation",
  "pulse-reminder": "Pulse reminder",
  "self-assessment-invitation": "Self-assessment invitation",
  "self-assessment-reminder": "Self-assessment reminder",
  "results-published": "Results published",
};

const CHANNEL: Record<DeliveryChannel, string> = { email: "Email", slack: "Slack", teams: "Teams channel" };

/** How far back the delivery page and the admin home look. */
export const DELIVERY_DAYS = 30;
const LIST_LIMIT = 200;

/**
 * The organisation's messages (every channel) that did not go out in the last DELIVERY_DAYS days (admins),
 * newest first, with whether each can be sent again and why not, how many went out beside them, and the
 * state of the Slack connection (broken: with Slack's words).
 */
export async function getDeliveryReport(app: AppContext, user: SessionUser) {
  requireRole(user, "admin");
  const since = new Date(app.now().getTime() - DELIVERY_DAYS * DAY_MS);
  const [rows, counts, slack, teams, connection] = await Promise.all([
    listFailedDeliveries(app.db, user.organisationId, since, LIST_LIMIT + 1),
    countDeliveries(app.db, user.organisationId, since),
    countDeliveries(app.db, user.organisationId, since, "slack"),
    countDeliveries(app.db, user.organisationId, since, "teams"),
    findSlackConnection(app.db, user.organisationId),
  ]);
  return {
    days: DELIVERY_DAYS,
    counts,
    chatCounts: { slack, teams },
    slack: connection ? { status: connection.status, problem: connection.problem, workspaceName: connection.workspaceName } : null,
    more: rows.length > LIST_LIMIT,
    failures: rows.slice(0, LIST_LIMIT).map((r) => {
      const reachable = r.personName !== null || r.channel === "teams";
      const open = r.waveStatus === "open" || r.purpose === "results-published";
      return {
        id: r.id,
        what: PURPOSE[r.purpose],
        purpose: r.purpose,
        channel: CHANNEL[r.channel],
        channelKind: r.channel,
        unmatched: r.status === "unmatched",
        day: r.day,
        programName: r.programName,
        periodStart: r.periodStart,
        to: r.personName
          ? { name: r.personName, email: r.personEmail ?? "", teamName: r.teamName }
          : r.channel === "teams"
            ? { name: `${r.teamName ?? "A team"}'s channel`, email: "", teamName: null, teamChannelOf: r.teamName ?? "" }
            : null,
        attempts: r.attempts,
        error: r.lastError,
        at: r.updatedAt,
        // The scheduler tries again while attempts remain; an admin can always send again while the pulse is open.
        retrying: r.status === "failed" && r.attempts < MAIL_ATTEMPTS && open && reachable,
        canResend: open && reachable,
        whyNot: !reachable
          ? "A pulse reminder cannot be sent again: who is reminded is who has not answered yet, and Candor never records that."
          : !open
            ? "The pulse has closed."
            : null,
        whyNotKind: !reachable ? ("unrecorded" as const) : !open ? ("closed" as const) : null,
      };
    }),
  };
}

/** An admin sends one failed message again, now. 404 for another organisation's; a clear refusal otherwise. */
export async function resendDelivery(app: AppContext, user: SessionUser, id: string): Promise<{ sent: boolean }> {
  requireRole(user, "admin");
  const delivery = isUuid(id) ? await findDelivery(app.db, user.organisationId, id) : undefined;
  if (!delivery) throw new NotFoundError(said("adminDeliveries.noSuch"));
  if (delivery.personId === null && delivery.channel !== "teams") throw new InputError(said("adminDeliveries.reminderUnrecorded"));
  if (delivery.status === "sent") return { sent: true };
  const recipient = await findDeliveryRecipient(app.db, id);
  if (recipient?.waveStatus !== "open" && recipient?.purpose !== "results-published") throw new InputError(said("adminDeliveries.closedRefusal"));
  if (!(await claimDelivery(app.db, id, app.now(), true))) throw new InputError(said("adminDeliveries.sending"));
  return { sent: await sendClaimed(app, id, newChatRun()) };
}
