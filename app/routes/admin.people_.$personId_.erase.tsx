// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CountedList, type CountedLine } from "~/components/counted-list";
import { Field, FormMessage } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { formatDate } from "~/domain/format";
import { ROLE_LABELS } from "~/domain/roles";
import { erasePerson, previewErasure, type ErasureCounts, type ErasureKept } from "~/services/erasure.server";
import { attempt, refused } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Erase ${data?.person.name ?? "a person"} · Candor` }];

const EraseSchema = z.object({ confirmation: z.string({ error: "Type their email address to confirm" }).max(320, "That is not their email address") });

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const preview = await previewErasure(context.app, user, params.personId ?? "");
  return { ...preview, erasedOn: preview.erasedAt ? preview.erasedAt.toISOString().slice(0, 10) : null };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const personId = params.personId ?? "";
  // Not found (another organisation's person) and forbidden come before the form is read.
  await previewErasure(context.app, user, personId);
  const parsed = parseForm(EraseSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, removed: null }, { status: 400 });
  const result = await attempt(() => erasePerson(context.app, user, personId, parsed.data));
  if (!result.ok) return refused(result);
  return { removed: result.value.removed, formError: undefined, fieldErrors: {} as Record<string, string> };
}

/** What erasure removes, line by line, in the order the page explains them. */
function removedLines(c: ErasureCounts): CountedLine[] {
  return [
    { count: c.sessions, noun: ["session", "sessions"], detail: "signed-in browsers and devices, ended at once" },
    { count: c.ssoAccounts, noun: ["company sign-in tie", "company sign-in ties"], detail: "which account at the identity provider signs them in" },
    { count: c.accountLinks, noun: ["invitation or password link", "invitation or password links"], detail: "links from emails that would let someone set their password" },
    { count: c.apiTokens, noun: ["API token", "API tokens"], detail: "tokens they created; tools that use them stop working" },
    { count: c.pulseLinks, noun: ["personal pulse link", "personal pulse links"], detail: "links from pulse invitations and reminders" },
    {
      count: c.participations,
      noun: ["pulse record", "pulse records"],
      detail: "which pulses asked them and whether they took part; each pulse keeps only its totals, which name nobody",
    },
    { count: c.openBallotRecords, noun: ["ballot record", "ballot records"], detail: "the record that they have answered a pulse that is still open" },
    { count: c.crmDeals, noun: ["CRM deal owner", "CRM deal owners"], detail: "deals whose owner field holds their name or address; the deals keep counting for the same team" },
    { count: c.crmOwnerMappings, noun: ["CRM owner match", "CRM owner matches"], detail: "matches from a CRM owner to them" },
    { count: c.actionPlanOwners, noun: ["action plan owner", "action plan owners"], detail: "plans whose owner field is their name or address; it becomes “Erased person”" },
    { count: c.signInFailures, noun: ["failed sign-in record", "failed sign-in records"], detail: "recent failed sign-ins with their address" },
    { count: c.formSubmissions, noun: ["form record", "form records"], detail: "records of forms they sent, kept so that a form sent twice saves once" },
    { count: c.emailRecords, noun: ["email record", "email records"], detail: "which pulse invitations and reminders were sent to them, and whether they arrived" },
    { count: c.chatSettings, noun: ["chat setting", "chat settings"], detail: "their choice of Slack or email, and which Slack account their email matched" },
    {
      count: c.auditDetails,
      noun: ["name in the audit log", "names in the audit log"],
      detail: "their name and address beside audit log entries; the entries stay, naming them by id only",
    },
  ];
}

function keptLines(k: ErasureKept): CountedLine[] {
  return [
    {
      count: k.memberships,
      noun: ["team membership", "team memberships"],
      detail: "which team they were in and when, so that results and CRM deals keep counting for the right team",
    },
    { count: k.teamsManaged, noun: ["team they manage", "teams they manage"], detail: "pick a new manager on the team's page" },
    { count: k.selfAssessments, noun: ["self-assessment", "self-assessments"], detail: "their answers as the team's manager, so that the team's self-vs-team gaps stay" },
    { count: k.actionPlansWritten, noun: ["action plan they wrote", "action plans they wrote"], detail: "shown as written by “Erased person”" },
    { count: k.trainings, noun: ["training", "trainings"], detail: "which trainings they attended, so that training impact stays" },
  ];
}

export default function ErasePerson() {
  const preview = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { person } = preview;
  const back = (
    <p>
      <Link to={`/admin/people/${person.id}`}>← Back to the person</Link>
    </p>
  );
  if (result?.removed) {
    return (
      <div className="page page--narrow">
        <h1>Erased</h1>
        <FormMessage success="The person was erased. Their row is now “Erased person” and can never sign in." />
        <h2>What was removed</h2>
        <CountedList label="What was removed" lines={removedLines(result.removed)} />
        <p>
          <Link to="/admin/people">← People</Link>
        </p>
      </div>
    );
  }
  if (preview.erasedOn) {
    return (
      <div className="page page--narrow">
        <h1>{person.name}</h1>
        <p>This person was erased on {formatDate(preview.erasedOn)}. Nothing that named them is left to remove.</p>
        <p>
          <Link to="/admin/people">← People</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow break-anywhere">
      {back}
      <h1>Erase {person.name}</h1>
      <p>
        {person.email} · {ROLE_LABELS[person.role]} · {person.active ? "active" : "deactivated"}
      </p>
      <p>
        Erasing removes everything in Candor that names {person.name} or lets anyone reach them. <strong>It cannot be undone.</strong> Their anonymous survey answers stay: Candor
        never stored them with their name. Every result stays exactly as it is.
      </p>
      <h2>What is removed</h2>
      <p>Their name, email address and password: the account becomes “Erased person” and can never sign in again. And:</p>
      <CountedList label="What is removed" lines={removedLines(preview.removes)} />
      {preview.apiTokenNames.length > 0 ? <p>API tokens that stop working: {preview.apiTokenNames.join(", ")}.</p> : null}
      <h2>What stays, without their name</h2>
      <CountedList label="What stays" lines={keptLines(preview.keeps)} />
      <p>
        Candor cannot reach copies outside its database: emails already sent to them, the mail folder used when no mail server is set, server logs and database backups. Ask whoever
        runs them.
      </p>
      {preview.isSelf ? (
        <div className="notice notice--warning">You cannot erase your own account; ask another admin.</div>
      ) : (
        <section className="card" aria-labelledby="confirm-h">
          <h2 id="confirm-h">Confirm</h2>
          <FormMessage error={result?.formError} />
          <Form method="post" className="stack" noValidate>
            <Field
              name="confirmation"
              label={`Type their email address, ${person.email}, to confirm`}
              autoComplete="off"
              inputMode="email"
              error={result?.fieldErrors?.confirmation}
            />
            <button type="submit" className="button button--danger">
              Erase {person.name}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}
