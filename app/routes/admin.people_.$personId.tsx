// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { NotFoundError } from "~/domain/errors";
import { ROLE_LABELS, ROLES } from "~/domain/roles";
import { changeRole, changeTeam, deactivatePerson, getPersonDetail, reactivatePerson, resendInvitation } from "~/services/people.server";
import { getTeamTree } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { teamOptions } from "~/utils/team-options";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? "Person"} · Candor` }];

const PersonActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), role: z.enum(ROLES, { error: "Pick a role" }) }),
  z.object({
    intent: z.literal("team"),
    teamId: z
      .string()
      .uuid()
      .or(z.literal("").transform(() => null)),
  }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
  z.object({ intent: z.literal("resend") }),
]);

const DONE: Record<z.infer<typeof PersonActionSchema>["intent"], string> = {
  role: "Role changed.",
  team: "Team changed from today; the earlier team stays in the history.",
  deactivate: "Deactivated. Their sessions have ended and they can no longer sign in.",
  reactivate: "Reactivated.",
  resend: "A new invitation link was sent; earlier links no longer work.",
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const detail = await getPersonDetail(context.app, user, params.personId ?? "");
  if (!detail) throw new NotFoundError("There is no such person in your organisation.");
  const teams = await getTeamTree(context.app, user);
  return { ...detail, teams: teamOptions(teams), isSelf: detail.person.id === user.personId };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const personId = params.personId ?? "";
  if (!(await getPersonDetail(context.app, user, personId))) throw new NotFoundError("There is no such person in your organisation.");
  const parsed = parseForm(PersonActionSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, done: null }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(async () => {
    switch (input.intent) {
      case "role":
        return changeRole(context.app, user, personId, input.role);
      case "team":
        return changeTeam(context.app, user, personId, input.teamId);
      case "deactivate":
        return deactivatePerson(context.app, user, personId);
      case "reactivate":
        return reactivatePerson(context.app, user, personId);
      case "resend":
        return resendInvitation(context.app, user, personId);
    }
  });
  if (!result.ok) return refused(result);
  return { done: DONE[input.intent], formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function PersonPage() {
  const { person, memberships, teams, isSelf } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (person.erased) {
    return (
      <div className="page page--narrow">
        <p>
          <Link to="/admin/people">← People</Link>
        </p>
        <h1>{person.name}</h1>
        <p>
          This person was erased: Candor holds nothing that names them. Their team history stays, without their name, so that results and CRM deals keep counting for the right
          team.
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/people">← People</Link>
      </p>
      <h1>{person.name}</h1>
      <p className="muted">
        {person.email} · {!person.active ? "Deactivated" : person.hasPassword ? "Active" : "Invited, no password yet"}
      </p>
      <FormMessage error={result?.formError} success={result && "done" in result && result.done ? result.done : undefined} />
      <section className="card" aria-labelledby="role-h">
        <h2 id="role-h">Role</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="role" />
          <SelectField name="role" label="Role" defaultValue={person.role} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} error={result?.fieldErrors?.role} />
          <button type="submit" className="button button--secondary">
            Save role
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="team-h">
        <h2 id="team-h">Team</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="team" />
          <SelectField name="teamId" label="Team" defaultValue={person.teamId ?? ""} options={[{ value: "", label: "No team" }, ...teams]} error={result?.fieldErrors?.teamId} />
          <button type="submit" className="button button--secondary">
            Move
          </button>
        </Form>
        {memberships.length > 0 ? (
          <>
            <h3>History</h3>
            <ul>
              {memberships.map((m) => (
                <li key={`${m.teamId}-${m.validFrom}`}>
                  {m.teamName}: from {m.validFrom}
                  {m.validTo ? ` to ${m.validTo}` : " (current)"}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {!isSelf ? (
        <section className="card" aria-labelledby="access-h">
          <h2 id="access-h">Access</h2>
          {person.active && !person.hasPassword ? (
            <Form method="post">
              <input type="hidden" name="intent" value="resend" />
              <button type="submit" className="button button--secondary">
                Send a new invitation
              </button>
            </Form>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value={person.active ? "deactivate" : "reactivate"} />
            <p>{person.active ? "Deactivating ends their sessions at once. Their past survey answers stay anonymous and counted." : "Reactivating lets them sign in again."}</p>
            <button type="submit" className={person.active ? "button button--danger" : "button"}>
              {person.active ? "Deactivate" : "Reactivate"}
            </button>
          </Form>
        </section>
      ) : null}
      {!isSelf ? (
        <section className="card" aria-labelledby="erase-h">
          <h2 id="erase-h">Erase</h2>
          <p>
            When someone leaves and asks to be forgotten: removes their name, email, sign-in and every record of which pulses asked them. Results stay the same. You see exactly
            what goes before anything is removed.
          </p>
          <p>
            <Link to={`/admin/people/${person.id}/erase`}>Erase {person.name}…</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
