// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField, SubmissionKey } from "~/components/forms";
import { formText } from "~/utils/form-fields";
import { requireUserWithRole } from "~/auth/guards.server";
import { createTeam, getTeamTree, listManagerChoices } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { teamOptions } from "~/utils/team-options";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Team tree · Candor" }];

const optionalId = z
  .string()
  .uuid()
  .or(z.literal("").transform(() => null));
export const TeamSchema = z.object({
  name: z.string().trim().min(1, "Enter the team's name").max(120, "Use at most 120 characters"),
  parentId: optionalId,
  managerId: optionalId,
  submissionKey: formText,
});

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const [teams, managers] = await Promise.all([getTeamTree(context.app, user), listManagerChoices(context.app, user)]);
  // A new key each time the page is shown: the form sent twice with one key adds one team.
  return { teams, managers, submissionKey: crypto.randomUUID() };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(TeamSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, created: null }, { status: 400 });
  const { submissionKey, ...team } = parsed.data;
  const result = await attempt(() => createTeam(context.app, user, { ...team, submissionKey: submissionKey || undefined }));
  if (!result.ok) return refused(result);
  return { created: parsed.data.name, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function Teams() {
  const { teams, managers, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page">
      <h1>Team tree</h1>
      <p>Teams nest: a manager sees the teams they manage and every team below them. Reps belong to one team at a time.</p>
      <TableWrap label="Teams in tree order">
        <table>
          <caption className="visually-hidden">Teams in tree order</caption>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Manager</th>
              <th scope="col" className="num">
                Members
              </th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.id}>
                <td style={{ paddingInlineStart: `${0.75 + team.depth * 1.5}rem` }}>
                  <Link to={`/admin/teams/${team.id}`}>{team.name}</Link>
                </td>
                <td>{team.managerName ?? <span className="muted">No manager</span>}</td>
                <td className="num">{team.memberCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {teams.length === 0 ? <p className="muted">No teams yet. Create the first one below, or import a roster file.</p> : null}
      <section className="card" aria-labelledby="new-team">
        <h2 id="new-team">New team</h2>
        <FormMessage error={result?.formError} success={result && "created" in result && result.created ? `Team "${result.created}" created.` : undefined} />
        <Form method="post" className="grid-form" noValidate key={submissionKey}>
          <SubmissionKey value={submissionKey} />
          <Field name="name" label="Name" error={result?.fieldErrors?.name} />
          <SelectField name="parentId" label="Inside" options={[{ value: "", label: "Top level" }, ...teamOptions(teams)]} error={result?.fieldErrors?.parentId} />
          <SelectField
            name="managerId"
            label="Manager"
            options={[{ value: "", label: "No manager yet" }, ...managers.map((m) => ({ value: m.id, label: m.name }))]}
            error={result?.fieldErrors?.managerId}
          />
          <div>
            <button type="submit" className="button">
              Create team
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
