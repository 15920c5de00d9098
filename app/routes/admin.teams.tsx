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
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";
import { formatsFor } from "~/domain/format";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminTeams.title", "Team tree");

const optionalId = z
  .string()
  .uuid()
  .or(z.literal("").transform(() => null));
export const TeamSchema = z.object({
  name: z.string().trim().min(1, said("adminTeams.nameEmpty")).max(120, said("adminTeams.nameLong")),
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
  const { t, locale } = useI18n();
  const count = formatsFor(locale).count;
  return (
    <div className="page">
      <h1>{t("adminTeams.title")}</h1>
      <p>{t("adminTeams.intro")}</p>
      <TableWrap label={t("adminTeams.tableLabel")}>
        <table>
          <caption className="visually-hidden">{t("adminTeams.tableLabel")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("adminTeams.team")}</th>
              <th scope="col">{t("adminTeams.manager")}</th>
              <th scope="col" className="num">
                {t("adminTeams.members")}
              </th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.id}>
                <td style={{ paddingInlineStart: `${0.75 + team.depth * 1.5}rem` }}>
                  <Link to={`/admin/teams/${team.id}`}>{team.name}</Link>
                </td>
                <td>{team.managerName ?? <span className="muted">{t("adminTeams.noManager")}</span>}</td>
                <td className="num">{count(team.memberCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {teams.length === 0 ? <p className="muted">{t("adminTeams.empty")}</p> : null}
      <section className="card" aria-labelledby="new-team">
        <h2 id="new-team">{t("adminTeams.newTeam")}</h2>
        <FormMessage error={result?.formError} success={result && "created" in result && result.created ? t("adminTeams.created", { name: result.created }) : undefined} />
        <Form method="post" className="grid-form" noValidate key={submissionKey}>
          <SubmissionKey value={submissionKey} />
          <Field name="name" label={t("adminTeams.name")} error={result?.fieldErrors?.name} />
          <SelectField
            name="parentId"
            label={t("adminTeams.inside")}
            options={[{ value: "", label: t("adminTeams.topLevel") }, ...teamOptions(teams)]}
            error={result?.fieldErrors?.parentId}
          />
          <SelectField
            name="managerId"
            label={t("adminTeams.manager")}
            options={[{ value: "", label: t("adminTeams.noManagerYet") }, ...managers.map((m) => ({ value: m.id, label: m.name }))]}
            error={result?.fieldErrors?.managerId}
          />
          <div>
            <button type="submit" className="button">
              {t("adminTeams.create")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
