import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { Field, FormMessage, Notice } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { formatsFor } from "~/domain/format";
import type { ReactNode } from "react";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";
import type { MessageKey } from "~/i18n/translate";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { connectSlackWithToken, disconnectSlack, getChatOverview, matchSlackPeople, removeTeamsWebhookUrl, saveTeamsWebhookUrl } from "~/services/chat.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminChat.title", "Slack and Teams");

/** What a Teams workflow URL looks like (an address, not words). */
const WEBHOOK_EXAMPLE = "https://…logic.azure.com/…";

const SCOPE_KEYS: Record<string, MessageKey> = {
  "chat:write": "adminChat.scope.chatWrite",
  "im:write": "adminChat.scope.imWrite",
  "users:read": "adminChat.scope.usersRead",
  "users:read.email": "adminChat.scope.usersReadEmail",
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const overview = await getChatOverview(context.app, user);
  // The install callback comes back here with the workspace's name.
  const connected = new URL(request.url).searchParams.get("connected");
  return {
    ...overview,
    connected: connected ? connected.slice(0, 100) : null,
    slack: overview.slack ? { ...overview.slack, connectedAt: overview.slack.connectedAt.toISOString().slice(0, 10) } : null,
    people: { ...overview.people, unmatched: overview.people.unmatched.map((p) => ({ ...p, checkedAt: p.checkedAt ? p.checkedAt.toISOString().slice(0, 10) : null })) },
  };
}

const ChatActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("token"), token: formText }),
  z.object({ intent: z.literal("disconnect") }),
  z.object({ intent: z.literal("match") }),
  z.object({ intent: z.literal("webhook"), teamId: formText, url: formText }),
  z.object({ intent: z.literal("remove-webhook"), teamId: formText }),
]);

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(ChatActionSchema, await readForm(request));
  if (!parsed.success) return data({ saved: null, formError: parsed.errors.formError ?? said("adminChat.chooseWhat"), fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(async (): Promise<string> => {
    switch (input.intent) {
      case "token":
        return said("adminChat.connectedToken", { workspace: (await connectSlackWithToken(context.app, user, input.token)).workspaceName });
      case "disconnect":
        await disconnectSlack(context.app, user);
        return said("adminChat.disconnected");
      case "match": {
        const run = await matchSlackPeople(context.app, user);
        const counts = { matched: run.matched, notFound: run.notFound };
        return run.left > 0 ? said("adminChat.matchedWait", { ...counts, seconds: run.retryAfterSeconds ?? 0, left: run.left }) : said("adminChat.matched", counts);
      }
      case "webhook":
        await saveTeamsWebhookUrl(context.app, user, input.teamId, input.url);
        return said("adminChat.webhookSaved");
      case "remove-webhook":
        await removeTeamsWebhookUrl(context.app, user, input.teamId);
        return said("adminChat.webhookRemoved");
    }
  });
  if (!result.ok) return data({ saved: null, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return { saved: result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function AdminChat() {
  const { slack, oauth, callbackUrl, scopes, people, teams, connected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, rich, say, locale } = useI18n();
  const f = formatsFor(locale);
  return (
    <div className="page">
      <h1>{t("adminChat.heading")}</h1>
      <p>
        {rich<ReactNode>("adminChat.intro", {
          log: (chunks) => (
            <Link key="log" to="/admin/deliveries">
              {chunks}
            </Link>
          ),
        })}
      </p>
      <FormMessage error={result?.formError} success={result?.saved ?? (connected ? t("adminChat.connected", { workspace: connected }) : undefined)} />

      <h2>Slack</h2>
      {slack === null ? (
        <p>{t("adminChat.notConnectedYet")}</p>
      ) : slack.status === "broken" ? (
        <Notice tone="error">
          {rich<ReactNode>("adminChat.broken", { workspace: slack.workspaceName, problem: slack.problem ?? "", code: (chunks) => <code key="problem">{chunks}</code> })}
        </Notice>
      ) : (
        <p>
          {rich<ReactNode>("adminChat.connectedSince", {
            workspace: slack.workspaceName,
            date: f.date(slack.connectedAt),
            via: slack.installedVia === "oauth" ? "oauth" : "token",
            b: (chunks) => <strong key="workspace">{chunks}</strong>,
          })}
          {slack.missingScopes.length > 0 ? ` ${t("adminChat.lacksScopes", { scopes: slack.missingScopes.join(", ") })}` : null}
        </p>
      )}
      <div className="row-of">
        {oauth ? (
          <a className="button" href="/admin/chat/slack/install">
            {slack ? t("adminChat.connectAgain") : t("adminChat.addToSlack")}
          </a>
        ) : null}
        {slack ? (
          <Form method="post">
            <input type="hidden" name="intent" value="disconnect" />
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t("adminChat.disconnect")}
            </button>
          </Form>
        ) : null}
      </div>
      {oauth ? <p className="muted">{t("adminChat.redirectUrl", { url: callbackUrl })}</p> : null}
      <details open={!oauth}>
        <summary>{t("adminChat.pasteToken")}</summary>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="token" />
          <Field name="token" label={t("adminChat.tokenLabel")} type="password" autoComplete="off" hint={t("adminChat.tokenHint")} error={result?.fieldErrors?.token} />
          <button type="submit" className="button" disabled={busy}>
            {t("adminChat.connectToken")}
          </button>
        </Form>
      </details>
      <h3>{t("adminChat.scopes")}</h3>
      <ul>
        {scopes.map((s) => (
          <li key={s.scope}>
            <code>{s.scope}</code>: {SCOPE_KEYS[s.scope] ? t(SCOPE_KEYS[s.scope]!) : s.why}
          </li>
        ))}
      </ul>

      <h3>{t("adminChat.people")}</h3>
      <p>{t("adminChat.peopleCounts", { matched: people.matched, total: people.total, notChecked: people.notChecked, emailOnly: people.emailOnly })}</p>
      {slack?.status === "connected" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="match" />
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t("adminChat.match")}
          </button>
        </Form>
      ) : null}
      {people.unmatched.length > 0 ? (
        <TableWrap label={t("adminChat.unmatchedLabel")}>
          <table>
            <caption>{t("adminChat.unmatchedCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("adminChat.name")}</th>
                <th scope="col">{t("adminChat.email")}</th>
                <th scope="col">{t("adminChat.lookedUp")}</th>
              </tr>
            </thead>
            <tbody>
              {people.unmatched.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.email}</td>
                  <td>{p.checkedAt ? f.date(p.checkedAt) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}

      <h2>{t("adminChat.teamsChannels")}</h2>
      <p>{t("adminChat.teamsHow")}</p>
      <TableWrap label={t("adminChat.webhooks")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("adminChat.team")}</th>
              <th scope="col">{t("adminChat.webhook")}</th>
              <th scope="col">{t("adminChat.setIt")}</th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.teamId}>
                <td>{team.teamName}</td>
                <td>
                  {team.host ? (
                    <>
                      {team.host} ·{" "}
                      {team.status === "broken" ? <strong>{t("adminChat.webhookBroken", { problem: say(team.problem ?? "") })}</strong> : t("adminChat.webhookWorking")}
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove-webhook" />
                        <input type="hidden" name="teamId" value={team.teamId} />
                        <button type="submit" className="button button--secondary" disabled={busy} aria-label={t("adminChat.removeWebhookOf", { team: team.teamName })}>
                          {t("adminChat.remove")}
                        </button>
                      </Form>
                    </>
                  ) : (
                    <span className="muted">{t("adminChat.none")}</span>
                  )}
                </td>
                <td>
                  <Form method="post" className="row-of">
                    <input type="hidden" name="intent" value="webhook" />
                    <input type="hidden" name="teamId" value={team.teamId} />
                    <label className="visually-hidden" htmlFor={`webhook-${team.teamId}`}>
                      {t("adminChat.workflowUrlFor", { team: team.teamName })}
                    </label>
                    <input id={`webhook-${team.teamId}`} name="url" type="url" autoComplete="off" placeholder={WEBHOOK_EXAMPLE} />
                    <button type="submit" className="button button--secondary" disabled={busy}>
                      {t("adminChat.save")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}
