// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CountedList, type CountedLine } from "~/components/counted-list";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { formatDate } from "~/domain/format";
import { plural } from "~/domain/plural";
import { RETENTION_CHOICES, RETENTION_CONFIRMATION } from "~/domain/retention";
import { getRetention, previewRetention, runRetentionNow, saveRetention, type RawCounts, type RetentionDue } from "~/services/retention.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction = () => [{ title: "Data retention · Candor" }];

const RetentionActionSchema = z.object({ intent: z.enum(["save", "run"], { error: "Use the page's buttons" }), months: formText, confirmation: formText });

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
        done: saved.months === null ? "Saved: individual answers are kept for ever." : `Saved: individual answers of pulses are deleted ${saved.months} months after they close.`,
        deleted: saved.deleted,
      };
    }
    const current = await getRetention(context.app, user);
    if (confirmation === "") return { confirm: { step: "confirm-run", months: String(current.months ?? ""), due: current.due } };
    return { done: "Done.", deleted: await runRetentionNow(context.app, user, { confirmation }) };
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

function rawLines(c: RawCounts): CountedLine[] {
  return [
    { count: c.responses, noun: ["response", "responses"], detail: "one person's answers to one pulse, without their name" },
    { count: c.answers, noun: ["answer", "answers"], detail: "the individual answers to each question" },
    { count: c.comments, noun: ["comment", "comments"], detail: "what people wrote in the comment box" },
  ];
}

function ConfirmDeletion({ confirm, error }: { confirm: Confirm; error: string | undefined }) {
  const { due } = confirm;
  return (
    <section className="card" aria-labelledby="confirm-h">
      <h2 id="confirm-h">{confirm.step === "confirm-save" ? `Delete answers after ${confirm.months} months?` : "Delete them now?"}</h2>
      {due.counts.waves === 0 ? (
        <p>Nothing is old enough to be deleted today.</p>
      ) : (
        <>
          <p>
            At once, the individual answers of {plural(due.counts.waves, "pulse")} that closed before {formatDate(due.cutoff)} go:
          </p>
          <CountedList label="What is deleted now" lines={rawLines(due.counts)} />
          <ul>
            {due.waves.map((w) => (
              <li key={`${w.program}-${w.period}`}>
                {w.program}, {formatDate(w.period)} (closed {formatDate(w.closedOn)})
              </li>
            ))}
            {due.counts.waves > due.waves.length ? <li>and {plural(due.counts.waves - due.waves.length, "older pulse")}</li> : null}
          </ul>
        </>
      )}
      {confirm.step === "confirm-save" ? <p>From then on, every day, the answers of each pulse that passes {confirm.months} months since it closed are deleted too.</p> : null}
      <p>
        <strong>This cannot be undone.</strong> Scores, eNPS, trends, heatmaps, exports and the API keep every number they show now.
      </p>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value={confirm.step === "confirm-save" ? "save" : "run"} />
        <input type="hidden" name="months" value={confirm.months} />
        <Field name="confirmation" label={`Type ${RETENTION_CONFIRMATION} to confirm`} autoComplete="off" error={error} />
        <button type="submit" className="button button--danger">
          {confirm.step === "confirm-save" ? "Save and delete" : "Delete now"}
        </button>
      </Form>
      <p>
        <Link to="/admin/retention">Cancel</Link>
      </p>
    </section>
  );
}

export default function Retention() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const confirm = result?.confirm ?? null;
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/settings">← Settings</Link>
      </p>
      <h1>Data retention</h1>
      <p>
        Candor can delete the individual answers and comments of pulses that closed long ago. Their scores, eNPS, trends, heatmaps, exports and API answers stay exactly as
        published: they were worked out when each pulse closed.
      </p>
      <p>
        Once a pulse's answers are deleted, three things can no longer be done for it: showing its comments, the drivers analysis (it needs the answers one by one), and working its
        results out again from the answers. The pages say so where it matters. Pulses that are still open are never touched.
      </p>
      <FormMessage error={confirm ? undefined : result?.formError} success={result?.done ?? undefined} />
      {result?.deleted ? (
        result.deleted.waves === 0 ? (
          <p>Nothing was old enough to delete.</p>
        ) : (
          <>
            <p>Deleted the individual answers of {plural(result.deleted.waves, "pulse")}:</p>
            <CountedList label="What was deleted" lines={rawLines(result.deleted)} />
          </>
        )
      ) : null}
      {confirm ? (
        <ConfirmDeletion confirm={confirm} error={result?.fieldErrors?.confirmation} />
      ) : (
        <>
          <section className="card" aria-labelledby="setting-h">
            <h2 id="setting-h">How long to keep individual answers</h2>
            <p>
              Now: {view.months === null ? "kept for ever." : `deleted ${view.months} months after a pulse closes. Candor checks once a day (at 03:17 UTC).`}
              {view.deleted.waves > 0 ? ` The answers of ${plural(view.deleted.waves, "pulse")} were deleted so far, most recently on ${formatDate(view.deleted.last)}.` : ""}
            </p>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="save" />
              <SelectField
                name="months"
                label="Delete individual answers and comments"
                defaultValue={view.months === null ? "off" : String(view.months)}
                options={[
                  { value: "off", label: "Never: keep them for ever" },
                  ...RETENTION_CHOICES.map((m) => ({ value: String(m), label: `${m} months after the pulse closes` })),
                ]}
                hint={`At least ${view.min} months, so that a pulse's comments are there for the team's conversation and the next review of its action plans.`}
                error={result?.fieldErrors?.months}
              />
              <button type="submit" className="button">
                Save
              </button>
            </Form>
          </section>
          {view.months !== null && view.due.counts.waves > 0 ? (
            <section className="card" aria-labelledby="due-h">
              <h2 id="due-h">Due now</h2>
              <p>
                The answers of {plural(view.due.counts.waves, "pulse")} ({plural(view.due.counts.responses, "response")}, {plural(view.due.counts.comments, "comment")}) are older
                than {view.months} months and go at the next daily check.
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="run" />
                <button type="submit" className="button button--secondary">
                  Delete them now…
                </button>
              </Form>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
