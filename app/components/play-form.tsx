import { Form } from "@remix-run/react";
import { CheckboxGroup, Field, FormMessage, SubmissionKey, TextAreaField } from "~/components/forms";
import { SIGNAL_KEYS, SIGNALS } from "~/domain/playbook";
import { useI18n } from "~/i18n/react";
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
  dimensions,
}: {
  values: PlayFormValues;
  formError?: string;
  fieldErrors: Record<string, string>;
  submitLabel: string;
  /** Only on a form that creates a play (see SubmissionKey). */
  submissionKey?: string;
  /** The dimensions a play may be about, named in the page's language. */
  dimensions: ReadonlyArray<{ key: string; name: string }>;
}) {
  const { t } = useI18n();
  return (
    <Form method="post" className="stack" noValidate key={submissionKey}>
      <input type="hidden" name="intent" value="save" />
      {submissionKey ? <SubmissionKey value={submissionKey} /> : null}
      <FormMessage error={formError} />
      <Field name="title" label={t("play.form.title")} defaultValue={values.title} error={fieldErrors.title} />
      <Field name="summary" label={t("play.form.summary")} hint={t("play.form.summaryHint")} defaultValue={values.summary} error={fieldErrors.summary} />
      <CheckboxGroup
        name="dimensionKeys"
        legend={t("play.form.dimensions")}
        options={dimensions.map((d) => ({ value: d.key, label: d.name }))}
        checked={values.dimensionKeys ?? []}
        error={fieldErrors.dimensionKeys}
      />
      <CheckboxGroup
        name="signals"
        legend={t("play.form.signals")}
        options={SIGNALS.map((s) => ({ value: s, label: t(SIGNAL_KEYS[s]) }))}
        checked={values.signals ?? []}
        error={fieldErrors.signals}
      />
      <TextAreaField
        name="managerDoes"
        label={t("play.form.managerDoes")}
        hint={t("play.form.managerDoesHint")}
        defaultValue={values.managerDoes}
        error={fieldErrors.managerDoes}
        maxLength={2000}
        rows={6}
      />
      <Field name="cadence" label={t("play.form.cadence")} hint={t("play.form.cadenceHint")} defaultValue={values.cadence} error={fieldErrors.cadence} />
      <TextAreaField
        name="goodResult"
        label={t("play.form.goodResult")}
        hint={t("play.form.goodResultHint")}
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
