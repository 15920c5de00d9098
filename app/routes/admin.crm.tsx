// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { formatDate } from "~/domain/format";
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
import { plural } from "~/domain/plural";

export const meta: MetaFunction = () => [{ title: "CRM data · Candor" }];

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
      .or(z.coerce.number({ error: "Enter a number" })),
  }),
  z.object({ intent: z.literal("mapping"), header: z.string().max(100_000) }).passthrough(),
]);

/** What a snapshot's page did before it sent the admin back here (ADR 051). */
const ChangedSchema = z.object({ snapshot: z.enum(["confirmed", "replaced", "cancelled", "deleted"]), asOf: z.iso.date() });

const CHANGED_WORDS: Record<z.infer<typeof ChangedSchema>["snapshot"], string> = {
  confirmed: "counts now: the metrics read it.",
  replaced: "counts now, in place of the snapshot it replaced (deleted).",
  cancelled: "was cancelled: its deals were deleted and no metric changed.",
  deleted: "was deleted with its deals: the metrics read the other snapshots.",
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const changed = ChangedSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    overview: await getCrmOverview(context.app, user),
    today: dateInZone(context.app.now(), "UTC"),
    uploadLimitMb: context.app.config.UPLOAD_LIMIT_MB,
    changed: changed.success ? `The snapshot of ${formatDate(changed.data.asOf)} ${CHANGED_WORDS[changed.data.snapshot]}` : null,
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
      if (!Array.isArray(header) || !header.every((h) => typeof h === "string")) return "The form was incomplete; upload the file again.";
      const choices = Object.fromEntries(Object.entries(input).filter(([k, v]) => k !== "intent" && k !== "header" && typeof v === "string" && v));
      await saveCrmColumnMapping(context.app, user, header, choices);
      return "Columns saved. Upload the file again: it will be read with these columns.";
    }
    return "Saved.";
  });
  if (!result.ok) return data({ upload: null, formError: result.formError, done: undefined }, { status: result.status });
  return { upload: null, formError: undefined, done: result.value };
}

const STATUS_LABELS = { open: "Open", won: "Won", lost: "Lost" } as const;

function FeedList({ lines }: { lines: readonly string[] }) {
  return (
    <ul className="plain-list">
      {lines.map((l) => (
        <li key={l}>{l}</li>
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
  return (
    <div className="page">
      <h1>CRM data</h1>
      <p>
        Upload exports from Salesforce (an Opportunities report, &quot;Details Only&quot;), HubSpot or Pipedrive, or any CSV with a column per field. Each upload is a snapshot of
        the CRM on its date: two or more snapshots show slipped deals and forecast accuracy. Nothing is imported while any row is wrong, unless you choose to import the others. An
        upload waits as a preview, compared team by team with the snapshot that counts now, until you confirm it: until then no metric changes.
      </p>
      <p>
        Or <Link to="/admin/crm/connections">connect Salesforce, HubSpot or Pipedrive</Link>: Candor then pulls a snapshot every week and at each period&apos;s start.
      </p>
      <FormMessage success={changed ?? undefined} />
      {previews.length > 0 && !result ? (
        <section className="notice notice--warning" aria-labelledby="waiting-h">
          <h2 id="waiting-h">{plural(previews.length, "upload")} waiting for your confirmation</h2>
          <ul>
            {previews.map((p) => (
              <li key={p.id}>
                <Link to={`/admin/crm/snapshots/${p.id}`}>
                  Review the snapshot of {formatDate(p.asOf)} ({p.fileName}, {plural(p.rowCount, "deal")})
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="upload-h">
        <h2 id="upload-h">Upload a CRM export</h2>
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
          <h2 id="owners-h">Owners to map ({overview.unmatchedOwners.length})</h2>
          <p>These CRM owners match no one by email or exact name. Map each to a person (remembered for later uploads), or mark it as not ours.</p>
          <ul className="plain-list">
            {overview.unmatchedOwners.map((o) => (
              <li key={o.owner}>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="owner" />
                  <input type="hidden" name="owner" value={o.owner} />
                  <div className="field">
                    <label htmlFor={`owner-${o.owner}`}>
                      {o.owner} <span className="muted">({plural(o.deals, "deal")})</span>
                    </label>
                    <select id={`owner-${o.owner}`} name="personId" defaultValue="none">
                      <option value="none">Not one of our people</option>
                      {overview.people.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" className="button button--secondary">
                    Save
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="snapshots-h">
        <h2 id="snapshots-h">Snapshots</h2>
        {overview.snapshots.length === 0 ? (
          <p className="muted">No CRM data yet. Upload an export above.</p>
        ) : (
          <TableWrap label="CRM snapshots">
            <table>
              <caption className="visually-hidden">CRM snapshots</caption>
              <thead>
                <tr>
                  <th scope="col">As of</th>
                  <th scope="col">File</th>
                  <th scope="col">Source</th>
                  <th scope="col" className="num">
                    Deals
                  </th>
                  <th scope="col" className="num">
                    Rows left out
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">What it feeds</th>
                </tr>
              </thead>
              <tbody>
                {overview.snapshots.map((s) => (
                  <tr key={s.id}>
                    <td>{s.asOf}</td>
                    <td>{s.fileName}</td>
                    <td>{s.source}</td>
                    <td className="num">{s.rowCount.toLocaleString("en")}</td>
                    <td className="num">{s.skipped}</td>
                    <td>
                      <Link
                        to={`/admin/crm/snapshots/${s.id}`}
                        aria-label={`${s.status === "preview" ? "Preview" : "Counted"}: review, replace or delete the snapshot of ${formatDate(s.asOf)}`}
                      >
                        {s.status === "preview" ? "Preview: confirm or cancel" : "Counted: review"}
                      </Link>
                    </td>
                    <td>
                      {s.status === "preview" ? (
                        "Nothing until confirmed"
                      ) : (overview.feeds[s.id] ?? []).length === 0 ? (
                        "Nothing now (later snapshots cover it)"
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
          <summary>Stages: open, won or lost</summary>
          <p>Vendors&apos; standard stages map by default. A change applies to the next uploads.</p>
          <ul className="plain-list">
            {overview.stages.map((s) => (
              <li key={s.stage}>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="stage" />
                  <input type="hidden" name="stage" value={s.stage} />
                  <div className="field">
                    <label htmlFor={`stage-${s.stage}`}>
                      {s.stage} <span className="muted">({plural(s.deals, "deal")})</span>
                    </label>
                    <select id={`stage-${s.stage}`} name="status" defaultValue={s.status}>
                      {(["open", "won", "lost"] as const).map((st) => (
                        <option key={st} value={st}>
                          {STATUS_LABELS[st]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" className="button button--secondary">
                    Save
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      {overview.currencies.length > 0 ? (
        <details className="card">
          <summary>Other currencies</summary>
          <p>
            Amounts in another currency than {overview.currency} are left out of sums and averages unless you give a rate (1 unit = rate {overview.currency}).
          </p>
          <ul className="plain-list">
            {overview.currencies.map((c) => (
              <li key={c.currency}>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="rate" />
                  <input type="hidden" name="currency" value={c.currency} />
                  <div className="field">
                    <label htmlFor={`rate-${c.currency}`}>
                      {c.currency} <span className="muted">({plural(c.deals, "deal")})</span>
                    </label>
                    <input id={`rate-${c.currency}`} name="rate" type="text" inputMode="decimal" defaultValue={c.rate ?? ""} />
                  </div>
                  <button type="submit" className="button button--secondary">
                    Save
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
