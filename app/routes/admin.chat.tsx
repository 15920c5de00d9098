// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { Field, FormMessage, Notice } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { formatDate } from "~/domain/format";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { connectSlackWithToken, disconnectSlack, getChatOverview, matchSlackPeople, removeTeamsWebhookUrl, saveTeamsWebhookUrl } from "~/services/chat.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction = () => [{ title: "Slack and Teams · Candor" }];

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
  if (!parsed.success) return data({ saved: null, formError: parsed.errors.formError ?? "Choose what to do.", fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(async (): Promise<string> => {
    switch (input.intent) {
      case "token":
        return `Connected to the ${(await connectSlackWithToken(context.app, user, input.token)).workspaceName} workspace. The token is stored encrypted and is not shown again.`;
      case "disconnect":
        await disconnectSlack(context.app, user);
        return "Slack is disconnected: pulses go by email. Remove the app from the workspace too (Slack → Manage apps).";
      case "match": {
        const run = await matchSlackPeople(context.app, user);
        const done = `Matched ${run.matched} ${run.matched === 1 ? "person" : "people"}; ${run.notFound} not found in Slack.`;
        return run.left > 0 ? `${done} Slack asked to wait ${run.retryAfterSeconds} seconds: ${run.left} left to look up. Press “Match people” again then.` : done;
      }
      case "webhook":
        await saveTeamsWebhookUrl(context.app, user, input.teamId, input.url);
        return "The team's Teams webhook is saved, encrypted. Its next pulse is posted to the channel.";
      case "remove-webhook":
        await removeTeamsWebhookUrl(context.app, user, input.teamId);
        return "The team's Teams webhook is removed.";
    }
  });
  if (!result.ok) return data({ saved: null, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return { saved: result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function AdminChat() {
  const { slack, oauth, callbackUrl, scopes, people, teams, connected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page">
      <h1>Slack and Microsoft Teams</h1>
      <p>
        Send pulse invitations and reminders as Slack direct messages, each with a button that opens the rep&apos;s personal link, and tell managers in Slack when their team&apos;s
        results are published. Each person chooses Slack, email or both on their account page (both, until they choose). Teams channels get a post per team when a pulse opens, on
        reminder days and when it closes: never a name, never a count. Every message is in the <Link to="/admin/deliveries">delivery log</Link>.
      </p>
      <FormMessage error={result?.formError} success={result?.saved ?? (connected ? `Connected to the ${connected} workspace.` : undefined)} />

      <h2>Slack</h2>
      {slack === null ? (
        <p>Not connected: pulses go by email.</p>
      ) : slack.status === "broken" ? (
        <Notice tone="error">
          The connection to {slack.workspaceName} is broken: Slack said <code>{slack.problem}</code>. Pulses go by email until you connect Slack again.
        </Notice>
      ) : (
        <p>
          Connected to <strong>{slack.workspaceName}</strong> since {formatDate(slack.connectedAt)} (
          {slack.installedVia === "oauth" ? "installed with “Add to Slack”" : "with a pasted bot token"}).
          {slack.missingScopes.length > 0 ? ` It lacks ${slack.missingScopes.join(", ")}: install the app again.` : null}
        </p>
      )}
      <div className="row-of">
        {oauth ? (
          <a className="button" href="/admin/chat/slack/install">
            {slack ? "Connect Slack again" : "Add to Slack"}
          </a>
        ) : null}
        {slack ? (
          <Form method="post">
            <input type="hidden" name="intent" value="disconnect" />
            <button type="submit" className="button button--secondary" disabled={busy}>
              Disconnect Slack
            </button>
          </Form>
        ) : null}
      </div>
      {oauth ? <p className="muted">Slack app&apos;s redirect URL: {callbackUrl}</p> : null}
      <details open={!oauth}>
        <summary>Installed the app by hand? Paste its bot token</summary>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="token" />
          <Field
            name="token"
            label="Bot user OAuth token"
            type="password"
            autoComplete="off"
            hint="Starts with xoxb- (the app's OAuth & Permissions page). Stored encrypted, never shown again."
            error={result?.fieldErrors?.token}
          />
          <button type="submit" className="button" disabled={busy}>
            Connect with this token
          </button>
        </Form>
      </details>
      <h3>What Candor asks Slack for</h3>
      <ul>
        {scopes.map((s) => (
          <li key={s.scope}>
            <code>{s.scope}</code>: {s.why}
          </li>
        ))}
      </ul>

      <h3>People in Slack</h3>
      <p>
        {people.matched} of {people.total} active people are matched to a Slack account by their email; {people.notChecked} not looked up yet (they are looked up when a pulse is
        sent); {people.emailOnly} chose email only.
      </p>
      {slack?.status === "connected" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="match" />
          <button type="submit" className="button button--secondary" disabled={busy}>
            Match people
          </button>
        </Form>
      ) : null}
      {people.unmatched.length > 0 ? (
        <TableWrap label="People Slack could not match">
          <table>
            <caption>Not found in Slack: they get email instead</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Looked up</th>
              </tr>
            </thead>
            <tbody>
              {people.unmatched.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.email}</td>
                  <td>{p.checkedAt ? formatDate(p.checkedAt) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}

      <h2>Microsoft Teams channels</h2>
      <p>
        In the team&apos;s Teams channel: Workflows → “Post to a channel when a webhook request is received”, then copy the workflow&apos;s URL here. The URL is a password for
        posting to that channel: Candor stores it encrypted and shows only its host.
      </p>
      <TableWrap label="Teams channel webhooks">
        <table>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Webhook</th>
              <th scope="col">Set it</th>
            </tr>
          </thead>
          <tbody>
            {teams.map((t) => (
              <tr key={t.teamId}>
                <td>{t.teamName}</td>
                <td>
                  {t.host ? (
                    <>
                      {t.host} · {t.status === "broken" ? <strong>broken: {t.problem}</strong> : "working"}
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove-webhook" />
                        <input type="hidden" name="teamId" value={t.teamId} />
                        <button type="submit" className="button button--secondary" disabled={busy} aria-label={`Remove the Teams webhook of ${t.teamName}`}>
                          Remove
                        </button>
                      </Form>
                    </>
                  ) : (
                    <span className="muted">None</span>
                  )}
                </td>
                <td>
                  <Form method="post" className="row-of">
                    <input type="hidden" name="intent" value="webhook" />
                    <input type="hidden" name="teamId" value={t.teamId} />
                    <label className="visually-hidden" htmlFor={`webhook-${t.teamId}`}>
                      Workflow URL for {t.teamName}
                    </label>
                    <input id={`webhook-${t.teamId}`} name="url" type="url" autoComplete="off" placeholder="https://…logic.azure.com/…" />
                    <button type="submit" className="button button--secondary" disabled={busy}>
                      Save
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
