import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { formatsFor } from "~/domain/format";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { CrmResultView } from "~/components/crm-result";
import { CrmUploadForm, type UploadResult } from "~/components/crm-upload";
import { FormMessage } from "~/components/forms";
import { handleCrmUpload, statusOfImport } from "~/http/crm-upload.server";
import { dateInZone } from "~/domain/organisation-settings";
import { getCrmOverview, mapCrmOwner, saveCrmColumnMapping, setCurrencyRate, setStageStatus } from "~/services/crm-admin.server";
import type { CrmImportResult } from "~/services/crm-import.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt } from "~/http/errors.server";
import { TableWrap } from "~/components/table-wrap";
import { useI18n } from "~/i18n/react";
import { said } from "~/i18n/said";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "crm.title", "CRM data");

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("owner"),
    owner: z.string().min(1).max(500),
    personId: z
      .string()
      .uuid()
      .or(z.literal("none").transform(() => null)),
  }),
  z.object({ intent: z.literal("stage"), stage: z.string().min(1).max(200), status: z.enum(["open", "won", "lost"]) }),
  z.object({
    intent: z.literal("rate"),
    currency: z.string().trim().toUpperCase(),
    rate: z
      .literal("")
      .transform(() => null)
      .or(z.coerce.number({ error: said("crm.rate.enterNumber") })),
  }),
  z.object({ intent: z.literal("mapping"), header: z.string().max(100_000) }).passthrough(),
]);

/** What a snapshot's page did before it sent the admin back here (ADR 051). */
const ChangedSchema = z.object({ snapshot: z.enum(["confirmed", "replaced", "cancelled", "deleted"]), asOf: z.iso.date() });

const CHANGED_KEYS = {
  confirmed: "crm.changed.confirmed",
  replaced: "crm.changed.replaced",
  cancelled: "crm.changed.cancelled",
  deleted: "crm.changed.deleted",
} as const satisfies Record<z.infer<typeof ChangedSchema>["snapshot"], string>;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const changed = ChangedSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    overview: await getCrmOverview(context.app, user),
    today: dateInZone(context.app.now(), "UTC"),
    uploadLimitMb: context.app.config.UPLOAD_LIMIT_MB,
    changed: changed.success ? changed.data : null,
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const result = await handleCrmUpload(context, request, user);
    return data({ upload: result, formError: undefined, done: undefined }, { status: statusOfImport(result) });
  }
  const parsed = parseForm(ActionSchema, await readForm(request));
  if (!parsed.success) return data({ upload: null, formError: parsed.errors.formError ?? Object.values(parsed.errors.fieldErrors)[0], done: undefined }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(async () => {
    if (input.intent === "owner") await mapCrmOwner(context.app, user, input.owner, input.personId);
    else if (input.intent === "stage") await setStageStatus(context.app, user, input.stage, input.status);
    else if (input.intent === "rate") await setCurrencyRate(context.app, user, input.currency, input.rate);
    else {
      let header: unknown;
      try {
        header = JSON.parse(input.header);
      } catch {
        header = null;
      }
      if (!Array.isArray(header) || !header.every((h) => typeof h === "string")) return said("crm.mapping.incomplete");
      const choices = Object.fromEntries(Object.entries(input).filter(([k, v]) => k !== "intent" && k !== "header" && typeof v === "string" && v));
      await saveCrmColumnMapping(context.app, user, header, choices);
      return said("crm.mapping.saved");
    }
    return said("crm.saved");
  });
  if (!result.ok) return data({ upload: null, formError: result.formError, done: undefined }, { status: result.status });
  return { upload: null, formError: undefined, done: result.value };
}

const STATUS_KEYS = { open: "crm.status.open", won: "crm.status.won", lost: "crm.status.lost" } as const;

function FeedList({ lines }: { lines: readonly string[] }) {
  const { say } = useI18n();
  return (
    <ul className="plain-list">
      {lines.map((l) => (
        <li key={l}>{say(l)}</li>
      ))}
    </ul>
  );
}

export default function CrmPage() {
  const { overview, today, uploadLimitMb, changed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [clientResult, setClientResult] = useState<UploadResult | null>(null);
  const revalidator = useRevalidator();
  // A preview confirmed or cancelled from this page comes back here: its upload's answer is done with.
  const location = useLocation();
  useEffect(() => setClientResult(null), [location.key]);
  const previews = overview.snapshots.filter((s) => s.status === "preview");
  const result = (clientResult ?? actionData?.upload ?? null) as CrmImportResult | null;
  const { t, rich, locale } = useI18n();
  const f = formatsFor(locale);
  return (
    <div className="page">
      <h1>{t("crm.title")}</h1>
      <p>{t("crm.intro")}</p>
      <p>
        {rich<ReactNode>("crm.connectLine", {
          link: (chunks) => (
            <Link key="connect" to="/admin/crm/connections">
              {chunks}
            </Link>
          ),
        })}
      </p>
      <FormMessage success={changed ? t(CHANGED_KEYS[changed.snapshot], { date: f.date(changed.asOf) }) : undefined} />
      {previews.length > 0 && !result ? (
        <section className="notice notice--warning" aria-labelledby="waiting-h">
          <h2 id="waiting-h">{t("crm.waiting", { count: previews.length })}</h2>
          <ul>
            {previews.map((p) => (
              <li key={p.id}>
                <Link to={`/admin/crm/snapshots/${p.id}`}>{t("crm.reviewPreview", { date: f.date(p.asOf), file: p.fileName, count: p.rowCount })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="upload-h">
        <h2 id="upload-h">{t("crm.uploadHeading")}</h2>
        <CrmUploadForm
          today={today}
          uploadLimitMb={uploadLimitMb}
          onResult={(r) => {
            setClientResult(r);
            revalidator.revalidate();
          }}
        />
      </section>
      {result ? <CrmResultView result={result} /> : null}
      <FormMessage error={actionData?.formError ?? undefined} success={actionData?.done ?? undefined} />

      {overview.unmatchedOwners.length > 0 ? (
        <section className="card" aria-labelledby="owners-h">
          <h2 id="owners-h">{t("crm.owners.heading", { count: f.count(overview.unmatchedOwners.length) })}</h2>
          <p>{t("crm.owners.intro")}</p>
          <ul className="plain-list">
            {overview.unmatchedOwners.map((o) => (
              <li key={o.owner}>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="owner" />
                  <input type="hidden" name="owner" value={o.owner} />
                  <div className="field">
                    <label htmlFor={`owner-${o.owner}`}>
                      {o.owner} <span className="muted">{t("crm.dealsInBrackets", { count: o.deals })}</span>
                    </label>
                    <select id={`owner-${o.owner}`} name="personId" defaultValue="none">
                      <option value="none">{t("crm.owners.notOurs")}</option>
                      {overview.people.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" className="button button--secondary">
                    {t("crm.save")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="snapshots-h">
        <h2 id="snapshots-h">{t("crm.snapshots.heading")}</h2>
        {overview.snapshots.length === 0 ? (
          <p className="muted">{t("crm.snapshots.none")}</p>
        ) : (
          <TableWrap label={t("crm.snapshots.table")}>
            <table>
              <caption className="visually-hidden">{t("crm.snapshots.table")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("crm.snapshots.asOf")}</th>
                  <th scope="col">{t("crm.snapshots.file")}</th>
                  <th scope="col">{t("crm.snapshots.source")}</th>
                  <th scope="col" className="num">
                    {t("crm.snapshots.deals")}
                  </th>
                  <th scope="col" className="num">
                    {t("crm.snapshots.skipped")}
                  </th>
                  <th scope="col">{t("crm.snapshots.status")}</th>
                  <th scope="col">{t("crm.snapshots.feeds")}</th>
                </tr>
              </thead>
              <tbody>
                {overview.snapshots.map((s) => (
                  <tr key={s.id}>
                    <td>{s.asOf}</td>
                    <td>{s.fileName}</td>
                    <td>{s.source}</td>
                    <td className="num">{f.count(s.rowCount)}</td>
                    <td className="num">{f.count(s.skipped)}</td>
                    <td>
                      <Link
                        to={`/admin/crm/snapshots/${s.id}`}
                        aria-label={t(s.status === "preview" ? "crm.snapshots.previewLabel" : "crm.snapshots.countedLabel", { date: f.date(s.asOf) })}
                      >
                        {t(s.status === "preview" ? "crm.snapshots.previewLink" : "crm.snapshots.countedLink")}
                      </Link>
                    </td>
                    <td>
                      {s.status === "preview" ? (
                        t("crm.snapshots.feedsNothingYet")
                      ) : (overview.feeds[s.id] ?? []).length === 0 ? (
                        t("crm.snapshots.feedsNothingNow")
                      ) : (
                        <FeedList lines={overview.feeds[s.id]!} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      {overview.stages.length > 0 ? (
        <details className="card">
          <summary>{t("crm.stages.summary")}</summary>
          <p>{t("crm.stages.intro")}</p>
          <ul className="plain-list">
            {overview.stages.map((s) => (
              <li key={s.stage}>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="stage" />
                  <input type="hidden" name="stage" value={s.stage} />
                  <div className="field">
                    <label htmlFor={`stage-${s.stage}`}>
                      {s.stage} <span className="muted">{t("crm.dealsInBrackets", { count: s.deals })}</span>
                    </label>
                    <select id={`stage-${s.stage}`} name="status" defaultValue={s.status}>
                      {(["open", "won", "lost"] as const).map((st) => (
                        <option key={st} value={st}>
                          {t(STATUS_KEYS[st])}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" className="button button--secondary">
                    {t("crm.save")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      {overview.currencies.length > 0 ? (
        <details className="card">
          <summary>{t("crm.currencies.summary")}</summary>
          <p>{t("crm.currencies.intro", { currency: overview.currency })}</p>
          <ul className="plain-list">
            {overview.currencies.map((c) => (
              <li key={c.currency}>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="rate" />
                  <input type="hidden" name="currency" value={c.currency} />
                  <div className="field">
                    <label htmlFor={`rate-${c.currency}`}>
                      {c.currency} <span className="muted">{t("crm.dealsInBrackets", { count: c.deals })}</span>
                    </label>
                    <input id={`rate-${c.currency}`} name="rate" type="text" inputMode="decimal" defaultValue={c.rate ?? ""} />
                  </div>
                  <button type="submit" className="button button--secondary">
                    {t("crm.save")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
