import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { NotFoundError } from "~/domain/errors";
import { getTeamTree, listManagerChoices, moveTeam, renameTeam, setTeamManager } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { teamOptions } from "~/utils/team-options";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? [{ title: `${data.team.name} · Candor` }] : titleFrom(matches, "adminTeams.team", "Team"));

const optionalId = z
  .string()
  .uuid()
  .or(z.literal("").transform(() => null));
const TeamActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), name: z.string().trim().min(1, said("adminTeams.enterName")).max(120, said("adminTeams.nameLong")) }),
  z.object({ intent: z.literal("move"), parentId: optionalId }),
  z.object({ intent: z.literal("manager"), managerId: optionalId }),
]);

async function load(args: LoaderFunctionArgs) {
  const user = await requireUserWithRole(args.context, args.request, "admin");
  const teams = await getTeamTree(args.context.app, user);
  const team = teams.find((t) => t.id === args.params.teamId);
  if (!team) throw new NotFoundError(said("adminTeams.notFound"));
  return { user, teams, team };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, teams, team } = await load(args);
  const managers = await listManagerChoices(args.context.app, user);
  return { team, teams: teamOptions(teams.filter((t) => t.id !== team.id)), managers };
}

export async function action(args: ActionFunctionArgs) {
  const { user, team } = await load(args);
  const parsed = parseForm(TeamActionSchema, await readForm(args.request));
  if (!parsed.success) return data({ ...parsed.errors, done: null }, { status: 400 });
  const input = parsed.data;
  const app = args.context.app;
  const result = await attempt(async () => {
    if (input.intent === "rename") await renameTeam(app, user, team.id, input.name);
    else if (input.intent === "move") await moveTeam(app, user, team.id, input.parentId);
    else await setTeamManager(app, user, team.id, input.managerId);
  });
  if (!result.ok) return refused(result);
  return { done: said("adminTeams.saved"), formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function TeamSettings() {
  const { team, teams, managers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/teams">← {t("adminTeams.title")}</Link>
      </p>
      <h1>{team.name}</h1>
      <FormMessage error={result?.formError} success={result && "done" in result && result.done ? result.done : undefined} />
      <section className="card" aria-labelledby="rename-h">
        <h2 id="rename-h">{t("adminTeams.name")}</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="rename" />
          <Field name="name" label={t("adminTeams.teamName")} defaultValue={team.name} error={result?.fieldErrors?.name} />
          <button type="submit" className="button button--secondary">
            {t("adminTeams.rename")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="move-h">
        <h2 id="move-h">{t("adminTeams.place")}</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="move" />
          <SelectField
            name="parentId"
            label={t("adminTeams.inside")}
            defaultValue={team.parentId ?? ""}
            options={[{ value: "", label: t("adminTeams.topLevel") }, ...teams]}
            error={result?.fieldErrors?.parentId}
          />
          <button type="submit" className="button button--secondary">
            {t("adminTeams.move")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="manager-h">
        <h2 id="manager-h">{t("adminTeams.manager")}</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="manager" />
          <SelectField
            name="managerId"
            label={t("adminTeams.manager")}
            defaultValue={team.managerId ?? ""}
            options={[{ value: "", label: t("adminTeams.noManager") }, ...managers.map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }))]}
            error={result?.fieldErrors?.managerId}
          />
          <button type="submit" className="button button--secondary">
            {t("adminTeams.setManager")}
          </button>
        </Form>
      </section>
    </div>
  );
}
