import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { PlayForm, PlayFormSchema } from "~/components/play-form";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { createPlay } from "~/services/playbook.server";
import { formText } from "~/utils/form-fields";
import { requestLocale } from "~/services/locale.server";
import { playDimensionsIn } from "~/services/playbook-language.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "play.new.title", "New play");

export async function loader({ context, request }: LoaderFunctionArgs) {
  await requireUserWithRole(context, request, "enablement", "admin");
  // A new key each time the page is shown: the form sent twice with one key adds one play.
  return { submissionKey: crypto.randomUUID(), dimensions: playDimensionsIn(await requestLocale(context, request)) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const parsed = parseForm(PlayFormSchema.extend({ submissionKey: formText }), await readForm(request));
  if (!parsed.success) return data({ formError: parsed.errors.formError, fieldErrors: parsed.errors.fieldErrors, values: null }, { status: 400 });
  const { submissionKey, ...values } = parsed.data;
  const result = await attempt(() => createPlay(context.app, user, values, submissionKey || undefined));
  if (!result.ok) return data({ formError: result.formError, fieldErrors: result.fieldErrors, values }, { status: result.status });
  return redirect(`/playbook/${result.value.id}?saved=1`);
}

export default function NewPlay() {
  const { submissionKey, dimensions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page page--narrow">
      <p className="no-print">
        <Link to="/playbook">← {t("play.list.title")}</Link>
      </p>
      <h1>{t("play.new.title")}</h1>
      <p>{t("play.new.intro")}</p>
      <PlayForm
        values={result?.values ?? {}}
        formError={result?.formError}
        fieldErrors={result?.fieldErrors ?? {}}
        submitLabel={t("play.new.add")}
        submissionKey={submissionKey}
        dimensions={dimensions}
      />
    </div>
  );
}
