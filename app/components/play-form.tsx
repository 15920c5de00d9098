// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { Form } from "@remix-run/react";
import { CheckboxGroup, Field, FormMessage, SubmissionKey, TextAreaField } from "~/components/forms";
import { PLAY_DIMENSIONS, SIGNAL_LABELS, SIGNALS } from "~/domain/playbook";
import { z } from "zod";
import { formList, formText } from "~/utils/form-fields";

export interface PlayFormValues {
  title?: string;
  summary?: string;
  dimensionKeys?: string[];
  signals?: string[];
  managerDoes?: string;
  cadence?: string;
  goodResult?: string;
}

/** The form that adds or edits a play; the server checks it with PlayInputSchema and answers with field errors. */
export function PlayForm({
  values,
  formError,
  fieldErrors,
  submitLabel,
  submissionKey,
}: {
  values: PlayFormValues;
  formError?: string;
  fieldErrors: Record<string, string>;
  submitLabel: string;
  /** Only on a form that creates a play (see SubmissionKey). */
  submissionKey?: string;
}) {
  return (
    <Form method="post" className="stack" noValidate key={submissionKey}>
      <input type="hidden" name="intent" value="save" />
      {submissionKey ? <SubmissionKey value={submissionKey} /> : null}
      <FormMessage error={formError} />
      <Field name="title" label="Title" defaultValue={values.title} error={fieldErrors.title} />
      <Field name="summary" label="Summary" hint="One line: what the play is for." defaultValue={values.summary} error={fieldErrors.summary} />
      <CheckboxGroup
        name="dimensionKeys"
        legend="Dimensions it addresses"
        options={PLAY_DIMENSIONS.map((d) => ({ value: d.key, label: d.name }))}
        checked={values.dimensionKeys ?? []}
        error={fieldErrors.dimensionKeys}
      />
      <CheckboxGroup
        name="signals"
        legend="Signals it answers (recommendations use these)"
        options={SIGNALS.map((s) => ({ value: s, label: SIGNAL_LABELS[s] }))}
        checked={values.signals ?? []}
        error={fieldErrors.signals}
      />
      <TextAreaField
        name="managerDoes"
        label="What the manager does"
        hint="Concretely: what to say or do, with whom."
        defaultValue={values.managerDoes}
        error={fieldErrors.managerDoes}
        maxLength={2000}
        rows={6}
      />
      <Field name="cadence" label="How often" hint="Such as “Weekly, 15 minutes”." defaultValue={values.cadence} error={fieldErrors.cadence} />
      <TextAreaField
        name="goodResult"
        label="What a good result looks like"
        hint="Which score or CRM metric should move, and by when."
        defaultValue={values.goodResult}
        error={fieldErrors.goodResult}
        maxLength={1000}
      />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}

/** The play form's fields as the service takes them (the rules for each are the service's). */
export const PlayFormSchema = z.object({
  title: formText,
  summary: formText,
  dimensionKeys: formList,
  signals: formList,
  managerDoes: formText,
  cadence: formText,
  goodResult: formText,
});
