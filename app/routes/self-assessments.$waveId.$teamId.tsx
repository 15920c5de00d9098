// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormMessage, Notice } from "~/components/forms";
import { RatingItem } from "~/components/pulse-form";
import { requireUser } from "~/auth/guards.server";
import { answerField } from "~/domain/answers";
import { formatLastDay } from "~/domain/format";
import { getSelfAssessmentForm, submitSelfAssessment } from "~/services/self-assessment.server";
import { parseForm, readForm } from "~/http/forms.server";
import { z } from "zod";
import { attempt, refused } from "~/http/errors.server";

export const meta: MetaFunction = () => [{ title: "Your self-assessment · Candor" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return getSelfAssessmentForm(context.app, user, params.waveId ?? "", params.teamId ?? "");
}

const AnswersSchema = z.record(z.string(), z.string().max(10_000, "This answer is too long."));

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  // The answers' fields are the wave's items (which ones, and their values, are the service's rules).
  const parsed = parseForm(AnswersSchema, await readForm(request));
  if (!parsed.success) return refused({ status: 400, formError: parsed.errors.formError ?? "Some answers could not be read.", fieldErrors: parsed.errors.fieldErrors });
  const result = await attempt(() => submitSelfAssessment(context.app, user, params.waveId ?? "", params.teamId ?? "", parsed.data));
  if (!result.ok) return refused(result);
  throw redirect(`${new URL(request.url).pathname}?saved=1`, { status: 303 });
}

export default function SelfAssessment() {
  const form = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { formError?: string; fieldErrors?: Record<string, string> } | undefined;
  const [search] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const closesOn = formatLastDay(form.closesAt);
  return (
    <div className="page page--narrow">
      <h1>Your view of {form.teamName}</h1>
      <p>
        Your team is answering the same questions about itself. Answer them as you see the team: once the pulse closes, you will see where your view and the team&apos;s differ.
        Your answers here carry your name and are seen by you, sales enablement and the admins; your team&apos;s answers stay anonymous.
      </p>
      {search.get("saved") ? <FormMessage success={`Saved. You can change your answers until ${closesOn}.`} /> : null}
      <FormMessage error={result?.formError} />
      {!form.open ? (
        <>
          <Notice>This wave has closed; the self-assessment can no longer be changed.</Notice>
          <p>
            <Link to={`/teams/${form.teamId}/gap`}>See how your view compares with the team&apos;s</Link>
          </p>
        </>
      ) : (
        <Form method="post" className="pulse" noValidate>
          <p>Every question is optional: a question you leave unanswered is skipped.</p>
          {form.items.map((item) => (
            <RatingItem
              key={item.code}
              code={item.code}
              text={item.text}
              scale="agree7"
              value={form.answers?.[item.code] ?? ""}
              error={result?.fieldErrors?.[answerField(item.code)]}
            />
          ))}
          <button type="submit" className="button button--wide" disabled={busy}>
            {busy ? "Saving…" : form.submittedAt ? "Save my changes" : "Save my self-assessment"}
          </button>
        </Form>
      )}
    </div>
  );
}
