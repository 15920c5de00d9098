// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { getVisibleTeams } from "~/services/teams.server";

export const meta: MetaFunction = () => [{ title: "Teams · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "manager", "enablement", "admin");
  const teams = await getVisibleTeams(context.app, user);
  return { teams: teams.map((t) => ({ id: t.id, name: t.name, depth: t.depth, managerName: t.managerName, memberCount: t.memberCount })) };
}

export default function TeamsIndex() {
  const { teams } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Teams</h1>
      {teams.length === 0 ? (
        <p className="muted">You do not manage any team yet. An admin sets team managers in the team tree.</p>
      ) : (
        <ul className="tree-list">
          {teams.map((team) => (
            <li key={team.id} style={{ paddingInlineStart: `${team.depth * 1.25}rem` }}>
              <Link to={`/teams/${team.id}`}>{team.name}</Link>{" "}
              <span className="muted">
                · {team.managerName ?? "no manager"} · {team.memberCount} member{team.memberCount === 1 ? "" : "s"}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
