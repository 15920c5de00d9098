import { http, HttpResponse } from "msw";

// msw handlers that answer as Slack's Web API does (https://api.slack.com/methods): every method is a POST
// to https://slack.com/api/<method> with a form-encoded body, the bot token as a Bearer header; HTTP 200
// with {"ok": false, "error": "..."} for a refusal (invalid_auth, account_inactive, users_not_found), and
// HTTP 429 with Retry-After when rate limited. The answers are shaped like the examples of Slack's docs.
// And a Teams Workflows webhook: 202 Accepted with an empty body, or Microsoft's JSON errors.

export const SLACK_CLIENT_ID = "1234567890.0987654321";
export const SLACK_CLIENT_SECRET = "slack-client-secret-for-tests";

export interface SlackCall {
  method: string;
  token: string | null;
  params: Record<string, string>;
}

export interface FakeSlack {
  workspace: { id: string; name: string };
  /** The bot token oauth.v2.access hands out; tokens Slack accepts. */
  botToken: string;
  tokens: Set<string>;
  /** Codes oauth.v2.access accepts (each once). */
  codes: Set<string>;
  /** email → Slack user id. */
  users: Map<string, string>;
  calls: SlackCall[];
  /** Every call answers {"ok":false,"error":<this>} (a revoked token, a deactivated workspace). */
  refuseWith: string | null;
  /** Answer 429 with this Retry-After to the nth chat.postMessage (1-based), once. */
  throttlePost: { nth: number; retryAfter: number } | null;
  /** Scopes the token carries. */
  scopes: string[];
}

export function newFakeSlack(overrides: Partial<FakeSlack> = {}): FakeSlack {
  return {
    workspace: { id: "T0ACME0001", name: "Acme Sales" },
    botToken: "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
    tokens: new Set(),
    codes: new Set(),
    users: new Map(),
    calls: [],
    refuseWith: null,
    throttlePost: null,
    scopes: ["chat:write", "im:write", "users:read", "users:read.email"],
    ...overrides,
  };
}

/** The Slack user id a DM channel stands for (conversations.open answers D + the user's id). */
export const dmChannelOf = (userId: string) => `D${userId.slice(1)}`;

export function slackHandlers(fake: FakeSlack) {
  let posts = 0;
  let throttled = false;
  const refuse = (error: string) => HttpResponse.json({ ok: false, error });
  return [
    http.post("https://slack.com/api/:method", async ({ request, params }) => {
      const method = String(params.method);
      const contentType = request.headers.get("content-type") ?? "";
      if (!contentType.startsWith("application/x-www-form-urlencoded")) return HttpResponse.json({ ok: false, error: "invalid_form_data" });
      const body = Object.fromEntries(new URLSearchParams(await request.text()));
      const auth = request.headers.get("authorization");
      const token = auth?.startsWith("Bearer ") ? auth.slice(7) : null;
      fake.calls.push({ method, token, params: body });
      if (method === "oauth.v2.access") {
        if (body.client_id !== SLACK_CLIENT_ID || body.client_secret !== SLACK_CLIENT_SECRET) return refuse("invalid_client_id");
        if (!body.code || !fake.codes.delete(body.code)) return refuse("invalid_code");
        fake.tokens.add(fake.botToken);
        return HttpResponse.json({
          ok: true,
          access_token: fake.botToken,
          token_type: "bot",
          scope: fake.scopes.join(","),
          bot_user_id: "U0KRQLJ9H",
          app_id: "A0KRD7HC3",
          team: { name: fake.workspace.name, id: fake.workspace.id },
          enterprise: null,
          authed_user: { id: "U0ADMIN001" },
          is_enterprise_install: false,
        });
      }
      if (!token) return refuse("not_authed");
      if (fake.refuseWith) return refuse(fake.refuseWith);
      if (!fake.tokens.has(token)) return refuse("invalid_auth");
      switch (method) {
        case "auth.test":
          return HttpResponse.json(
            {
              ok: true,
              url: "https://acme-sales.slack.com/",
              team: fake.workspace.name,
              user: "candor",
              team_id: fake.workspace.id,
              user_id: "U0KRQLJ9H",
              bot_id: "B0KRQLJ9H",
              is_enterprise_install: false,
            },
            { headers: { "x-oauth-scopes": fake.scopes.join(","), "x-accepted-oauth-scopes": "" } },
          );
        case "users.lookupByEmail": {
          const id = fake.users.get((body.email ?? "").toLowerCase());
          if (!id) return refuse("users_not_found");
          return HttpResponse.json({
            ok: true,
            user: {
              id,
              team_id: fake.workspace.id,
              name: body.email!.split("@")[0],
              deleted: false,
              real_name: body.email,
              tz: "Europe/Berlin",
              profile: { email: body.email, display_name: "" },
              is_admin: false,
              is_bot: false,
              updated: 1_700_000_000,
            },
          });
        }
        case "conversations.open": {
          const users = (body.users ?? "").split(",");
          if (users.length !== 1 || ![...fake.users.values()].includes(users[0]!)) return refuse("user_not_found");
          return HttpResponse.json({ ok: true, no_op: true, already_open: true, channel: { id: dmChannelOf(users[0]!) } });
        }
        case "chat.postMessage": {
          posts++;
          if (fake.throttlePost && !throttled && posts === fake.throttlePost.nth) {
            throttled = true;
            // The refused call is not a post: take it back out of the record of what Slack received.
            fake.calls.pop();
            return HttpResponse.json({ ok: false, error: "ratelimited" }, { status: 429, headers: { "Retry-After": String(fake.throttlePost.retryAfter) } });
          }
          if (!body.channel?.startsWith("D")) return refuse("channel_not_found");
          const ts = `1503435956.${String(posts).padStart(6, "0")}`;
          return HttpResponse.json({
            ok: true,
            channel: body.channel,
            ts,
            message: { text: body.text, username: "Candor", bot_id: "B0KRQLJ9H", type: "message", subtype: "bot_message", ts },
          });
        }
        default:
          return refuse("unknown_method");
      }
    }),
  ];
}

/** A Teams Workflows webhook ("Post to a channel when a webhook request is received"). */
export interface FakeTeamsWebhook {
  url: string;
  posts: unknown[];
  /** The next answers, in order (then 202). */
  answers: Array<{ status: number; retryAfter?: number }>;
}

export function teamsHandlers(fake: FakeTeamsWebhook) {
  const parsed = new URL(fake.url);
  // As fetch sends it: the default port (the workflow URLs say :443) left out.
  const base = `${parsed.origin}${parsed.pathname}`;
  return [
    http.post(base, async ({ request }) => {
      const url = new URL(request.url);
      if (url.search !== new URL(fake.url).search)
        return HttpResponse.json({ error: { code: "DirectApiAuthorizationRequired", message: "The request must be authenticated." } }, { status: 401 });
      const next = fake.answers.shift();
      if (next?.status === 429) {
        return HttpResponse.json(
          { error: { code: "WorkflowRequestsThrottled", message: "Number of requests exceeded the limit of 100 over time window of 00:01:00." } },
          { status: 429, headers: { "Retry-After": String(next.retryAfter ?? 10) } },
        );
      }
      if (next && next.status === 404) return HttpResponse.json({ error: { code: "WorkflowNotFound", message: "The workflow could not be found." } }, { status: 404 });
      if (next && next.status >= 400)
        return HttpResponse.json({ error: { code: "TriggerInputSchemaMismatch", message: "The input body does not match the schema." } }, { status: next.status });
      fake.posts.push(await request.json());
      return new HttpResponse(null, { status: 202 });
    }),
  ];
}
