import { Field, SelectField, TextAreaField } from "~/components/forms";
import { formatsFor } from "~/domain/format";
import { useI18n } from "~/i18n/react";

/**
 * The fields of a new action plan, one set wherever a plan is made (a team's conversation guide, a play's
 * page): what it is about, the action, its owner and when to review it. The service checks them
 * (createActionPlan) and its field errors come back here.
 */
export function ActionPlanFields({
  idPrefix,
  dimensions,
  values,
  errors,
  today,
  example,
}: {
  /** Makes the action field's id unique on a page that has another "action" field. */
  idPrefix: string;
  dimensions: ReadonlyArray<{ key: string; name: string }>;
  values: { dimensionKey?: string; action?: string; owner?: string; reviewOn?: string };
  errors: Record<string, string | undefined>;
  /** Today in the organisation's time zone: the review date must come after it. */
  today: string;
  /** A sample action, shown in the action's hint. */
  example?: string;
}) {
  const { t, locale } = useI18n();
  return (
    <>
      <SelectField
        name="dimensionKey"
        label={t("actionPlan.field.about")}
        hint={t("actionPlan.field.aboutHint")}
        options={dimensions.map((d) => ({ value: d.key, label: d.name }))}
        defaultValue={values.dimensionKey}
        error={errors.dimensionKey}
      />
      <TextAreaField
        id={`${idPrefix}-action`}
        name="action"
        label={t("actionPlan.field.action")}
        hint={example ? t("actionPlan.field.actionHintExample", { example }) : t("actionPlan.field.actionHint")}
        error={errors.action}
        defaultValue={values.action ?? ""}
        maxLength={500}
        rows={3}
      />
      <Field name="owner" label={t("actionPlan.field.owner")} hint={t("actionPlan.field.ownerHint")} error={errors.owner} defaultValue={values.owner ?? ""} />
      <Field
        name="reviewOn"
        type="date"
        label={t("actionPlan.field.reviewOn")}
        hint={t("actionPlan.field.reviewOnHint", { today: formatsFor(locale).date(today) })}
        error={errors.reviewOn}
        defaultValue={values.reviewOn ?? ""}
      />
    </>
  );
}
