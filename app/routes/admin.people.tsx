// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField, SubmissionKey } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { ROLE_LABELS, ROLES } from "~/domain/roles";
import { invitePerson, searchPeople } from "~/services/people.server";
import { getTeamTree } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { teamOptions } from "~/utils/team-options";
import { formText } from "~/utils/form-fields";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "People · Candor" }];

export const InviteSchema = z.object({
  email: z.email("Enter an email address such as ann@example.com").max(320),
  name: z.string().trim().min(1, "Enter their name").max(200, "Use at most 200 characters"),
  role: z.enum(ROLES, { error: "Pick a role" }),
  teamId: z
    .string()
    .uuid("Pick a team")
    .or(z.literal("").transform(() => null)),
  submissionKey: formText,
});

/** What the invitation form shows again after a refusal (without JavaScript the page is drawn anew). */
function inviteValues(form: FormData) {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, 320) : "";
  };
  return { email: text("email"), name: text("name"), role: text("role"), teamId: text("teamId") };
}

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const search = new URL(request.url).searchParams.get("q") ?? "";
  const [people, teams] = await Promise.all([searchPeople(context.app, user, search), getTeamTree(context.app, user)]);
  // A new key each time the page is shown: the invitation form sent twice with one key invites once.
  return { search, people, teams: teamOptions(teams), submissionKey: crypto.randomUUID() };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const form = await readForm(request);
  const values = inviteValues(form);
  const parsed = parseForm(InviteSchema, form);
  if (!parsed.success) return data({ ...parsed.errors, invited: null, repeated: false, values }, { status: 400 });
  const { submissionKey, ...input } = parsed.data;
  const result = await attempt(() => invitePerson(context.app, user, { ...input, submissionKey: submissionKey || undefined }));
  if (!result.ok) return refused(result, { invited: null, repeated: false, values });
  return { invited: parsed.data.email, repeated: result.value.link === null, values: null, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function People() {
  const { search, people, teams, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const sending = useNavigation().formData?.has("submissionKey") ?? false;
  const values = result?.values ?? undefined;
  return (
    <div className="page">
      <h1>People</h1>
      <p>
        <Link to="/admin/roster">Import a roster file</Link> to add or update many people at once.
      </p>
      <section className="card" aria-labelledby="invite">
        <h2 id="invite">Invite someone</h2>
        <FormMessage
          error={result?.formError}
          success={
            result?.invited
              ? result.repeated
                ? `This form was already sent: ${result.invited} was invited then, and no second email went out.`
                : `Invitation sent to ${result.invited}. The link works once and expires in 7 days.`
              : undefined
          }
        />
        {/* A new key after each invitation remounts the form empty, so a second click cannot invite twice. */}
        <Form method="post" className="grid-form" noValidate key={submissionKey}>
          <SubmissionKey value={submissionKey} />
          <Field name="email" label="Email" type="email" inputMode="email" error={result?.fieldErrors?.email} defaultValue={values?.email} />
          <Field name="name" label="Name" error={result?.fieldErrors?.name} defaultValue={values?.name} />
          <SelectField
            name="role"
            label="Role"
            defaultValue={values?.role || "rep"}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            error={result?.fieldErrors?.role}
          />
          <SelectField
            name="teamId"
            label="Team"
            defaultValue={values?.teamId}
            options={[{ value: "", label: "No team" }, ...teams]}
            error={result?.fieldErrors?.teamId}
            hint="Reps need a team."
          />
          <div>
            <button type="submit" className="button" disabled={sending}>
              {sending ? "Sending…" : "Send invitation"}
            </button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="everyone">
        <h2 id="everyone">Everyone</h2>
        <Form method="get" role="search" className="inline-form">
          <Field name="q" label="Search by name or email" type="search" defaultValue={search} inputMode="search" />
          <button type="submit" className="button button--secondary">
            Search
          </button>
        </Form>
        <TableWrap label={`People${search ? ` matching "${search}"` : ""}`}>
          <table>
            <caption className="visually-hidden">People{search ? ` matching "${search}"` : ""}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Team</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.id}>
                  <td>
                    <Link to={`/admin/people/${person.id}`}>{person.name}</Link>
                  </td>
                  <td>{person.email}</td>
                  <td>{ROLE_LABELS[person.role]}</td>
                  <td>{person.teamName ?? "—"}</td>
                  <td>{!person.active ? "Deactivated" : person.hasPassword ? "Active" : "Invited"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {people.length === 0 ? <p className="muted">Nobody matches that search.</p> : null}
      </section>
    </div>
  );
}
