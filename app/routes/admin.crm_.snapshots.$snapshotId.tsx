import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { FormMessage } from "~/components/forms";
import { MetricChanges, SnapshotComparison, SnapshotWarnings } from "~/components/crm-snapshot-review";
import { formatDate, formatsFor } from "~/domain/format";
import { useI18n } from "~/i18n/react";
import { said } from "~/i18n/said";
import type { Messages } from "~/i18n/translate";
import { attempt, refused } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { confirmSnapshot, deleteSnapshot, getSnapshotReview, managerOf, requireSnapshot } from "~/services/crm-snapshots.server";

// One CRM snapshot (ADR 051): what it holds against the snapshot before it, what it feeds, and the
// decisions: a preview is confirmed (alone or in place of a counted snapshot) or cancelled; a counted one
// deleted. Each confirmation names what changes in the metrics.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  // Read outside React's tree: the page's language and messages from the root route's data (as titleFrom does).
  const language = (matches.find((m) => m.id === "root")?.data as { language?: { locale?: string; messages?: Messages } } | undefined)?.language;
  const date = data ? (language?.locale ? formatsFor(language.locale).date(data.review.snapshot.asOf) : formatDate(data.review.snapshot.asOf)) : "?";
  const page = (language?.messages?.["crm.snapshot.title"] ?? "CRM snapshot of {date}").replace("{date}", date);
  return [{ title: (language?.messages?.["meta.pageTitle"] ?? "{page} · Candor").replace("{page}", page) }];
};

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("confirm"),
    replaces: z
      .literal("")
      .transform(() => null)
      .or(z.string().uuid({ error: said("crm.snapshot.chooseReplace") }))
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
      formError: parsed.errors.formError ?? Object.values(parsed.errors.fieldErrors)[0] ?? said("crm.snapshot.chooseAction"),
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
  const { t, locale } = useI18n();
  const date = formatsFor(locale).date(snapshot.asOf);
  return (
    <div className="page break-anywhere">
      <p>
        <Link to="/admin/crm">{t("crm.snapshot.back")}</Link>
      </p>
      <h1>{t("crm.snapshot.title", { date })}</h1>
      <p>
        {preview ? <span className="badge badge--warn">{t("crm.review.previewBadge")}</span> : <span className="badge badge--open">{t("crm.review.countedBadge")}</span>}{" "}
        {t("crm.snapshot.summary", { file: snapshot.fileName, deals: snapshot.deals, owners: snapshot.owners })}{" "}
        {t(preview ? "crm.snapshot.previewNote" : "crm.snapshot.countedNote")}
      </p>
      <FormMessage error={refusal?.formError ?? undefined} />
      <SnapshotWarnings review={review} />
      <section aria-labelledby="teams-h">
        <h2 id="teams-h">{t("crm.snapshot.teamsHeading")}</h2>
        <p>{t("crm.snapshot.teamsIntro", { currency: review.currency })}</p>
        <SnapshotComparison review={review} />
      </section>

      {preview ? (
        <>
          <section className="card stack" aria-labelledby="confirm-h">
            <h2 id="confirm-h">{t("crm.snapshot.confirmHeading")}</h2>
            <p>{t("crm.snapshot.confirmChanges")}</p>
            <MetricChanges lines={review.onConfirm ?? []} none={t("crm.snapshot.confirmNone")} />
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <button type="submit" className="button">
                {t("crm.review.confirm", { date })}
              </button>
            </Form>
          </section>
          {review.replaceable.length > 0 ? (
            <section className="card stack" aria-labelledby="replace-h">
              <h2 id="replace-h">{t("crm.snapshot.replaceHeading")}</h2>
              <p>{t("crm.snapshot.replaceIntro")}</p>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="confirm" />
                <fieldset>
                  <legend>{t("crm.snapshot.replaceLegend")}</legend>
                  {review.replaceable.map((r, i) => (
                    <div key={r.id} className="field field--choice">
                      <input type="radio" id={`replace-${r.id}`} name="replaces" value={r.id} defaultChecked={i === 0} aria-describedby={`replace-${r.id}-changes`} />
                      <label htmlFor={`replace-${r.id}`}>{t("crm.snapshot.replaceOption", { date: formatsFor(locale).date(r.asOf), file: r.fileName })}</label>
                      <div id={`replace-${r.id}-changes`} className="field__hint">
                        <MetricChanges lines={r.changes} none={t("crm.review.nothingChanges")} />
                      </div>
                    </div>
                  ))}
                </fieldset>
                <button type="submit" className="button button--secondary">
                  {t("crm.snapshot.replaceSubmit")}
                </button>
              </Form>
            </section>
          ) : null}
          <section className="card stack" aria-labelledby="cancel-h">
            <h2 id="cancel-h">{t("crm.review.cancelUpload")}</h2>
            <p>{t("crm.snapshot.cancelIntro")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="button button--secondary">
                {t("crm.snapshot.cancelSubmit", { date })}
              </button>
            </Form>
          </section>
        </>
      ) : (
        <>
          <section aria-labelledby="feeds-h">
            <h2 id="feeds-h">{t("crm.snapshot.feedsHeading")}</h2>
            <MetricChanges lines={review.feeds} none={t("crm.snapshot.feedsNone")} />
          </section>
          <section className="card stack" aria-labelledby="delete-h">
            <h2 id="delete-h">{t("crm.snapshot.deleteHeading")}</h2>
            <p>{t("crm.snapshot.deleteIntro")}</p>
            <MetricChanges lines={review.onDelete} none={t("crm.snapshot.deleteNone")} />
            <p>{t("crm.snapshot.deleteCorrect")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="button button--danger">
                {t("crm.snapshot.deleteSubmit", { date })}
              </button>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}
