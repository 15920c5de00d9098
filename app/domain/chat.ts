// Pulses in Slack and Microsoft Teams (ADR 047): who gets a message on which channel, when a failed one is
// tried again, and what the messages say. Pure: the services read the facts and send.
import { said } from "~/i18n/said";
import type { MessageKey } from "~/i18n/translate";
import type { ChannelChoice } from "./chat-choices";

export type { ChannelChoice } from "./chat-choices";

/** What a message is for: a rep's pulse (invitation or reminder: they read the same), or a manager's "results are published". */
export type MessageKind = "pulse" | "results";

/** Whether a person can be reached in Slack: the workspace is connected and working, and their email matched (or was not looked up yet). */
export interface SlackReach {
  connected: boolean;
  member: "matched" | "not-found" | null;
}

/**
 * The one rule of who gets what (issue 27): a pulse goes by email unless the person chose Slack only and
 * Slack can reach them; by Slack when they chose it (alone or with email), the workspace is connected and
 * Slack has not said it knows no user with their email. So a broken connection or an unmatched person
 * still gets the email. A manager's "results are published" notice is a chat message only: email never
 * sent one, and this issue does not add one.
 * @example deliveryChannels("pulse", "slack", { connected: false, member: null }) // { email: true, slack: false }
 */
export function deliveryChannels(kind: MessageKind, choice: ChannelChoice, reach: SlackReach): { email: boolean; slack: boolean } {
  const slack = reach.connected && choice !== "email" && reach.member !== "not-found";
  if (kind === "results") return { email: false, slack };
  return { email: choice !== "slack" || !slack, slack };
}

/** Slack's errors that mean the token no longer works: the connection is broken until an admin connects again. */
export const SLACK_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "not_authed",
  "missing_scope",
  "no_permission",
  "team_access_not_granted",
]);

/** How many times a failed message is tried (a rate limit is not a try: it waits as it is told). */
export const DELIVERY_ATTEMPTS = 3;

const MINUTE_MS = 60_000;

/**
 * When a message that failed is tried again: when the provider said (a 429's Retry-After, at least a
 * second and at most an hour), else 10 minutes after the first failure and 20 after the second.
 * @example retryAt(new Date(0), 2).getTime() // 1_200_000
 */
export function retryAt(now: Date, attempts: number, retryAfterSeconds?: number): Date {
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds)) {
    return new Date(now.getTime() + Math.min(3600, Math.max(1, Math.ceil(retryAfterSeconds))) * 1000);
  }
  return new Date(now.getTime() + 10 * MINUTE_MS * Math.max(1, attempts));
}

/**
 * A Retry-After header in seconds (delta-seconds, or an HTTP date relative to `now`); undefined when absent
 * or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

/** What a pulse message needs: no person, no count, nothing about who has answered. */
export interface PulseFacts {
  teamName: string;
  /** The last day it can be answered, 'YYYY-MM-DD'. */
  closes: string;
  minGroupSize: number;
  minCommentGroupSize: number;
}

/** A Slack message: the fallback text (notifications, screen readers) and its blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock =
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: Array<{ type: "mrkdwn"; text: string }> }
  | { type: "actions"; elements: Array<{ type: "button"; text: { type: "plain_text"; text: string }; url: string; style: "primary"; action_id: string }> };

/** Slack's mrkdwn treats &, < and > as markup: a team called "<!channel>" must stay text. */
function slackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A rep's pulse in Slack: the invitation and every reminder are this same message (only the personal link
 * differs), so that nothing in a reminder says or implies who has answered (issue 27, point 3).
 */
export function slackPulseMessage(facts: PulseFacts, link: string, words: ChatWords): SlackMessage {
  const { t } = words;
  const team = slackText(facts.teamName);
  const text = t("adminChat.dm.open", { team, closes: words.closes ?? facts.closes });
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${text}*` } },
      { type: "section", text: { type: "mrkdwn", text: t("adminChat.dm.anonymous", { min: facts.minGroupSize, minComments: facts.minCommentGroupSize }) } },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: t("adminChat.dm.answer") }, url: link, style: "primary", action_id: "open-pulse" }] },
      { type: "context", elements: [{ type: "mrkdwn", text: t("adminChat.dm.personal") }] },
    ],
  };
}

/**
 * What a chat message is written with: its reader's language's messages (a direct message: the person's own
 * setting, else their organisation's default, as their email; a Teams channel's post: the organisation's
 * default), and the closing day as that language writes it (English keeps the ISO day, as the English email
 * does).
 */
export interface ChatWords {
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  closes?: string;
}

/** A manager's notice that a team's pulse closed and its results are on Candor: no count, no name. In the manager's language. */
export function slackResultsMessage(facts: { teamName: string; programName: string }, link: string, words: ChatWords): SlackMessage {
  const { t } = words;
  const text = t("adminChat.results.closed", { program: slackText(facts.programName), team: slackText(facts.teamName) });
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: t("adminChat.results.see") }, url: link, style: "primary", action_id: "open-results" }] },
      { type: "context", elements: [{ type: "mrkdwn", text: t("adminChat.results.anonymous") }] },
    ],
  };
}

/** The JSON a Teams Workflows webhook takes: a message with one Adaptive Card. */
export interface TeamsPost {
  type: "message";
  attachments: Array<{ contentType: "application/vnd.microsoft.card.adaptive"; contentUrl: null; content: AdaptiveCard }>;
}

interface AdaptiveCard {
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  type: "AdaptiveCard";
  version: "1.4";
  body: Array<{ type: "TextBlock"; text: string; wrap: true; weight?: "Bolder"; size?: "Medium"; isSubtle?: true }>;
  actions: Array<{ type: "Action.OpenUrl"; title: string; url: string }>;
}

function teamsPost(body: AdaptiveCard["body"], action: { title: string; url: string }): TeamsPost {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          actions: [{ type: "Action.OpenUrl", title: action.title, url: action.url }],
        },
      },
    ],
  };
}

/**
 * A post to a team's Teams channel that its pulse is open: the same for the invitation and every reminder,
 * and it names nobody and counts nothing (the whole channel reads it). Its button opens the pulse for a
 * signed-in rep; each rep's personal link goes by email or Slack, never to a channel. In the organisation's
 * default language (a channel has many readers).
 */
export function teamsPulsePost(facts: PulseFacts, link: string, words: ChatWords): TeamsPost {
  const { t } = words;
  return teamsPost(
    [
      { type: "TextBlock", text: t("adminChat.teams.open", { team: facts.teamName, closes: words.closes ?? facts.closes }), wrap: true, weight: "Bolder", size: "Medium" },
      { type: "TextBlock", text: t("adminChat.teams.howTo"), wrap: true },
      { type: "TextBlock", text: t("adminChat.teams.anonymous", { min: facts.minGroupSize }), wrap: true, isSubtle: true },
    ],
    { title: t("adminChat.dm.answer"), url: link },
  );
}

/** A post to a team's channel that its pulse closed: no result, no count, no name. In the organisation's default language. */
export function teamsResultsPost(facts: { teamName: string; programName: string }, link: string, words: ChatWords): TeamsPost {
  const { t } = words;
  return teamsPost(
    [
      { type: "TextBlock", text: t("adminChat.teams.closed", { program: facts.programName, team: facts.teamName }), wrap: true, weight: "Bolder", size: "Medium" },
      { type: "TextBlock", text: t("adminChat.teams.thanks"), wrap: true },
    ],
    { title: t("adminChat.teams.openCandor"), url: link },
  );
}

/** Hosts a Teams Workflows webhook lives on (Power Automate / Logic Apps); anything else is refused, so an admin cannot point Candor at an internal address. */
const TEAMS_WEBHOOK_HOSTS = [/\.logic\.azure\.com$/i, /\.environment\.api\.powerplatform\.com$/i, /\.api\.powerplatform\.com$/i, /\.webhook\.office\.com$/i];

/**
 * A Teams webhook URL as pasted: an https URL on one of Microsoft's workflow hosts, without credentials or
 * another port. Returns the URL and its host, or the reason it is refused.
 * @example parseTeamsWebhookUrl("http://x") // { ok: false, message: "…" }
 */
export function parseTeamsWebhookUrl(text: string): { ok: true; url: string; host: string } | { ok: false; message: string } {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: said("adminChat.webhookWhole") };
  }
  if (url.protocol !== "https:") return { ok: false, message: said("adminChat.webhookHttps") };
  if (url.username || url.password || url.port) return { ok: false, message: said("adminChat.webhookCredentials") };
  if (!TEAMS_WEBHOOK_HOSTS.some((host) => host.test(url.hostname))) {
    return {
      ok: false,
      message: said("adminChat.webhookHost"),
    };
  }
  if (trimmed.length > 2000) return { ok: false, message: said("adminChat.webhookLong") };
  return { ok: true, url: url.toString(), host: url.hostname };
}

/** Slack's bot tokens start with xoxb-; anything else pasted is refused before asking Slack. */
export function looksLikeSlackBotToken(text: string): boolean {
  return /^xoxb-[0-9A-Za-z-]{10,250}$/.test(text.trim());
}

/** The scopes Candor asks for, and why (ADR 047, README). */
export const SLACK_SCOPES = {
  "chat:write": "send the pulse invitations, reminders and results notices as direct messages from the app",
  "im:write": "open the direct message with a person (conversations.open)",
  "users:read": "required by Slack alongside users:read.email",
  "users:read.email": "find each person's Slack account from their work email (users.lookupByEmail)",
} as const;

export const SLACK_SCOPE_LIST = Object.keys(SLACK_SCOPES) as Array<keyof typeof SLACK_SCOPES>;
