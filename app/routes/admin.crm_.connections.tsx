// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { crmOAuthCookie } from "~/auth/crm-oauth-flow.server";
import { Field, FormMessage, Notice, SelectField, TextAreaField } from "~/components/forms";
import { CRM_PROVIDERS } from "~/domain/crm";
import { formatDate } from "~/domain/format";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import {
  connectCrmWithToken,
  connectSalesforceJwt,
  disconnectCrm,
  getCrmConnectionsOverview,
  requestCrmPull,
  setCrmPullSchedule,
  startCrmOAuth,
  testCrmConnection,
} from "~/services/crm-connections.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction = () => [{ title: "CRM connections · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const connected = new URL(request.url).searchParams.get("connected");
  return { ...(await getCrmConnectionsOverview(context.app, user)), connected: connected ? connected.slice(0, 100) : null };
}

const provider = z.enum(CRM_PROVIDERS);
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("oauth"), provider }),
  z.object({ intent: z.literal("token"), provider, token: formText }),
  z.object({ intent: z.literal("jwt"), clientId: formText, username: formText, privateKey: z.string().trim().min(1, "Paste the private key").max(20_000) }),
  z.object({ intent: z.literal("test"), provider }),
  z.object({ intent: z.literal("pull"), provider }),
  z.object({ intent: z.literal("disconnect"), provider }),
  z.object({ intent: z.literal("schedule"), provider, weekly: z.literal("on").optional(), period: z.enum(["quarter", "month", "none"]) }),
]);

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(ActionSchema, await readForm(request));
  if (!parsed.success) return data({ saved: null, formError: parsed.errors.formError ?? "Fill in the form.", fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const input = parsed.data;
  const { app } = context;
  if (input.intent === "oauth") {
    const started = await attempt(async () => startCrmOAuth(app, user, input.provider));
    if (!started.ok) return data({ saved: null, formError: started.formError, fieldErrors: started.fieldErrors }, { status: started.status });
    throw redirect(started.value.url, { headers: { "Set-Cookie": crmOAuthCookie(app.config, started.value.flow, app.now()), "Cache-Control": "no-store" } });
  }
  const result = await attempt(async (): Promise<string> => {
    switch (input.intent) {
      case "token":
        return `Connected (${(await connectCrmWithToken(app, user, input.provider, input.token)).label}). The token is stored encrypted and is not shown again.`;
      case "jwt":
        return `Connected to Salesforce (${(await connectSalesforceJwt(app, user, input)).label}). The key is stored encrypted and is not shown again.`;
      case "test":
        return (await testCrmConnection(app, user, input.provider)).message;
      case "pull":
        await requestCrmPull(app, user, input.provider);
        return "The pull is queued: it starts within a minute. This page shows its progress when you reload it.";
      case "disconnect":
        await disconnectCrm(app, user, input.provider);
        return "Disconnected: the stored credentials are deleted. The snapshots it pulled stay. Revoke Candor's access in the CRM too.";
      case "schedule":
        await setCrmPullSchedule(app, user, input.provider, { weekly: input.weekly === "on", period: input.period });
        return "Schedule saved.";
    }
  });
  if (!result.ok) return data({ saved: null, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return { saved: result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

const PERIODS = [
  { value: "quarter", label: "At the start of each quarter (fiscal year, from Settings)" },
  { value: "month", label: "At the start of each month" },
  { value: "none", label: "Not at period starts" },
];

const STATUS_WORDS: Record<string, string> = { queued: "queued", running: "running", waiting: "waiting to try again", done: "done", failed: "failed" };

export default function CrmConnections() {
  const { providers, callbackUrl, connected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page">
      <h1>CRM connections</h1>
      <p>
        Connect your CRM and Candor pulls its deals on a schedule: every week, and at the start of each period, so that forecast accuracy always has a snapshot from the
        period&apos;s start. Each pull becomes one snapshot on the <Link to="/admin/crm">CRM data</Link> page, read exactly like an uploaded export (the same stage and owner
        mappings). A pull that fails part-way stores nothing and is tried again later. Candor only reads.
      </p>
      <FormMessage error={result?.formError} success={result?.saved ?? (connected ? `Connected to ${connected}.` : undefined)} />
      {providers.map((p) => (
        <section key={p.provider} className="card" aria-labelledby={`crm-${p.provider}-h`}>
          <h2 id={`crm-${p.provider}-h`}>{p.name}</h2>
          {p.connection === null ? (
            <p>Not connected.</p>
          ) : p.connection.status === "broken" ? (
            <Notice tone="error">
              The connection to {p.connection.accountLabel} is broken. {p.name} said: <code>{p.connection.problem}</code>
            </Notice>
          ) : (
            <p>
              Connected to <strong>{p.connection.accountLabel}</strong> since {formatDate(p.connection.connectedAt.slice(0, 10))} (
              {p.connection.authKind === "oauth" ? "signed in with OAuth" : p.connection.authKind === "jwt" ? "a connected app's JWT key" : "a pasted token"}).
            </p>
          )}
          {p.connection?.current ? (
            <p role="status">
              Pull {STATUS_WORDS[p.connection.current.status]}: {p.connection.current.records.toLocaleString("en")} deals read so far
              {p.connection.current.problem ? `. ${p.connection.current.problem}` : "."}
            </p>
          ) : null}
          {p.connection?.last ? (
            <p>
              Last pull {STATUS_WORDS[p.connection.last.status]} on {formatDate((p.connection.last.finishedAt ?? p.connection.last.createdAt).slice(0, 10))}:{" "}
              {p.connection.last.status === "done"
                ? p.connection.last.result?.status === "unchanged"
                  ? "nothing had changed since the last snapshot."
                  : `${(p.connection.last.result?.rows ?? 0).toLocaleString("en")} deals as of ${formatDate(p.connection.last.result?.asOf ?? "")}.`
                : p.connection.last.problem}
            </p>
          ) : null}
          {p.connection ? (
            <>
              <div className="row-of">
                {(["pull", "test", "disconnect"] as const).map((intent) => (
                  <Form method="post" key={intent}>
                    <input type="hidden" name="intent" value={intent} />
                    <input type="hidden" name="provider" value={p.provider} />
                    <button type="submit" className={intent === "pull" ? "button" : "button button--secondary"} disabled={busy}>
                      {intent === "pull" ? "Pull now" : intent === "test" ? "Test the connection" : `Disconnect ${p.name}`}
                    </button>
                  </Form>
                ))}
              </div>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="schedule" />
                <input type="hidden" name="provider" value={p.provider} />
                <div className="field">
                  <label>
                    <input type="checkbox" name="weekly" defaultChecked={p.connection.weekly} /> Pull every week (on Mondays)
                  </label>
                </div>
                <SelectField id={`period-${p.provider}`} name="period" label="And at period starts" options={PERIODS} defaultValue={p.connection.period} />
                <button type="submit" className="button button--secondary" disabled={busy}>
                  Save the schedule
                </button>
              </Form>
            </>
          ) : null}
          {p.oauth ? (
            <Form method="post">
              <input type="hidden" name="intent" value="oauth" />
              <input type="hidden" name="provider" value={p.provider} />
              <button type="submit" className="button" disabled={busy}>
                {p.connection ? `Connect ${p.name} again` : `Connect with ${p.name}`}
              </button>
            </Form>
          ) : null}
          {p.provider === "salesforce" ? (
            <details open={!p.oauth && !p.connection}>
              <summary>Connect with a connected app&apos;s certificate (JWT bearer)</summary>
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="jwt" />
                <Field id="sf-client" name="clientId" label="Consumer key" autoComplete="off" error={result?.fieldErrors?.clientId} />
                <Field id="sf-user" name="username" label="Integration user's username" autoComplete="off" error={result?.fieldErrors?.username} />
                <TextAreaField
                  id="sf-key"
                  name="privateKey"
                  label="Private key (PEM)"
                  hint="The key of the certificate uploaded to the connected app, which must pre-authorise the user. Stored encrypted, never shown again."
                  maxLength={20_000}
                  error={result?.fieldErrors?.privateKey}
                />
                <button type="submit" className="button" disabled={busy}>
                  Connect Salesforce
                </button>
              </Form>
            </details>
          ) : (
            <details open={!p.oauth && !p.connection}>
              <summary>{p.provider === "hubspot" ? "Connect with a private app's token" : "Connect with an API token"}</summary>
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="token" />
                <input type="hidden" name="provider" value={p.provider} />
                <Field
                  id={`token-${p.provider}`}
                  name="token"
                  label={p.provider === "hubspot" ? "Private app access token" : "Personal API token"}
                  type="password"
                  autoComplete="off"
                  hint={
                    p.provider === "hubspot"
                      ? "Starts with pat- (Settings → Integrations → Private apps). Stored encrypted, never shown again."
                      : "Personal preferences → API, of a user who sees every deal. Stored encrypted, never shown again."
                  }
                  error={result?.fieldErrors?.token}
                />
                <button type="submit" className="button" disabled={busy}>
                  Connect {p.name}
                </button>
              </Form>
            </details>
          )}
          <details>
            <summary>What {p.name} must allow</summary>
            <ul>
              {p.scopes.map((s) => (
                <li key={s.scope}>
                  <code>{s.scope}</code>: {s.why}
                </li>
              ))}
            </ul>
            {p.oauth ? <p className="muted">The app&apos;s redirect URL: {callbackUrl}</p> : null}
          </details>
        </section>
      ))}
    </div>
  );
}
