import type { Kysely } from "kysely";
import { translatorFor } from "~/i18n/catalogues.server";
import { said } from "~/i18n/said";
import type { Locale } from "~/domain/locales";
import { formatsFor } from "~/domain/format";
import { findPersonLanguage } from "#db/queries/people";
import type { AppContext } from "~/context.server";
import { openSecret } from "~/auth/secret-box.server";
import {
  deliveryChannels,
  retryAt,
  slackPulseMessage,
  type ChatWords,
  slackResultsMessage,
  teamsPulsePost,
  teamsResultsPost,
  type ChannelChoice,
  type PulseFacts,
  type SlackMessage,
} from "~/domain/chat";
import {
  findChatMember,
  findChatMembers,
  findSlackConnection,
  findTeamsWebhook,
  listAudienceChannels,
  listWaveManagers,
  listWaveTeamsWithWebhook,
  markSlackConnectionBroken,
  markTeamsWebhookBroken,
  queueMessages,
  saveSlackMatch,
  type QueuedMessage,
} from "#db/queries/chat";
import { MAIL_ATTEMPTS, type DeliveryOutcome } from "#db/queries/mail-deliveries";
import type { DB } from "#db/schema";
import { SlackApiError, lookupSlackUser, sendSlackDirectMessage } from "./slack-api.server";
import { TeamsWebhookError, postToTeams } from "./teams-webhook.server";
import { mailLocale } from "./mail.server";
import { createWaveLink } from "./wave-links.server";

// Slack and Teams messages of a wave (ADR 047): who gets which (one rule, app/domain/chat.ts), and how one
// queued Slack or Teams message is sent. The queue, its claims, retries and log are email's
// (mail-delivery.server.ts): these are two more channels of it, not a second queue.

export const SLACK_TOKEN_PURPOSE = "slack-bot-token";
export const TEAMS_WEBHOOK_PURPOSE = "teams-webhook-url";

/** The organisation's Slack bot token, opened, with its sealed form (to mark that very token broken); null when not connected or broken. */
export async function workingSlackToken(app: Pick<AppContext, "config">, db: Kysely<DB>, organisationId: string): Promise<{ token: string; sealed: Uint8Array } | null> {
  const connection = await findSlackConnection(db, organisationId);
  if (connection?.status !== "connected") return null;
  return { token: new TextDecoder().decode(openSecret(app.config, SLACK_TOKEN_PURPOSE, connection.botTokenSealed, organisationId)), sealed: connection.botTokenSealed };
}

/** Marks the Slack connection broken with Slack's own words, and says so in the log (the admin pages show it). */
export async function breakSlackConnection(app: AppContext, organisationId: string, sealed: Uint8Array, error: SlackApiError): Promise<void> {
  if (await markSlackConnectionBroken(app.db, organisationId, sealed, error.code, app.now())) {
    app.log.warn(`Slack connection broken: ${error.code}`, { organisationId, code: error.code });
  }
}

/**
 * Queues a wave's invitations on every channel, in the transaction that opens it: an email and/or a Slack
 * message per person as they chose and as Slack can reach them, and a post per team with a Teams webhook.
 */
export async function queueWaveInvitations(app: AppContext, trx: Kysely<DB>, waveId: string): Promise<void> {
  const audience = await listAudienceChannels(trx, waveId);
  if (audience.length === 0) return;
  const organisationId = audience[0]!.organisationId;
  const connected = (await findSlackConnection(trx, organisationId))?.status === "connected";
  const messages: QueuedMessage[] = [];
  for (const a of audience) {
    const to = deliveryChannels("pulse", (a.channel ?? "both") as ChannelChoice, { connected, member: a.slackStatus });
    const base = { organisationId, waveId, purpose: "pulse-invitation" as const, personId: a.personId, teamId: a.teamId, day: 0 };
    if (to.email) messages.push({ ...base, channel: "email" });
    if (to.slack) messages.push({ ...base, channel: "slack" });
  }
  for (const teamId of await listWaveTeamsWithWebhook(trx, waveId)) {
    messages.push({ organisationId, waveId, purpose: "pulse-invitation", channel: "teams", personId: null, teamId, day: 0 });
  }
  await queueMessages(trx, messages, app.now());
}

/**
 * A reminder day's posts to the wave's teams' Teams channels: every team with a webhook, whether or not
 * anyone in it is still to answer (skipping a team would tell its channel that everyone answered).
 */
export async function queueTeamsReminders(app: AppContext, waveId: string, organisationId: string, day: number): Promise<number> {
  const teams = await listWaveTeamsWithWebhook(app.db, waveId);
  return queueMessages(
    app.db,
    teams.map((teamId) => ({ organisationId, waveId, purpose: "pulse-reminder" as const, channel: "teams" as const, personId: null, teamId, day })),
    app.now(),
  );
}

/** When a wave closes: a Slack notice to each team's manager who takes Slack, and a post to each team's Teams channel. */
export async function queueResultsNotices(app: AppContext, trx: Kysely<DB>, wave: { id: string; organisationId: string }): Promise<void> {
  const connected = (await findSlackConnection(trx, wave.organisationId))?.status === "connected";
  const messages: QueuedMessage[] = [];
  if (connected) {
    for (const m of await listWaveManagers(trx, wave.id)) {
      if (deliveryChannels("results", (m.channel ?? "both") as ChannelChoice, { connected, member: m.slackStatus }).slack) {
        messages.push({ organisationId: wave.organisationId, waveId: wave.id, purpose: "results-published", channel: "slack", personId: m.personId, teamId: m.teamId, day: 0 });
      }
    }
  }
  for (const teamId of await listWaveTeamsWithWebhook(trx, wave.id)) {
    messages.push({ organisationId: wave.organisationId, waveId: wave.id, purpose: "results-published", channel: "teams", personId: null, teamId, day: 0 });
  }
  await queueMessages(trx, messages, app.now());
}

/** One delivery run's memory: organisations Slack asked to slow down, and until when (their other messages wait, untried). */
export interface ChatRun {
  slowDown: Map<string, Date>;
  /** An email was queued instead of a Slack message during this round: the run takes another round. */
  emailQueued: boolean;
}

export const newChatRun = (): ChatRun => ({ slowDown: new Map(), emailQueued: false });

/** What a claimed Slack or Teams row needs (findDeliveryRecipient's row). */
export interface ChatRecipient {
  purpose: "pulse-invitation" | "pulse-reminder" | "self-assessment-invitation" | "self-assessment-reminder" | "results-published";
  channel: "email" | "slack" | "teams";
  attempts: number;
  organisationId: string;
  waveId: string;
  teamId: string;
  personId: string | null;
  email: string | null;
  teamName: string;
  programName: string;
  facts: PulseFacts;
  /** The recipient's own language setting (null for a Teams post, which has no person), and their organisation's default. */
  language: string | null;
  defaultLanguage: string;
}

/** A chat message's outcome, and whether the person should get the email instead (they chose Slack only and Slack cannot reach them). */
export interface ChatOutcome {
  outcome: DeliveryOutcome;
  emailInstead: boolean;
}

/** Candor's words for a person Slack does not know (Slack's own code in brackets), said for the delivery log. */
const NO_SLACK_USER = said("adminDeliveries.failure.slackNoUser", { code: "users_not_found" });

function failedOutcome(now: Date, attempts: number, error: string, final: boolean): DeliveryOutcome {
  return { status: "failed", error, retryAt: final || attempts >= MAIL_ATTEMPTS ? null : retryAt(now, attempts) };
}

/** What a Slack or Teams error means for the row: wait as told, try later, or give up. */
function outcomeOfError(now: Date, attempts: number, error: SlackApiError | TeamsWebhookError): DeliveryOutcome {
  if (error.kind === "rate-limited") return { status: "pending", error: error.message, retryAt: retryAt(now, attempts, error.retryAfterSeconds) };
  return failedOutcome(now, attempts, error.message, error.kind !== "unavailable");
}

/** A chat message's words in a language: its messages, and the closing day as that language writes it (English keeps the ISO day, as the English email does). */
function wordsIn(locale: Locale, closes: string): ChatWords {
  return { t: translatorFor(locale).t, closes: locale === "en" ? closes : formatsFor(locale).date(closes) };
}

/**
 * Who reads a chat message decides its language, by the rule of their email (mailLocale, ADR 055): a direct
 * message is in its person's language (their own setting, else their organisation's default); a post to a
 * Teams channel, read by the whole team, is in the organisation's default language.
 */
function chatLocale(r: Pick<ChatRecipient, "channel" | "language" | "defaultLanguage">): Locale {
  return mailLocale({ language: r.channel === "teams" ? null : r.language }, r.defaultLanguage);
}

/** A rep's Slack reminder, which has no queued row: their language as their email's. */
async function dmWords(app: AppContext, personId: string, closes: string): Promise<ChatWords> {
  const found = await findPersonLanguage(app.db, personId);
  return wordsIn(mailLocale({ language: found?.language ?? null }, found?.defaultLanguage), closes);
}

/**
 * Sends one claimed Slack direct message. The person's Slack user comes from the match an admin ran, or is
 * looked up now; a revoked token breaks the connection. Never throws for Slack's answers: each becomes the
 * row's outcome. (The clock is read once more only after Slack answered, when the caller records it.)
 */
export async function sendSlackDelivery(app: AppContext, r: ChatRecipient, run: ChatRun): Promise<ChatOutcome> {
  const now = app.now();
  const slowUntil = run.slowDown.get(r.organisationId);
  if (slowUntil && slowUntil > now) return { outcome: { status: "pending", error: said("adminDeliveries.failure.slackSlowDown"), retryAt: slowUntil }, emailInstead: false };
  const member = r.personId ? await findChatMember(app.db, r.personId) : undefined;
  const slackOnly = member?.channel === "slack" && r.purpose === "pulse-invitation";
  const slack = await workingSlackToken(app, app.db, r.organisationId);
  if (!slack || !r.personId || !r.email) {
    const connection = await findSlackConnection(app.db, r.organisationId);
    const why = connection ? said("adminDeliveries.failure.slackBroken", { problem: connection.problem ?? "unknown" }) : said("adminDeliveries.failure.slackNotConnected");
    return { outcome: failedOutcome(now, r.attempts, why, true), emailInstead: slackOnly };
  }
  try {
    let userId = member?.slackStatus === "matched" ? member.slackUserId : null;
    if (!userId) {
      userId = await lookupSlackUser(app.log, slack.token, r.email);
      await saveSlackMatch(app.db, { organisationId: r.organisationId, personId: r.personId, slackUserId: userId, at: now });
      if (!userId) return { outcome: { status: "unmatched", error: NO_SLACK_USER }, emailInstead: slackOnly };
    }
    const words = wordsIn(chatLocale(r), r.facts.closes);
    const message: SlackMessage =
      r.purpose === "results-published"
        ? slackResultsMessage({ teamName: r.teamName, programName: r.programName }, `${app.config.appUrl}/teams/${r.teamId}`, words)
        : slackPulseMessage(r.facts, await createWaveLink(app.db, app.config.appUrl, r.waveId, r.personId), words);
    await sendSlackDirectMessage(app.log, slack.token, userId, message);
    return { outcome: { status: "sent" }, emailInstead: false };
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    if (error.kind === "token") await breakSlackConnection(app, r.organisationId, slack.sealed, error);
    if (error.kind === "rate-limited") run.slowDown.set(r.organisationId, retryAt(now, r.attempts, error.retryAfterSeconds));
    if (error.kind === "not-found") {
      await saveSlackMatch(app.db, { organisationId: r.organisationId, personId: r.personId, slackUserId: null, at: now });
      return { outcome: { status: "unmatched", error: error.message }, emailInstead: slackOnly };
    }
    return { outcome: outcomeOfError(now, r.attempts, error), emailInstead: slackOnly && (error.kind === "token" || error.kind === "refused") };
  }
}

/** Sends one claimed post to a team's Teams channel; a workflow that is gone marks the team's webhook broken. */
export async function sendTeamsDelivery(app: AppContext, r: ChatRecipient): Promise<DeliveryOutcome> {
  const now = app.now();
  const webhook = await findTeamsWebhook(app.db, r.teamId);
  if (webhook?.status !== "connected") return failedOutcome(now, r.attempts, said("adminDeliveries.failure.teamsNoWebhook"), true);
  const url = new TextDecoder().decode(openSecret(app.config, TEAMS_WEBHOOK_PURPOSE, webhook.urlSealed, r.teamId));
  const words = wordsIn(chatLocale(r), r.facts.closes);
  const post =
    r.purpose === "results-published"
      ? teamsResultsPost({ teamName: r.teamName, programName: r.programName }, `${app.config.appUrl}/`, words)
      : teamsPulsePost(r.facts, `${app.config.appUrl}/pulses/${r.waveId}`, words);
  try {
    await postToTeams(url, post, now);
    return { status: "sent" };
  } catch (error) {
    if (!(error instanceof TeamsWebhookError)) throw error;
    if (error.kind === "broken") {
      await markTeamsWebhookBroken(app.db, r.teamId, webhook.urlSealed, error.message, now);
      app.log.warn("Teams webhook broken", { teamId: r.teamId, status: error.status });
    }
    return outcomeOfError(now, r.attempts, error);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long reminders may wait in all for Slack's rate limits before the rest are recorded as failed. */
const REMINDER_WAIT_BUDGET_MS = 120_000;

/** A rep's Slack reminder: what happened, and whether to send the email instead. */
export type SlackReminderResult = { status: "sent" } | { status: "failed" | "unmatched"; error: string; emailInstead: boolean };

/**
 * Reminders are sent at once, not queued (a queued reminder would name its recipient): their Slack half
 * waits here as a 429's Retry-After says, within a budget, and reads exactly as the invitation.
 */
export function slackReminderSender(app: AppContext, organisationId: string) {
  let waited = 0;
  let slack: { token: string; sealed: Uint8Array } | null | undefined;
  let members: Map<string, { channel: string; slackUserId: string | null; slackStatus: string | null }> | undefined;
  return {
    /** Which channels a waiting rep gets, by the one rule. */
    async channelsOf(personIds: readonly string[]) {
      slack ??= await workingSlackToken(app, app.db, organisationId);
      members ??= new Map((await findChatMembers(app.db, personIds)).map((m) => [m.personId, m]));
      return (personId: string) => {
        const m = members!.get(personId);
        return {
          ...deliveryChannels("pulse", (m?.channel ?? "both") as ChannelChoice, { connected: slack !== null, member: (m?.slackStatus ?? null) as "matched" | "not-found" | null }),
          slackOnly: m?.channel === "slack",
        };
      };
    },
    async send(person: { id: string; email: string }, waveId: string, facts: PulseFacts, slackOnly: boolean): Promise<SlackReminderResult> {
      if (!slack) return { status: "failed", error: said("adminDeliveries.failure.slackNoConnection"), emailInstead: slackOnly };
      const token = slack;
      for (let tries = 0; ; tries++) {
        try {
          const m = members?.get(person.id);
          let userId = m?.slackStatus === "matched" ? m.slackUserId : null;
          if (!userId) {
            userId = await lookupSlackUser(app.log, token.token, person.email);
            await saveSlackMatch(app.db, { organisationId, personId: person.id, slackUserId: userId, at: app.now() });
            if (!userId) return { status: "unmatched", error: NO_SLACK_USER, emailInstead: slackOnly };
          }
          await sendSlackDirectMessage(
            app.log,
            token.token,
            userId,
            slackPulseMessage(facts, await createWaveLink(app.db, app.config.appUrl, waveId, person.id), await dmWords(app, person.id, facts.closes)),
          );
          return { status: "sent" };
        } catch (error) {
          if (!(error instanceof SlackApiError)) throw error;
          if (error.kind === "rate-limited" && tries < 3) {
            const ms = Math.min(30, Math.max(1, error.retryAfterSeconds ?? 1)) * 1000;
            if (waited + ms <= REMINDER_WAIT_BUDGET_MS) {
              waited += ms;
              await sleep(ms);
              continue;
            }
          }
          if (error.kind === "token") {
            await breakSlackConnection(app, organisationId, token.sealed, error);
            slack = null;
          }
          if (error.kind === "not-found") return { status: "unmatched", error: error.message, emailInstead: slackOnly };
          // A reminder is not tried again (nothing records whom it was for): whoever chose Slack only gets the email now.
          return { status: "failed", error: error.message, emailInstead: slackOnly };
        }
      }
    },
  };
}
