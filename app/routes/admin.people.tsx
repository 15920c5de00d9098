import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { ROLE_LABELS, ROLES } from "~/domain/roles";
import { invitePerson, searchPeople } from "~/services/people.server";
import { getTeamTree } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { teamOptions } from "~/utils/team-options";
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
});

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const search = new URL(request.url).searchParams.get("q") ?? "";
  const [people, teams] = await Promise.all([searchPeople(context.app, user, search), getTeamTree(context.app, user)]);
  return { search, people, teams: teamOptions(teams) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(InviteSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, invited: null }, { status: 400 });
  const result = await attempt(() => invitePerson(context.app, user, parsed.data));
  if (!result.ok) return refused(result);
  return { invited: parsed.data.email, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function People() {
  const { search, people, teams } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
          success={result && "invited" in result && result.invited ? `Invitation sent to ${result.invited}. The link works once and expires in 7 days.` : undefined}
        />
        <Form method="post" className="grid-form" noValidate>
          <Field name="email" label="Email" type="email" inputMode="email" error={result?.fieldErrors?.email} />
          <Field name="name" label="Name" error={result?.fieldErrors?.name} />
          <SelectField name="role" label="Role" defaultValue="rep" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} error={result?.fieldErrors?.role} />
          <SelectField name="teamId" label="Team" options={[{ value: "", label: "No team" }, ...teams]} error={result?.fieldErrors?.teamId} hint="Reps need a team." />
          <div>
            <button type="submit" className="button">
              Send invitation
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
