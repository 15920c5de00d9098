import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CountedList, type CountedLine } from "~/components/counted-list";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { formatsFor } from "~/domain/format";
import { RETENTION_CHOICES, RETENTION_CONFIRMATION } from "~/domain/retention";
import { getRetention, previewRetention, runRetentionNow, saveRetention, type RawCounts, type RetentionDue } from "~/services/retention.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formText } from "~/utils/form-fields";
import type { ReactNode } from "react";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";
import type { MessageKey } from "~/i18n/translate";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminSettings.retention", "Data retention");

const RetentionActionSchema = z.object({ intent: z.enum(["save", "run"], { error: said("adminRetention.useButtons") }), months: formText, confirmation: formText });

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  return getRetention(context.app, user);
}

type Confirm = { step: "confirm-save" | "confirm-run"; months: string; due: RetentionDue };
type ActionResult = { confirm: Confirm | null; done: string | null; deleted: RawCounts | null; formError: string | undefined; fieldErrors: Record<string, string> };

const answer = (value: Partial<ActionResult>, status = 200) =>
  data<ActionResult>({ confirm: null, done: null, deleted: null, formError: undefined, fieldErrors: {}, ...value }, { status });

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(RetentionActionSchema, await readForm(request));
  if (!parsed.success) return answer(parsed.errors, 400);
  const { intent, months, confirmation } = parsed.data;
  // A deletion is confirmed on a page of its own that says what goes; without the typed word, that page is the answer.
  const result = await attempt(async (): Promise<Partial<ActionResult>> => {
    if (intent === "save") {
      const preview = await previewRetention(context.app, user, months);
      if (preview.needsConfirmation && confirmation === "") return { confirm: { step: "confirm-save", months, due: preview.due } };
      const saved = await saveRetention(context.app, user, { months, confirmation });
      return {
        done: saved.months === null ? said("adminRetention.savedForever") : said("adminRetention.savedMonths", { months: saved.months }),
        deleted: saved.deleted,
      };
    }
    const current = await getRetention(context.app, user);
    if (confirmation === "") return { confirm: { step: "confirm-run", months: String(current.months ?? ""), due: current.due } };
    return { done: said("adminRetention.done"), deleted: await runRetentionNow(context.app, user, { confirmation }) };
  });
  if (result.ok) return answer(result.value);
  // A wrong word: the same confirmation page again, with the message next to the field.
  let confirm: Confirm | null = null;
  if (result.fieldErrors.confirmation) {
    confirm =
      intent === "run"
        ? { step: "confirm-run", months, due: (await getRetention(context.app, user)).due }
        : { step: "confirm-save", months, due: (await previewRetention(context.app, user, months)).due };
  }
  return answer({ confirm, formError: result.formError, fieldErrors: result.fieldErrors }, result.status);
}

function rawLines(c: RawCounts, t: (key: MessageKey, values?: Record<string, number>) => string): CountedLine[] {
  return [
    { counted: t("adminRetention.responses", { count: c.responses }), detail: t("adminRetention.responsesDetail") },
    { counted: t("adminRetention.answers", { count: c.answers }), detail: t("adminRetention.answersDetail") },
    { counted: t("adminRetention.comments", { count: c.comments }), detail: t("adminRetention.commentsDetail") },
  ];
}

function ConfirmDeletion({ confirm, error }: { confirm: Confirm; error: string | undefined }) {
  const { due } = confirm;
  const { t, rich, locale } = useI18n();
  const date = formatsFor(locale).date;
  const strong = (chunks: ReactNode[]) => <strong key="strong">{chunks}</strong>;
  return (
    <section className="card" aria-labelledby="confirm-h">
      <h2 id="confirm-h">{confirm.step === "confirm-save" ? t("adminRetention.confirmSave", { months: confirm.months }) : t("adminRetention.confirmRun")}</h2>
      {due.counts.waves === 0 ? (
        <p>{t("adminRetention.nothingDue")}</p>
      ) : (
        <>
          <p>{t("adminRetention.atOnce", { count: due.counts.waves, cutoff: date(due.cutoff) })}</p>
          <CountedList label={t("adminRetention.deletedNow")} lines={rawLines(due.counts, t)} />
          <ul>
            {due.waves.map((w) => (
              <li key={`${w.program}-${w.period}`}>{t("adminRetention.wave", { program: w.program, period: date(w.period), closed: date(w.closedOn) })}</li>
            ))}
            {due.counts.waves > due.waves.length ? <li>{t("adminRetention.andOlder", { count: due.counts.waves - due.waves.length })}</li> : null}
          </ul>
        </>
      )}
      {confirm.step === "confirm-save" ? <p>{t("adminRetention.fromThenOn", { months: confirm.months })}</p> : null}
      <p>{rich<ReactNode>("adminRetention.cannotUndo", { strong })}</p>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value={confirm.step === "confirm-save" ? "save" : "run"} />
        <input type="hidden" name="months" value={confirm.months} />
        <Field name="confirmation" label={t("adminRetention.typeToConfirm", { word: RETENTION_CONFIRMATION })} autoComplete="off" error={error} />
        <button type="submit" className="button button--danger">
          {confirm.step === "confirm-save" ? t("adminRetention.saveAndDelete") : t("adminRetention.deleteNow")}
        </button>
      </Form>
      <p>
        <Link to="/admin/retention">{t("adminRoster.cancel")}</Link>
      </p>
    </section>
  );
}

export default function Retention() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const confirm = result?.confirm ?? null;
  const { t, locale } = useI18n();
  const date = formatsFor(locale).date;
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/settings">← {t("adminSettings.title")}</Link>
      </p>
      <h1>{t("adminSettings.retention")}</h1>
      <p>{t("adminRetention.intro")}</p>
      <p>{t("adminRetention.consequences")}</p>
      <FormMessage error={confirm ? undefined : result?.formError} success={result?.done ?? undefined} />
      {result?.deleted ? (
        result.deleted.waves === 0 ? (
          <p>{t("adminRetention.nothingOld")}</p>
        ) : (
          <>
            <p>{t("adminRetention.deletedOf", { count: result.deleted.waves })}</p>
            <CountedList label={t("adminRetention.wasDeleted")} lines={rawLines(result.deleted, t)} />
          </>
        )
      ) : null}
      {confirm ? (
        <ConfirmDeletion confirm={confirm} error={result?.fieldErrors?.confirmation} />
      ) : (
        <>
          <section className="card" aria-labelledby="setting-h">
            <h2 id="setting-h">{t("adminRetention.howLong")}</h2>
            <p>
              {view.months === null ? t("adminRetention.nowForever") : t("adminRetention.nowMonths", { months: view.months })}
              {view.deleted.waves > 0 ? ` ${t("adminRetention.soFar", { count: view.deleted.waves, last: date(view.deleted.last) })}` : ""}
            </p>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="save" />
              <SelectField
                name="months"
                label={t("adminRetention.selectLabel")}
                defaultValue={view.months === null ? "off" : String(view.months)}
                options={[
                  { value: "off", label: t("adminRetention.never") },
                  ...RETENTION_CHOICES.map((m) => ({ value: String(m), label: t("adminRetention.monthsAfter", { months: m }) })),
                ]}
                hint={t("adminRetention.hint", { min: view.min })}
                error={result?.fieldErrors?.months}
              />
              <button type="submit" className="button">
                {t("adminRetention.save")}
              </button>
            </Form>
          </section>
          {view.months !== null && view.due.counts.waves > 0 ? (
            <section className="card" aria-labelledby="due-h">
              <h2 id="due-h">{t("adminRetention.dueNow")}</h2>
              <p>
                {t("adminRetention.due", {
                  waves: view.due.counts.waves,
                  responses: view.due.counts.responses,
                  comments: view.due.counts.comments,
                  months: view.months,
                })}
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="run" />
                <button type="submit" className="button button--secondary">
                  {t("adminRetention.deleteThemNow")}
                </button>
              </Form>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
