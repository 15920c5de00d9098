import { ErrorCode, LogLevel, WebClient, type Logger as SlackLogger } from "@slack/web-api";
import type { Logger } from "~/log.server";
import { SLACK_TOKEN_ERRORS, type SlackMessage } from "~/domain/chat";
import { said } from "~/i18n/said";

// Slack's Web API through the official client (@slack/web-api), with its own retries switched off: a 429
// is handed back with its Retry-After and a 5xx at once, so that the job queue's rows decide when to try
// again (one home for retries, ADR 047) and a scheduler run never sleeps half an hour inside the client.

/** What went wrong with a Slack call, in the terms delivery acts on. */
export type SlackProblemKind = "token" | "rate-limited" | "unavailable" | "refused" | "not-found";

export class SlackApiError extends Error {
  constructor(
    readonly kind: SlackProblemKind,
    /** Slack's error code (invalid_auth, users_not_found, …) or the HTTP status. */
    readonly code: string,
    /** Said (ADR 057): Candor's words around Slack's code, which the delivery log shows in the reader's language. */
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "SlackApiError";
  }
}

function clientLogger(log: Logger): SlackLogger {
  const line =
    (level: "debug" | "info" | "warn" | "error") =>
    (...msg: unknown[]) =>
      log[level === "debug" ? "debug" : level === "info" ? "debug" : "warn"](`slack: ${msg.map(String).join(" ")}`);
  return {
    debug: line("debug"),
    info: line("info"),
    warn: line("warn"),
    error: line("error"),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
}

function client(token: string | undefined, log: Logger): WebClient {
  return new WebClient(token, {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
    logger: clientLogger(log),
    logLevel: LogLevel.WARN,
  });
}

/** Any error of the client as a SlackApiError. */
function asSlackError(error: unknown): SlackApiError {
  if (error instanceof SlackApiError) return error;
  const coded = error as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; message?: string };
  switch (coded.code) {
    case ErrorCode.PlatformError: {
      const code = coded.data?.error ?? "unknown_error";
      if (SLACK_TOKEN_ERRORS.has(code)) return new SlackApiError("token", code, said("adminChat.slackError.token", { code }));
      if (code === "users_not_found" || code === "user_not_found") return new SlackApiError("not-found", code, said("adminChat.slackError.noSuchUser", { code }));
      if (code === "ratelimited") return new SlackApiError("rate-limited", code, said("adminChat.slackError.slowDown", { code }), 60);
      if (code === "internal_error" || code === "fatal_error" || code === "service_unavailable" || code === "request_timeout")
        return new SlackApiError("unavailable", code, said("adminChat.slackError.unavailable", { code }));
      return new SlackApiError("refused", code, said("adminChat.slackError.refused", { code }));
    }
    case ErrorCode.RateLimitedError:
      return new SlackApiError(
        "rate-limited",
        "429",
        coded.retryAfter === undefined ? said("adminChat.slackError.slowDown", { code: "HTTP 429" }) : said("adminChat.slackError.slowDownFor", { seconds: coded.retryAfter }),
        coded.retryAfter,
      );
    case ErrorCode.HTTPError:
      return new SlackApiError(
        (coded.statusCode ?? 500) >= 500 ? "unavailable" : "refused",
        String(coded.statusCode ?? ""),
        said("adminChat.slackError.http", { status: String(coded.statusCode ?? "?") }),
      );
    default:
      return new SlackApiError("unavailable", "request", said("adminChat.slackError.unreachable", { detail: coded.message ?? String(error) }));
  }
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asSlackError(error);
  }
}

export interface SlackInstall {
  token: string;
  scopes: string[];
  workspaceId: string;
  workspaceName: string;
  botUserId: string | null;
}

/** OAuth v2: trades the code Slack sent back for the workspace's bot token (`oauth.v2.access`). */
export async function exchangeSlackCode(log: Logger, values: { clientId: string; clientSecret: string; code: string; redirectUri: string }): Promise<SlackInstall> {
  const result = await call(() =>
    client(undefined, log).oauth.v2.access({ client_id: values.clientId, client_secret: values.clientSecret, code: values.code, redirect_uri: values.redirectUri }),
  );
  if (!result.access_token || result.token_type !== "bot" || !result.team?.id) throw new SlackApiError("refused", "no_bot_token", said("adminChat.slackError.noBotToken"));
  return {
    token: result.access_token,
    scopes: (result.scope ?? "").split(",").filter(Boolean),
    workspaceId: result.team.id,
    workspaceName: result.team.name ?? result.team.id,
    botUserId: result.bot_user_id ?? null,
  };
}

/** Checks a pasted bot token (`auth.test`): which workspace it is for, and the scopes it carries. */
export async function checkSlackToken(log: Logger, token: string): Promise<SlackInstall> {
  const result = await call(() => client(token, log).auth.test());
  if (!result.team_id) throw new SlackApiError("refused", "no_team", said("adminChat.slackError.noTeam"));
  return {
    token,
    scopes: result.response_metadata?.scopes ?? [],
    workspaceId: result.team_id,
    workspaceName: result.team ?? result.team_id,
    botUserId: result.user_id ?? null,
  };
}

/** The Slack user with this email (`users.lookupByEmail`), or null when Slack knows none (users_not_found). */
export async function lookupSlackUser(log: Logger, token: string, email: string): Promise<string | null> {
  try {
    const result = await call(() => client(token, log).users.lookupByEmail({ email }));
    if (!result.user?.id || result.user.deleted) return null;
    return result.user.id;
  } catch (error) {
    if (error instanceof SlackApiError && error.kind === "not-found") return null;
    throw error;
  }
}

/** Sends a direct message from the app to one user: opens the conversation, then posts (`conversations.open`, `chat.postMessage`). */
export async function sendSlackDirectMessage(log: Logger, token: string, userId: string, message: SlackMessage): Promise<{ channel: string; ts: string }> {
  const slack = client(token, log);
  const opened = await call(() => slack.conversations.open({ users: userId, return_im: false }));
  const channel = opened.channel?.id;
  if (!channel) throw new SlackApiError("refused", "no_channel", said("adminChat.slackError.noChannel"));
  const posted = await call(() => slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false }));
  return { channel, ts: posted.ts ?? "" };
}
