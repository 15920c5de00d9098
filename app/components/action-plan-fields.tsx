// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { Field, SelectField, TextAreaField } from "~/components/forms";
import { formatDate } from "~/domain/format";

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
  return (
    <>
      <SelectField
        name="dimensionKey"
        label="About"
        hint="The topic of the team conversation this action belongs to."
        options={dimensions.map((d) => ({ value: d.key, label: d.name }))}
        defaultValue={values.dimensionKey}
        error={errors.dimensionKey}
      />
      <TextAreaField
        id={`${idPrefix}-action`}
        name="action"
        label="Action"
        hint={`What the team will do, in one or two sentences (3 to 500 characters).${example ? ` For example: “${example}”` : ""}`}
        error={errors.action}
        defaultValue={values.action ?? ""}
        maxLength={500}
        rows={3}
      />
      <Field name="owner" label="Owner" hint="Who makes sure it happens: a name, or “whole team”." error={errors.owner} defaultValue={values.owner ?? ""} />
      <Field
        name="reviewOn"
        type="date"
        label="Review on"
        hint={`When to look at it again: a date after today (${formatDate(today)}). The plan also comes back when the team's next wave closes.`}
        error={errors.reviewOn}
        defaultValue={values.reviewOn ?? ""}
      />
    </>
  );
}
