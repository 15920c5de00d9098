import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { crmOAuthCookie } from "~/auth/crm-oauth-flow.server";
import { Field, FormMessage, Notice, SelectField, TextAreaField } from "~/components/forms";
import { CRM_PROVIDERS } from "~/domain/crm";
import { formatsFor } from "~/domain/format";
import { useI18n, useRich } from "~/i18n/react";
import { said } from "~/i18n/said";
import { titleFrom } from "~/i18n/meta";
import type { ReactNode } from "react";
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

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "crm.connections.title", "CRM connections");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const connected = new URL(request.url).searchParams.get("connected");
  return { ...(await getCrmConnectionsOverview(context.app, user)), connected: connected ? connected.slice(0, 100) : null };
}

const provider = z.enum(CRM_PROVIDERS);
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("oauth"), provider }),
  z.object({ intent: z.literal("token"), provider, token: formText }),
  z.object({ intent: z.literal("jwt"), clientId: formText, username: formText, privateKey: z.string().trim().min(1, said("crm.connections.privateKey")).max(20_000) }),
  z.object({ intent: z.literal("test"), provider }),
  z.object({ intent: z.literal("pull"), provider }),
  z.object({ intent: z.literal("disconnect"), provider }),
  z.object({ intent: z.literal("schedule"), provider, weekly: z.literal("on").optional(), period: z.enum(["quarter", "month", "none"]) }),
]);

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(ActionSchema, await readForm(request));
  if (!parsed.success) return data({ saved: null, formError: parsed.errors.formError ?? said("crm.connections.fillIn"), fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
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
        return said("crm.connections.connectedToken", { label: (await connectCrmWithToken(app, user, input.provider, input.token)).label });
      case "jwt":
        return said("crm.connections.connectedJwt", { label: (await connectSalesforceJwt(app, user, input)).label });
      case "test":
        return (await testCrmConnection(app, user, input.provider)).message;
      case "pull":
        await requestCrmPull(app, user, input.provider);
        return said("crm.connections.pullQueued");
      case "disconnect":
        await disconnectCrm(app, user, input.provider);
        return said("crm.connections.disconnected");
      case "schedule":
        await setCrmPullSchedule(app, user, input.provider, { weekly: input.weekly === "on", period: input.period });
        return said("crm.connections.scheduleSaved");
    }
  });
  if (!result.ok) return data({ saved: null, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return { saved: result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

const PERIODS = [
  { value: "quarter", key: "crm.connections.period.quarter" },
  { value: "month", key: "crm.connections.period.month" },
  { value: "none", key: "crm.connections.period.none" },
] as const;

const STATUS_KEYS = {
  queued: "crm.connections.status.queued",
  running: "crm.connections.status.running",
  waiting: "crm.connections.status.waiting",
  done: "crm.connections.status.done",
  failed: "crm.connections.status.failed",
} as const;
const AUTH_KEYS = { oauth: "crm.connections.since.oauth", jwt: "crm.connections.since.jwt", token: "crm.connections.since.token" } as const;

export default function CrmConnections() {
  const { providers, callbackUrl, connected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, say, rich: richText, locale } = useI18n();
  const rich = useRich();
  const f = formatsFor(locale);
  const statusWord = (status: string) => (status in STATUS_KEYS ? t(STATUS_KEYS[status as keyof typeof STATUS_KEYS]) : status);
  const periods = PERIODS.map(({ value, key }) => ({ value, label: t(key) }));
  return (
    <div className="page">
      <h1>{t("crm.connections.title")}</h1>
      <p>
        {richText<ReactNode>("crm.connections.intro", {
          link: (chunks) => (
            <Link key="crm" to="/admin/crm">
              {chunks}
            </Link>
          ),
        })}
      </p>
      <FormMessage error={result?.formError} success={result?.saved ?? (connected ? t("crm.connections.connectedTo", { name: connected }) : undefined)} />
      {providers.map((p) => (
        <section key={p.provider} className="card" aria-labelledby={`crm-${p.provider}-h`}>
          <h2 id={`crm-${p.provider}-h`}>{p.name}</h2>
          {p.connection === null ? (
            <p>{t("crm.connections.notConnected")}</p>
          ) : p.connection.status === "broken" ? (
            <Notice tone="error">
              {richText<ReactNode>("crm.connections.broken", {
                account: p.connection.accountLabel,
                provider: p.name,
                problem: say(p.connection.problem ?? ""),
                code: (chunks) => <code key="problem">{chunks}</code>,
              })}
            </Notice>
          ) : (
            <p>
              {rich(AUTH_KEYS[p.connection.authKind === "oauth" || p.connection.authKind === "jwt" ? p.connection.authKind : "token"], {
                account: p.connection.accountLabel,
                date: f.date(p.connection.connectedAt.slice(0, 10)),
              })}
            </p>
          )}
          {p.connection?.current ? (
            <p role="status">
              {p.connection.current.problem
                ? t("crm.connections.currentProblem", {
                    status: statusWord(p.connection.current.status),
                    records: f.count(p.connection.current.records),
                    problem: say(p.connection.current.problem),
                  })
                : t("crm.connections.current", { status: statusWord(p.connection.current.status), records: f.count(p.connection.current.records) })}
            </p>
          ) : null}
          {p.connection?.last ? (
            <p>
              {p.connection.last.status === "done"
                ? p.connection.last.result?.status === "unchanged"
                  ? t("crm.connections.lastUnchanged", {
                      status: statusWord(p.connection.last.status),
                      date: f.date((p.connection.last.finishedAt ?? p.connection.last.createdAt).slice(0, 10)),
                    })
                  : t("crm.connections.lastDone", {
                      status: statusWord(p.connection.last.status),
                      date: f.date((p.connection.last.finishedAt ?? p.connection.last.createdAt).slice(0, 10)),
                      rows: f.count(p.connection.last.result?.rows ?? 0),
                      asOf: f.date(p.connection.last.result?.asOf ?? ""),
                    })
                : t("crm.connections.lastProblem", {
                    status: statusWord(p.connection.last.status),
                    date: f.date((p.connection.last.finishedAt ?? p.connection.last.createdAt).slice(0, 10)),
                    problem: say(p.connection.last.problem ?? ""),
                  })}
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
                      {intent === "pull" ? t("crm.connections.pullNow") : intent === "test" ? t("crm.connections.test") : t("crm.connections.disconnect", { name: p.name })}
                    </button>
                  </Form>
                ))}
              </div>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="schedule" />
                <input type="hidden" name="provider" value={p.provider} />
                <div className="field">
                  <label>
                    <input type="checkbox" name="weekly" defaultChecked={p.connection.weekly} /> {t("crm.connections.weekly")}
                  </label>
                </div>
                <SelectField id={`period-${p.provider}`} name="period" label={t("crm.connections.periodLabel")} options={periods} defaultValue={p.connection.period} />
                <button type="submit" className="button button--secondary" disabled={busy}>
                  {t("crm.connections.saveSchedule")}
                </button>
              </Form>
            </>
          ) : null}
          {p.oauth ? (
            <Form method="post">
              <input type="hidden" name="intent" value="oauth" />
              <input type="hidden" name="provider" value={p.provider} />
              <button type="submit" className="button" disabled={busy}>
                {p.connection ? t("crm.connections.connectAgain", { name: p.name }) : t("crm.connections.connectWith", { name: p.name })}
              </button>
            </Form>
          ) : null}
          {p.provider === "salesforce" ? (
            <details open={!p.oauth && !p.connection}>
              <summary>{t("crm.connections.jwtSummary")}</summary>
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="jwt" />
                <Field id="sf-client" name="clientId" label={t("crm.connections.consumerKey")} autoComplete="off" error={result?.fieldErrors?.clientId} />
                <Field id="sf-user" name="username" label={t("crm.connections.username")} autoComplete="off" error={result?.fieldErrors?.username} />
                <TextAreaField
                  id="sf-key"
                  name="privateKey"
                  label={t("crm.connections.keyLabel")}
                  hint={t("crm.connections.keyHint")}
                  maxLength={20_000}
                  error={result?.fieldErrors?.privateKey}
                />
                <button type="submit" className="button" disabled={busy}>
                  {t("crm.connections.connectSalesforce")}
                </button>
              </Form>
            </details>
          ) : (
            <details open={!p.oauth && !p.connection}>
              <summary>{t(p.provider === "hubspot" ? "crm.connections.privateAppSummary" : "crm.connections.apiTokenSummary")}</summary>
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="token" />
                <input type="hidden" name="provider" value={p.provider} />
                <Field
                  id={`token-${p.provider}`}
                  name="token"
                  label={t(p.provider === "hubspot" ? "crm.connections.privateAppLabel" : "crm.connections.apiTokenLabel")}
                  type="password"
                  autoComplete="off"
                  hint={t(p.provider === "hubspot" ? "crm.connections.privateAppHint" : "crm.connections.apiTokenHint")}
                  error={result?.fieldErrors?.token}
                />
                <button type="submit" className="button" disabled={busy}>
                  {t("crm.connections.connectName", { name: p.name })}
                </button>
              </Form>
            </details>
          )}
          <details>
            <summary>{t("crm.connections.mustAllow", { name: p.name })}</summary>
            <ul>
              {p.scopes.map((s) => (
                <li key={s.scope}>
                  <code>{s.scope}</code>: {say(s.why)}
                </li>
              ))}
            </ul>
            {p.oauth ? <p className="muted">{t("crm.connections.redirectUrl", { url: callbackUrl })}</p> : null}
          </details>
        </section>
      ))}
    </div>
  );
}
