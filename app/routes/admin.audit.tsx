import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { exportAuditLog, getAuditLog, type AuditLogPage, type AuditQuery } from "~/services/audit-log.server";
import { formText } from "~/utils/form-fields";
import { formatsFor } from "~/domain/format";
import { requestLocale, requestTranslator } from "~/services/locale.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminAudit.title", "Audit log");

const FILTERS = ["actor", "action", "targetType", "targetId", "from", "to"] as const;

function queryOf(params: URLSearchParams | FormData, withCursor: boolean): AuditQuery {
  const query: AuditQuery = {};
  for (const name of [...FILTERS, ...(withCursor ? (["before"] as const) : [])]) {
    const value = params.get(name);
    if (typeof value === "string" && value !== "") query[name] = value.slice(0, 300);
  }
  return query;
}

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const params = new URL(request.url).searchParams;
  const locale = await requestLocale(context, request);
  const result = await attempt(() => getAuditLog(context.app, user, queryOf(params, true), locale));
  if (result.ok) return { page: result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
  // Filters that cannot be read: the page without them, and why (400, never a 500).
  const page = await getAuditLog(context.app, user, {}, locale);
  return data({ page, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
}

const ExportSchema = z.object({
  format: z.enum(["csv", "json"], { error: said("adminAudit.pickFormat") }),
  actor: formText,
  action: formText,
  targetType: formText,
  targetId: formText,
  from: formText,
  to: formText,
});

/** Downloads the entries matching the filters; the download is itself recorded in the log. */
export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const form = await readForm(request);
  const parsed = parseForm(ExportSchema, form);
  const { say } = await requestTranslator(context, request);
  if (!parsed.success)
    return new Response(say(parsed.errors.formError ?? said("adminAudit.pickFormatSentence")), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const result = await attempt(() => exportAuditLog(context.app, user, queryOf(form, false), parsed.data.format));
  if (!result.ok) return new Response(say(result.formError), { status: result.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { chunks, contentType, fileName } = result.value;
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: { "Content-Type": contentType, "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" },
  });
}

function pageLink(filters: AuditLogPage["filters"], extra: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : "?";
}

export default function AuditLog() {
  const { page, formError, fieldErrors } = useLoaderData<typeof loader>();
  const { filters } = page;
  const filtered = FILTERS.some((f) => filters[f] !== "");
  const { t, rich, locale } = useI18n();
  const format = formatsFor(locale);
  return (
    <div className="page">
      <h1>{t("adminAudit.title")}</h1>
      <p>{t("adminAudit.intro")}</p>
      <p className="muted">{rich<ReactNode>("adminAudit.chain", { command: "npm run candor -- audit verify", code: (chunks) => <code key="command">{chunks}</code> })}</p>
      <FormMessage error={formError} />
      <section className="card" aria-labelledby="audit-filter">
        <h2 id="audit-filter">{t("adminAudit.filter")}</h2>
        <Form method="get" className="grid-form" role="search" aria-labelledby="audit-filter">
          <SelectField
            name="actor"
            label={t("adminAudit.who")}
            defaultValue={filters.actor}
            options={[{ value: "", label: t("adminAudit.anyone") }, ...page.actors.map((a) => ({ value: a.key, label: a.name }))]}
            error={fieldErrors.actor}
          />
          <SelectField
            name="action"
            label={t("adminAudit.what")}
            defaultValue={filters.action}
            options={[
              { value: "", label: t("adminAudit.anyAction") },
              ...page.actions.map((a) => ({ value: a.value, label: t("adminAudit.areaAction", { area: a.area, action: a.label }) })),
            ]}
            error={fieldErrors.action}
          />
          <SelectField
            name="targetType"
            label={t("adminAudit.about")}
            defaultValue={filters.targetType}
            options={[{ value: "", label: t("adminAudit.anything") }, ...page.targetTypes]}
            error={fieldErrors.targetType}
          />
          {filters.targetId ? <input type="hidden" name="targetId" value={filters.targetId} /> : null}
          <Field name="from" label={t("adminAudit.from")} type="date" defaultValue={filters.from} error={fieldErrors.from} />
          <Field name="to" label={t("adminAudit.to")} type="date" defaultValue={filters.to} error={fieldErrors.to} hint={t("adminAudit.daysIn", { timezone: page.timezone })} />
          <div className="inline-form">
            <button type="submit" className="button">
              {t("adminAudit.show")}
            </button>
            {filtered ? <Link to="?">{t("adminAudit.clear")}</Link> : null}
          </div>
        </Form>
        {filters.targetId ? (
          <p>
            {rich<ReactNode>("adminAudit.onlyAbout", { target: page.targetName ?? t("adminAudit.oneTarget"), b: (chunks) => <strong key="target">{chunks}</strong> })}{" "}
            <Link to={pageLink({ ...filters, targetId: "", targetType: "" }, {})}>{t("adminAudit.showEverything")}</Link>
          </p>
        ) : null}
        <Form method="post" reloadDocument className="inline-form audit-downloads">
          {FILTERS.map((f) => (filters[f] ? <input key={f} type="hidden" name={f} value={filters[f]} /> : null))}
          <span>{filtered ? t("adminAudit.downloadMatching") : t("adminAudit.downloadAll")}</span>
          <button type="submit" className="button button--secondary" name="format" value="csv">
            CSV
          </button>
          <button type="submit" className="button button--secondary" name="format" value="json">
            JSON
          </button>
        </Form>
      </section>
      <section aria-labelledby="audit-entries">
        <h2 id="audit-entries">{filtered ? t("adminAudit.matchingEntries") : t("adminAudit.entries")}</h2>
        {page.entries.length === 0 ? <p className="muted">{filtered ? t("adminAudit.noMatch") : t("adminAudit.nothingYet")}</p> : null}
        <ol className="audit-list" aria-labelledby="audit-entries">
          {page.entries.map((entry) => (
            <li key={entry.seq} className="audit-entry">
              <p className="audit-entry__sentence">{entry.sentence}</p>
              <p className="audit-entry__meta">
                <time dateTime={entry.occurredAt}>{entry.when}</time>
                {entry.source ? <span> · {t("adminAudit.through", { source: entry.source })}</span> : null}
                <span> · {entry.actionLabel}</span>
                <span> · {t("adminAudit.entry", { seq: format.count(entry.seq) })}</span>
              </p>
              <p className="audit-entry__links">
                <Link to={pageLink({ actor: entry.actor.key, action: "", targetType: "", targetId: "", from: "", to: "" }, {})}>
                  {t("adminAudit.everythingBy", { name: entry.actor.name })}
                </Link>
                {entry.target && entry.target.type !== "organisation" ? (
                  <>
                    {" · "}
                    <Link to={pageLink({ actor: "", action: "", targetType: entry.target.type, targetId: entry.target.id, from: "", to: "" }, {})}>
                      {entry.target.name ? t("adminAudit.everythingAbout", { name: entry.target.name }) : t("adminAudit.everythingAboutThis")}
                    </Link>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ol>
        <nav aria-label={t("adminAudit.pages")} className="inline-form">
          {page.olderBefore !== null ? <Link to={pageLink(filters, { before: String(page.olderBefore) })}>{t("adminAudit.older")}</Link> : null}
          {page.entries.length > 0 && page.olderBefore === null ? <span className="muted">{t("adminAudit.oldest")}</span> : null}
          {page.paged ? <Link to={pageLink(filters, {})}>{t("adminAudit.newest")}</Link> : null}
        </nav>
      </section>
    </div>
  );
}
