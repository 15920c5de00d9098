import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { OrganisationSettingsSchema, RECENT_JOIN_DAYS_MAX } from "~/domain/organisation-settings";
import { LOCALE_NAMES, LOCALES, toLocale } from "~/domain/locales";
import { getOrganisationSettings, updateSettings } from "~/services/organisations.server";
import { requestLocale } from "~/services/locale.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminSettings.title", "Settings");

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const settings = await getOrganisationSettings(context.app, user);
  return { ...settings, defaultLanguage: toLocale(settings.defaultLanguage) ?? "en", languages: LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(OrganisationSettingsSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, saved: false }, { status: 400 });
  const locale = await requestLocale(context, request);
  const result = await attempt(() => updateSettings(context.app, user, parsed.data, locale));
  if (!result.ok) return refused(result, { saved: false });
  return { saved: true, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function Settings() {
  const settings = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("adminSettings.heading")}</h1>
      <FormMessage error={result?.formError} success={result?.saved ? t("adminSettings.saved") : undefined} />
      <Form method="post" className="stack" noValidate>
        <Field name="name" label={t("adminSettings.name")} defaultValue={settings.name} error={result?.fieldErrors?.name} />
        <fieldset>
          <legend>{t("adminSettings.anonymity")}</legend>
          <Field
            name="minGroupSize"
            label={t("adminSettings.minGroupSize")}
            type="number"
            min={3}
            inputMode="numeric"
            defaultValue={settings.minGroupSize}
            hint={t("adminSettings.minGroupSizeHint")}
            error={result?.fieldErrors?.minGroupSize}
          />
          <Field
            name="minCommentGroupSize"
            label={t("adminSettings.minCommentGroupSize")}
            type="number"
            min={3}
            inputMode="numeric"
            defaultValue={settings.minCommentGroupSize}
            hint={t("adminSettings.minCommentGroupSizeHint")}
            error={result?.fieldErrors?.minCommentGroupSize}
          />
          <Field
            name="recentJoinDays"
            label={t("adminSettings.recentJoinDays")}
            type="number"
            min={0}
            max={RECENT_JOIN_DAYS_MAX}
            inputMode="numeric"
            defaultValue={settings.recentJoinDays}
            hint={t("adminSettings.recentJoinDaysHint")}
            error={result?.fieldErrors?.recentJoinDays}
          />
        </fieldset>
        <SelectField
          name="fiscalYearStartMonth"
          label={t("adminSettings.fiscalYearStartMonth")}
          defaultValue={String(settings.fiscalYearStartMonth)}
          options={MONTHS.map((m) => ({ value: String(m), label: t("adminSettings.month", { month: String(m) }) }))}
          error={result?.fieldErrors?.fiscalYearStartMonth}
        />
        <Field name="timezone" label={t("adminSettings.timezone")} defaultValue={settings.timezone} hint={t("adminSettings.timezoneHint")} error={result?.fieldErrors?.timezone} />
        <SelectField
          name="defaultLanguage"
          label={t("adminSettings.defaultLanguage")}
          defaultValue={settings.defaultLanguage}
          options={settings.languages}
          hint={t("adminSettings.defaultLanguageHint")}
          error={result?.fieldErrors?.defaultLanguage}
        />
        <button type="submit" className="button">
          {t("adminSettings.save")}
        </button>
      </Form>
      <section className="card" aria-labelledby="retention-h">
        <h2 id="retention-h">{t("adminSettings.retention")}</h2>
        <p>{t("adminSettings.retentionIntro")}</p>
        <p>
          <Link to="/admin/retention">{t("adminSettings.retention")}</Link>
        </p>
      </section>
    </div>
  );
}
