// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { FormMessage } from "~/components/forms";
import { MetricChanges, SnapshotComparison, SnapshotWarnings } from "~/components/crm-snapshot-review";
import { formatDate } from "~/domain/format";
import { plural } from "~/domain/plural";
import { attempt, refused } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { confirmSnapshot, deleteSnapshot, getSnapshotReview, managerOf, requireSnapshot } from "~/services/crm-snapshots.server";

// One CRM snapshot (ADR 051): what it holds against the snapshot before it, what it feeds, and the
// decisions: a preview is confirmed (alone or in place of a counted snapshot) or cancelled; a counted one
// deleted. Each confirmation names what changes in the metrics.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `CRM snapshot of ${data ? formatDate(data.review.snapshot.asOf) : "?"} · Candor` }];

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("confirm"),
    replaces: z
      .literal("")
      .transform(() => null)
      .or(z.string().uuid({ error: "Choose a snapshot to replace" }))
      .optional()
      .transform((v) => v ?? null),
  }),
  z.object({ intent: z.literal("delete") }),
]);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  return { review: await getSnapshotReview(context.app, user, params.snapshotId ?? "") };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const snapshotId = params.snapshotId ?? "";
  // Another organisation's id is not found before the form is read.
  await requireSnapshot(context.app, user, snapshotId);
  const parsed = parseForm(ActionSchema, await readForm(request));
  if (!parsed.success)
    return refused({
      status: 400,
      formError: parsed.errors.formError ?? Object.values(parsed.errors.fieldErrors)[0] ?? "Choose what to do.",
      fieldErrors: parsed.errors.fieldErrors,
    });
  const input = parsed.data;
  if (input.intent === "confirm") {
    const result = await attempt(() => confirmSnapshot(context.app, managerOf(user), snapshotId, input.replaces));
    if (!result.ok) return refused(result);
    throw redirect(`/admin/crm?snapshot=${result.value.replaced ? "replaced" : "confirmed"}&asOf=${result.value.asOf}`, 303);
  }
  const result = await attempt(() => deleteSnapshot(context.app, managerOf(user), snapshotId));
  if (!result.ok) return refused(result);
  throw redirect(`/admin/crm?snapshot=${result.value.status === "preview" ? "cancelled" : "deleted"}&asOf=${result.value.asOf}`, 303);
}

export default function CrmSnapshotPage() {
  const { review } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const { snapshot } = review;
  const preview = snapshot.status === "preview";
  const date = formatDate(snapshot.asOf);
  return (
    <div className="page break-anywhere">
      <p>
        <Link to="/admin/crm">← CRM data</Link>
      </p>
      <h1>CRM snapshot of {date}</h1>
      <p>
        {preview ? <span className="badge badge--warn">Preview</span> : <span className="badge badge--open">Counted</span>} {snapshot.fileName}: {plural(snapshot.deals, "deal")} of{" "}
        {plural(snapshot.owners, "owner")}. {preview ? "It counts for no metric until you confirm it." : "The metrics read it as below."}
      </p>
      <FormMessage error={refusal?.formError ?? undefined} />
      <SnapshotWarnings review={review} />
      <section aria-labelledby="teams-h">
        <h2 id="teams-h">Deals per team</h2>
        <p>Each deal counts for its owner&apos;s team on the snapshot&apos;s date; amounts are in {review.currency}.</p>
        <SnapshotComparison review={review} />
      </section>

      {preview ? (
        <>
          <section className="card stack" aria-labelledby="confirm-h">
            <h2 id="confirm-h">Confirm it</h2>
            <p>Confirming changes:</p>
            <MetricChanges lines={review.onConfirm ?? []} none="Nothing the metrics read: it is older than the snapshots that feed them." />
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <button type="submit" className="button">
                Confirm: count the snapshot of {date}
              </button>
            </Form>
          </section>
          {review.replaceable.length > 0 ? (
            <section className="card stack" aria-labelledby="replace-h">
              <h2 id="replace-h">Or count it in place of another snapshot</h2>
              <p>The snapshot you choose is deleted with its deals, and this one counts instead. For each, what changes:</p>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="confirm" />
                <fieldset>
                  <legend>Snapshot to replace</legend>
                  {review.replaceable.map((r, i) => (
                    <div key={r.id} className="field field--choice">
                      <input type="radio" id={`replace-${r.id}`} name="replaces" value={r.id} defaultChecked={i === 0} aria-describedby={`replace-${r.id}-changes`} />
                      <label htmlFor={`replace-${r.id}`}>
                        The snapshot of {formatDate(r.asOf)} ({r.fileName})
                      </label>
                      <div id={`replace-${r.id}-changes`} className="field__hint">
                        <MetricChanges lines={r.changes} none="Nothing the metrics read changes." />
                      </div>
                    </div>
                  ))}
                </fieldset>
                <button type="submit" className="button button--secondary">
                  Replace the chosen snapshot with this one
                </button>
              </Form>
            </section>
          ) : null}
          <section className="card stack" aria-labelledby="cancel-h">
            <h2 id="cancel-h">Cancel the upload</h2>
            <p>The file&apos;s deals are deleted. No metric changes: a preview feeds none.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="button button--secondary">
                Cancel the upload of {date}
              </button>
            </Form>
          </section>
        </>
      ) : (
        <>
          <section aria-labelledby="feeds-h">
            <h2 id="feeds-h">What it feeds</h2>
            <MetricChanges lines={review.feeds} none="No metric reads it now: later snapshots cover its quarter." />
          </section>
          <section className="card stack" aria-labelledby="delete-h">
            <h2 id="delete-h">Delete it</h2>
            <p>Its deals are deleted for good (the audit log keeps who deleted it and when). Deleting changes:</p>
            <MetricChanges lines={review.onDelete} none="Nothing the metrics read." />
            <p>To correct it instead, upload the corrected export and, on its preview, count it in place of this one.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="button button--danger">
                Delete the snapshot of {date}
              </button>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}
