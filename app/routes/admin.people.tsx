import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField, SubmissionKey } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { ROLES } from "~/domain/roles";
import { ROLE_KEYS } from "~/components/app-shell";
import { invitePerson, searchPeople } from "~/services/people.server";
import { getTeamTree } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { teamOptions } from "~/utils/team-options";
import { formText } from "~/utils/form-fields";
import { TableWrap } from "~/components/table-wrap";
import type { ReactNode } from "react";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminPeople.title", "People");

export const InviteSchema = z.object({
  email: z.email(said("adminPeople.emailExample")).max(320),
  name: z.string().trim().min(1, said("adminPeople.nameEmpty")).max(200, said("adminPeople.nameLong")),
  role: z.enum(ROLES, { error: said("adminPeople.pickRole") }),
  teamId: z
    .string()
    .uuid(said("adminPeople.pickTeam"))
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
  const { t, rich } = useI18n();
  const roles = ROLES.map((r) => ({ value: r, label: t(ROLE_KEYS[r]) }));
  return (
    <div className="page">
      <h1>{t("adminPeople.title")}</h1>
      <p>
        {rich<ReactNode>("adminPeople.rosterLink", {
          link: (chunks) => (
            <Link key="roster" to="/admin/roster">
              {chunks}
            </Link>
          ),
        })}
      </p>
      <section className="card" aria-labelledby="invite">
        <h2 id="invite">{t("adminPeople.invite")}</h2>
        <FormMessage
          error={result?.formError}
          success={result?.invited ? (result.repeated ? t("adminPeople.repeated", { email: result.invited }) : t("adminPeople.invited", { email: result.invited })) : undefined}
        />
        {/* A new key after each invitation remounts the form empty, so a second click cannot invite twice. */}
        <Form method="post" className="grid-form" noValidate key={submissionKey}>
          <SubmissionKey value={submissionKey} />
          <Field name="email" label={t("adminPeople.email")} type="email" inputMode="email" error={result?.fieldErrors?.email} defaultValue={values?.email} />
          <Field name="name" label={t("adminPeople.name")} error={result?.fieldErrors?.name} defaultValue={values?.name} />
          <SelectField name="role" label={t("adminPeople.role")} defaultValue={values?.role || "rep"} options={roles} error={result?.fieldErrors?.role} />
          <SelectField
            name="teamId"
            label={t("adminPeople.team")}
            defaultValue={values?.teamId}
            options={[{ value: "", label: t("adminPeople.noTeamOption") }, ...teams]}
            error={result?.fieldErrors?.teamId}
            hint={t("adminPeople.teamHint")}
          />
          <div>
            <button type="submit" className="button" disabled={sending}>
              {sending ? t("adminPeople.sending") : t("adminPeople.send")}
            </button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="everyone">
        <h2 id="everyone">{t("adminPeople.everyone")}</h2>
        <Form method="get" role="search" className="inline-form">
          <Field name="q" label={t("adminPeople.searchLabel")} type="search" defaultValue={search} inputMode="search" />
          <button type="submit" className="button button--secondary">
            {t("adminPeople.search")}
          </button>
        </Form>
        <TableWrap label={search ? t("adminPeople.matching", { search }) : t("adminPeople.title")}>
          <table>
            <caption className="visually-hidden">{search ? t("adminPeople.matching", { search }) : t("adminPeople.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("adminPeople.name")}</th>
                <th scope="col">{t("adminPeople.email")}</th>
                <th scope="col">{t("adminPeople.role")}</th>
                <th scope="col">{t("adminPeople.team")}</th>
                <th scope="col">{t("adminPeople.status")}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.id}>
                  <td>
                    <Link to={`/admin/people/${person.id}`}>{person.name}</Link>
                  </td>
                  <td>{person.email}</td>
                  <td>{t(ROLE_KEYS[person.role])}</td>
                  <td>{person.teamName ?? "—"}</td>
                  <td>{!person.active ? t("adminPeople.deactivated") : person.hasPassword ? t("adminPeople.active") : t("adminPeople.invitedStatus")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {people.length === 0 ? <p className="muted">{t("adminPeople.noMatch")}</p> : null}
      </section>
    </div>
  );
}
