import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormMessage, Notice } from "~/components/forms";
import { RatingItem } from "~/components/pulse-form";
import { requireUser } from "~/auth/guards.server";
import { answerField } from "~/domain/answers";
import { formatsFor } from "~/domain/format";
import { requestLocale } from "~/services/locale.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";
import { getSelfAssessmentForm, submitSelfAssessment } from "~/services/self-assessment.server";
import { parseForm, readForm } from "~/http/forms.server";
import { z } from "zod";
import { attempt, refused } from "~/http/errors.server";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "selfAssessment.title", "Your self-assessment");

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return getSelfAssessmentForm(context.app, user, params.waveId ?? "", params.teamId ?? "", await requestLocale(context, request));
}

const AnswersSchema = z.record(z.string(), z.string().max(10_000, said("selfAssessment.tooLong")));

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  // The answers' fields are the wave's items (which ones, and their values, are the service's rules).
  const parsed = parseForm(AnswersSchema, await readForm(request));
  if (!parsed.success) return refused({ status: 400, formError: parsed.errors.formError ?? said("selfAssessment.unreadable"), fieldErrors: parsed.errors.fieldErrors });
  const result = await attempt(() => submitSelfAssessment(context.app, user, params.waveId ?? "", params.teamId ?? "", parsed.data));
  if (!result.ok) return refused(result);
  throw redirect(`${new URL(request.url).pathname}?saved=1`, { status: 303 });
}

export default function SelfAssessment() {
  const form = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { formError?: string; fieldErrors?: Record<string, string> } | undefined;
  const [search] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const closesOn = formatsFor(locale).lastDay(form.closesAt);
  return (
    <div className="page page--narrow">
      <h1>{t("selfAssessment.heading", { team: form.teamName })}</h1>
      <p>{t("selfAssessment.intro")}</p>
      {search.get("saved") ? <FormMessage success={t("selfAssessment.saved", { date: closesOn })} /> : null}
      <FormMessage error={result?.formError} />
      {!form.open ? (
        <>
          <Notice>{t("selfAssessment.closedNotice")}</Notice>
          <p>
            <Link to={`/teams/${form.teamId}/gap`}>{t("selfAssessment.seeGap")}</Link>
          </p>
        </>
      ) : (
        <Form method="post" className="pulse" noValidate>
          <p>{t("selfAssessment.optional")}</p>
          {form.items.map((item) => (
            <RatingItem
              key={item.code}
              code={item.code}
              text={item.text}
              scale="agree7"
              anchors={form.anchors}
              lang={item.lang}
              fallback={item.fallback}
              value={form.answers?.[item.code] ?? ""}
              error={result?.fieldErrors?.[answerField(item.code)]}
            />
          ))}
          <button type="submit" className="button button--wide" disabled={busy}>
            {busy ? t("selfAssessment.saving") : form.submittedAt ? t("selfAssessment.saveChanges") : t("selfAssessment.save")}
          </button>
        </Form>
      )}
    </div>
  );
}
