import type { AppContext } from "~/context.server";
import { said } from "~/i18n/said";
import { requireRole, type SessionUser } from "~/auth/guards.server";
import { newOAuthState, verifyOAuthState } from "~/auth/oauth-state.server";
import { sealSecret } from "~/auth/secret-box.server";
import { SLACK_SCOPE_LIST, SLACK_SCOPES, looksLikeSlackBotToken, parseTeamsWebhookUrl, type ChannelChoice } from "~/domain/chat";
import { InputError, NotFoundError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import {
  deleteSlackConnection,
  deleteTeamsWebhook,
  findChatMember,
  findSlackConnection,
  forgetSlackMatches,
  listChatMembers,
  listTeamsWebhooks,
  saveChannelChoice,
  saveSlackConnection,
  saveSlackMatch,
  saveTeamsWebhook,
} from "#db/queries/chat";
import { findTeam } from "#db/queries/teams";
import { recordAuditByUser } from "./audit.server";
import { SLACK_TOKEN_PURPOSE, TEAMS_WEBHOOK_PURPOSE, breakSlackConnection, workingSlackToken } from "./chat-delivery.server";
import { SlackApiError, checkSlackToken, exchangeSlackCode, lookupSlackUser, type SlackInstall } from "./slack-api.server";

// The admin's side of Slack and Teams (ADR 047): connecting Slack (OAuth v2 install, or a pasted bot
// token), matching people to Slack users by email, each team's Teams webhook; and a person's own choice of
// channel. Secrets are sealed before they reach the database and never shown again.

const STATE_PURPOSE = "slack-install";
export const SLACK_CALLBACK_PATH = "/admin/chat/slack/callback";

/** Whether "Add to Slack" is possible: the installation has a Slack app's client ID and secret. */
const oauthConfigured = (app: AppContext) => Boolean(app.config.SLACK_CLIENT_ID && app.config.SLACK_CLIENT_SECRET);

/** Everything the admin's Slack and Teams page shows. */
export async function getChatOverview(app: AppContext, user: SessionUser) {
  requireRole(user, "admin");
  const [connection, members, webhooks] = await Promise.all([
    findSlackConnection(app.db, user.organisationId),
    listChatMembers(app.db, user.organisationId),
    listTeamsWebhooks(app.db, user.organisationId),
  ]);
  const wantsSlack = members.filter((m) => (m.channel ?? "both") !== "email");
  return {
    oauth: oauthConfigured(app),
    callbackUrl: `${app.config.appUrl}${SLACK_CALLBACK_PATH}`,
    scopes: SLACK_SCOPE_LIST.map((scope) => ({ scope, why: SLACK_SCOPES[scope] })),
    slack: connection
      ? {
          status: connection.status,
          problem: connection.problem,
          workspaceName: connection.workspaceName,
          workspaceId: connection.workspaceId,
          installedVia: connection.installedVia,
          connectedAt: connection.connectedAt,
          missingScopes: SLACK_SCOPE_LIST.filter((s) => !connection.scopes.includes(s)),
        }
      : null,
    people: {
      total: members.length,
      matched: members.filter((m) => m.slackStatus === "matched").length,
      notChecked: wantsSlack.filter((m) => m.slackStatus == null).length,
      emailOnly: members.length - wantsSlack.length,
      unmatched: members.filter((m) => m.slackStatus === "not-found").map((m) => ({ id: m.id, name: m.name, email: m.email, checkedAt: m.slackCheckedAt })),
    },
    teams: webhooks.map((w) => ({ teamId: w.teamId, teamName: w.teamName, host: w.urlHost, status: w.status, problem: w.problem })),
  };
}

/** Where "Add to Slack" sends the admin: Slack's authorize page, with a state bound to this session. */
export function slackInstallUrl(app: AppContext, user: SessionUser): string {
  requireRole(user, "admin");
  if (!oauthConfigured(app)) throw new InputError(said("adminChat.noCredentials"));
  const url = new URL("https://slack.com/oauth/v2/authorize");
  url.searchParams.set("client_id", app.config.SLACK_CLIENT_ID!);
  url.searchParams.set("scope", SLACK_SCOPE_LIST.join(","));
  url.searchParams.set("redirect_uri", `${app.config.appUrl}${SLACK_CALLBACK_PATH}`);
  url.searchParams.set("state", newOAuthState(app.config, STATE_PURPOSE, user, app.now()));
  return url.toString();
}

async function saveInstall(app: AppContext, user: SessionUser, install: SlackInstall, via: "oauth" | "token"): Promise<void> {
  const missing = SLACK_SCOPE_LIST.filter((s) => !install.scopes.includes(s));
  if (missing.length > 0) throw new InputError(said("adminChat.appLacks", { scopes: missing.join(", "), count: missing.length }));
  const before = await findSlackConnection(app.db, user.organisationId);
  await app.db.transaction().execute(async (trx) => {
    // Another workspace's user ids mean nothing here: people are matched again.
    if (before && before.workspaceId !== install.workspaceId) await forgetSlackMatches(trx, user.organisationId, app.now());
    await saveSlackConnection(trx, {
      organisationId: user.organisationId,
      workspaceId: install.workspaceId,
      workspaceName: install.workspaceName,
      botUserId: install.botUserId,
      botTokenSealed: sealSecret(app.config, SLACK_TOKEN_PURPOSE, new TextEncoder().encode(install.token), user.organisationId),
      scopes: install.scopes,
      installedVia: via,
      connectedBy: user.personId,
      at: app.now(),
    });
    await recordAuditByUser(trx, app, user, {
      action: "chat.slack-connect",
      target: { type: "organisation", id: user.organisationId },
      before: before ? { workspace: before.workspaceName, status: before.status } : undefined,
      after: { workspace: install.workspaceName, workspaceId: install.workspaceId, via, scopes: install.scopes },
    });
  });
}

/** What a Slack refusal tells the admin. */
function slackRefusal(error: unknown): never {
  if (error instanceof SlackApiError) throw new InputError(said("adminChat.slackRefused", { code: error.code, token: error.kind === "token" ? "yes" : "no" }));
  throw error;
}

/**
 * The OAuth callback: checks that `state` came back to the session that started the install, then trades
 * the code for the bot token (`oauth.v2.access`) and saves it sealed. Slack's own refusal (the admin
 * pressed Cancel: `error=access_denied`) is said plainly and changes nothing.
 */
export async function completeSlackInstall(app: AppContext, user: SessionUser, callback: { code?: string; state?: string; error?: string }): Promise<{ workspaceName: string }> {
  requireRole(user, "admin");
  if (!callback.state || !verifyOAuthState(app.config, STATE_PURPOSE, user, callback.state, app.now())) {
    throw new InputError(said("adminChat.stateMismatch"));
  }
  if (callback.error) throw new InputError(said("adminChat.notInstalled", { error: callback.error.slice(0, 60) }));
  if (!callback.code || !oauthConfigured(app)) throw new InputError(said("adminChat.noCode"));
  let install: SlackInstall;
  try {
    install = await exchangeSlackCode(app.log, {
      clientId: app.config.SLACK_CLIENT_ID!,
      clientSecret: app.config.SLACK_CLIENT_SECRET!,
      code: callback.code,
      redirectUri: `${app.config.appUrl}${SLACK_CALLBACK_PATH}`,
    });
  } catch (error) {
    slackRefusal(error);
  }
  await saveInstall(app, user, install, "oauth");
  return { workspaceName: install.workspaceName };
}

/** For an app installed by hand: checks the pasted bot token with Slack (`auth.test`) and saves it sealed. */
export async function connectSlackWithToken(app: AppContext, user: SessionUser, token: string): Promise<{ workspaceName: string }> {
  requireRole(user, "admin");
  if (!looksLikeSlackBotToken(token)) throw new InputError(said("adminChat.notBotToken"), { token: said("adminChat.pasteBotToken") });
  let install: SlackInstall;
  try {
    install = await checkSlackToken(app.log, token.trim());
  } catch (error) {
    slackRefusal(error);
  }
  await saveInstall(app, user, install, "token");
  return { workspaceName: install.workspaceName };
}

/** Forgets the workspace: the sealed token goes, and people's Slack matches with it. Email goes on. */
export async function disconnectSlack(app: AppContext, user: SessionUser): Promise<void> {
  requireRole(user, "admin");
  await app.db.transaction().execute(async (trx) => {
    const before = await findSlackConnection(trx, user.organisationId);
    if (!(await deleteSlackConnection(trx, user.organisationId))) throw new NotFoundError(said("adminChat.notConnectedRefusal"));
    await forgetSlackMatches(trx, user.organisationId, app.now());
    await recordAuditByUser(trx, app, user, {
      action: "chat.slack-disconnect",
      target: { type: "organisation", id: user.organisationId },
      before: { workspace: before?.workspaceName ?? null },
    });
  });
}

export interface MatchRun {
  matched: number;
  notFound: number;
  /** People not looked up in this run: Slack asked to wait this many seconds. */
  left: number;
  retryAfterSeconds: number | null;
}

/**
 * Looks up every active person whose choice includes Slack by their email (`users.lookupByEmail`) and keeps
 * the answer: their Slack user, or that Slack knows none (the page lists those). Stops when Slack asks to
 * slow down and says how long to wait; a revoked token breaks the connection.
 */
export async function matchSlackPeople(app: AppContext, user: SessionUser): Promise<MatchRun> {
  requireRole(user, "admin");
  const slack = await workingSlackToken(app, app.db, user.organisationId);
  if (!slack) throw new InputError(said("adminChat.connectFirst"));
  const people = (await listChatMembers(app.db, user.organisationId)).filter((m) => (m.channel ?? "both") !== "email");
  const run: MatchRun = { matched: 0, notFound: 0, left: 0, retryAfterSeconds: null };
  for (const [i, person] of people.entries()) {
    let userId: string | null;
    try {
      userId = await lookupSlackUser(app.log, slack.token, person.email);
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      if (error.kind === "rate-limited") {
        run.left = people.length - i;
        run.retryAfterSeconds = error.retryAfterSeconds ?? 60;
        break;
      }
      if (error.kind === "token") {
        await breakSlackConnection(app, user.organisationId, slack.sealed, error);
        throw new InputError(said("adminChat.tokenRefused", { code: error.code }));
      }
      throw new InputError(said("adminChat.lookupFailed", { error: error.message }));
    }
    await saveSlackMatch(app.db, { organisationId: user.organisationId, personId: person.id, slackUserId: userId, at: app.now() });
    if (userId) run.matched++;
    else run.notFound++;
  }
  await recordAuditByUser(app.db, app, user, {
    action: "chat.slack-match",
    target: { type: "organisation", id: user.organisationId },
    after: { matched: run.matched, notFound: run.notFound, left: run.left },
  });
  return run;
}

/** Saves (or replaces) a team's Teams workflow URL, sealed; only its host is ever shown again. */
export async function saveTeamsWebhookUrl(app: AppContext, user: SessionUser, teamId: string, text: string): Promise<void> {
  requireRole(user, "admin");
  const team = isUuid(teamId) ? await findTeam(app.db, user.organisationId, teamId) : undefined;
  if (!team) throw new NotFoundError(said("adminChat.noSuchTeam"));
  const parsed = parseTeamsWebhookUrl(text);
  if (!parsed.ok) throw new InputError(parsed.message, { url: parsed.message });
  await app.db.transaction().execute(async (trx) => {
    await saveTeamsWebhook(trx, {
      organisationId: user.organisationId,
      teamId: team.id,
      urlSealed: sealSecret(app.config, TEAMS_WEBHOOK_PURPOSE, new TextEncoder().encode(parsed.url), team.id),
      urlHost: parsed.host,
      at: app.now(),
    });
    await recordAuditByUser(trx, app, user, { action: "chat.teams-webhook-save", target: { type: "team", id: team.id }, after: { host: parsed.host } });
  });
}

export async function removeTeamsWebhookUrl(app: AppContext, user: SessionUser, teamId: string): Promise<void> {
  requireRole(user, "admin");
  if (!isUuid(teamId)) throw new NotFoundError(said("adminChat.noSuchTeam"));
  await app.db.transaction().execute(async (trx) => {
    if (!(await deleteTeamsWebhook(trx, user.organisationId, teamId))) throw new NotFoundError(said("adminChat.noWebhook"));
    await recordAuditByUser(trx, app, user, { action: "chat.teams-webhook-remove", target: { type: "team", id: teamId } });
  });
}

/** A person's own choice of channel, and whether Slack is there to choose (the account page, which names the choices in its reader's language). */
export async function getMyChannel(app: AppContext, user: SessionUser) {
  const [member, connection] = await Promise.all([findChatMember(app.db, user.personId), findSlackConnection(app.db, user.organisationId)]);
  return {
    channel: (member?.channel ?? "both") as ChannelChoice,
    slackConnected: connection?.status === "connected",
    slackMatched: member?.slackStatus === "matched",
  };
}

export async function saveMyChannel(app: AppContext, user: SessionUser, channel: ChannelChoice): Promise<void> {
  await saveChannelChoice(app.db, { organisationId: user.organisationId, personId: user.personId, channel, at: app.now() });
}
