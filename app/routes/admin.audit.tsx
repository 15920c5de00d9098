// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { exportAuditLog, getAuditLog, type AuditLogPage, type AuditQuery } from "~/services/audit-log.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction = () => [{ title: "Audit log · Candor" }];

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
  const result = await attempt(() => getAuditLog(context.app, user, queryOf(params, true)));
  if (result.ok) return { page: result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
  // Filters that cannot be read: the page without them, and why (400, never a 500).
  const page = await getAuditLog(context.app, user, {});
  return data({ page, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
}

const ExportSchema = z.object({
  format: z.enum(["csv", "json"], { error: "Pick CSV or JSON" }),
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
  if (!parsed.success) return new Response(parsed.errors.formError ?? "Pick CSV or JSON.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const result = await attempt(() => exportAuditLog(context.app, user, queryOf(form, false), parsed.data.format));
  if (!result.ok) return new Response(result.formError, { status: result.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
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
  return (
    <div className="page">
      <h1>Audit log</h1>
      <p>
        Who changed what, and when: people and teams (on a page, from a roster file or from the command line), settings and thresholds, pulse programs, the playbook, trainings,
        action plans, CRM data, API tokens and their use, and downloads. Survey answers and comments are never in it.
      </p>
      <p className="muted">
        Entries cannot be changed or removed: each one carries a fingerprint of the one before it, so a change anywhere breaks the chain, which{" "}
        <code>npm run candor -- audit verify</code> checks. When someone is erased, their name and email leave the log; what was done stays.
      </p>
      <FormMessage error={formError} />
      <section className="card" aria-labelledby="audit-filter">
        <h2 id="audit-filter">Filter</h2>
        <Form method="get" className="grid-form" role="search" aria-labelledby="audit-filter">
          <SelectField
            name="actor"
            label="Who"
            defaultValue={filters.actor}
            options={[{ value: "", label: "Anyone" }, ...page.actors.map((a) => ({ value: a.key, label: a.name }))]}
            error={fieldErrors.actor}
          />
          <SelectField
            name="action"
            label="What"
            defaultValue={filters.action}
            options={[{ value: "", label: "Any action" }, ...page.actions.map((a) => ({ value: a.value, label: `${a.area}: ${a.label}` }))]}
            error={fieldErrors.action}
          />
          <SelectField
            name="targetType"
            label="About"
            defaultValue={filters.targetType}
            options={[{ value: "", label: "Anything" }, ...page.targetTypes]}
            error={fieldErrors.targetType}
          />
          {filters.targetId ? <input type="hidden" name="targetId" value={filters.targetId} /> : null}
          <Field name="from" label="From" type="date" defaultValue={filters.from} error={fieldErrors.from} />
          <Field name="to" label="To" type="date" defaultValue={filters.to} error={fieldErrors.to} hint={`Days in ${page.timezone}.`} />
          <div className="inline-form">
            <button type="submit" className="button">
              Show
            </button>
            {filtered ? <Link to="?">Clear filters</Link> : null}
          </div>
        </Form>
        {filters.targetId ? (
          <p>
            Only entries about <strong>{page.targetName ?? "one target"}</strong>. <Link to={pageLink({ ...filters, targetId: "", targetType: "" }, {})}>Show everything</Link>
          </p>
        ) : null}
        <Form method="post" reloadDocument className="inline-form audit-downloads">
          {FILTERS.map((f) => (filters[f] ? <input key={f} type="hidden" name={f} value={filters[f]} /> : null))}
          <span>Download {filtered ? "the entries matching these filters" : "every entry"}:</span>
          <button type="submit" className="button button--secondary" name="format" value="csv">
            CSV
          </button>
          <button type="submit" className="button button--secondary" name="format" value="json">
            JSON
          </button>
        </Form>
      </section>
      <section aria-labelledby="audit-entries">
        <h2 id="audit-entries">{filtered ? "Matching entries" : "Entries"}, newest first</h2>
        {page.entries.length === 0 ? <p className="muted">{filtered ? "No entry matches these filters." : "Nothing has been recorded yet."}</p> : null}
        <ol className="audit-list" aria-labelledby="audit-entries">
          {page.entries.map((entry) => (
            <li key={entry.seq} className="audit-entry">
              <p className="audit-entry__sentence">{entry.sentence}</p>
              <p className="audit-entry__meta">
                <time dateTime={entry.occurredAt}>{entry.when}</time>
                {entry.source ? <span> · through {entry.source}</span> : null}
                <span> · {entry.actionLabel}</span>
                <span> · entry {entry.seq.toLocaleString("en-GB")}</span>
              </p>
              <p className="audit-entry__links">
                <Link to={pageLink({ actor: entry.actor.key, action: "", targetType: "", targetId: "", from: "", to: "" }, {})}>Everything by {entry.actor.name}</Link>
                {entry.target && entry.target.type !== "organisation" ? (
                  <>
                    {" · "}
                    <Link to={pageLink({ actor: "", action: "", targetType: entry.target.type, targetId: entry.target.id, from: "", to: "" }, {})}>
                      Everything about {entry.target.name ?? "this"}
                    </Link>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ol>
        <nav aria-label="Pages of the audit log" className="inline-form">
          {page.olderBefore !== null ? <Link to={pageLink(filters, { before: String(page.olderBefore) })}>Older entries</Link> : null}
          {page.entries.length > 0 && page.olderBefore === null ? <span className="muted">These are the oldest entries.</span> : null}
          {page.paged ? <Link to={pageLink(filters, {})}>Newest entries</Link> : null}
        </nav>
      </section>
    </div>
  );
}
