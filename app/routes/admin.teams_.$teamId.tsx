// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? "Team"} · Candor` }];

const optionalId = z
  .string()
  .uuid()
  .or(z.literal("").transform(() => null));
const TeamActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), name: z.string().trim().min(1, "Enter a name").max(120, "Use at most 120 characters") }),
  z.object({ intent: z.literal("move"), parentId: optionalId }),
  z.object({ intent: z.literal("manager"), managerId: optionalId }),
]);

async function load(args: LoaderFunctionArgs) {
  const user = await requireUserWithRole(args.context, args.request, "admin");
  const teams = await getTeamTree(args.context.app, user);
  const team = teams.find((t) => t.id === args.params.teamId);
  if (!team) throw new NotFoundError("There is no such team in your organisation.");
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
  return { done: "Saved.", formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function TeamSettings() {
  const { team, teams, managers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/teams">← Team tree</Link>
      </p>
      <h1>{team.name}</h1>
      <FormMessage error={result?.formError} success={result && "done" in result && result.done ? result.done : undefined} />
      <section className="card" aria-labelledby="rename-h">
        <h2 id="rename-h">Name</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="rename" />
          <Field name="name" label="Team name" defaultValue={team.name} error={result?.fieldErrors?.name} />
          <button type="submit" className="button button--secondary">
            Rename
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="move-h">
        <h2 id="move-h">Place in the tree</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="move" />
          <SelectField
            name="parentId"
            label="Inside"
            defaultValue={team.parentId ?? ""}
            options={[{ value: "", label: "Top level" }, ...teams]}
            error={result?.fieldErrors?.parentId}
          />
          <button type="submit" className="button button--secondary">
            Move
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="manager-h">
        <h2 id="manager-h">Manager</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="manager" />
          <SelectField
            name="managerId"
            label="Manager"
            defaultValue={team.managerId ?? ""}
            options={[{ value: "", label: "No manager" }, ...managers.map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }))]}
            error={result?.fieldErrors?.managerId}
          />
          <button type="submit" className="button button--secondary">
            Set manager
          </button>
        </Form>
      </section>
    </div>
  );
}
