import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ROLE_LABELS, type Role } from "~/domain/roles";
import { getTeamOverview } from "~/services/teams.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? "Team"} · Candor` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  // getTeamOverview runs requireTeamAccess: managers reach only their subtree.
  return getTeamOverview(context.app, user, params.teamId ?? "");
}

export default function TeamPage() {
  const { team, subTeams, members } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p>
        <Link to="/teams">← Teams</Link>
      </p>
      <h1>{team.name}</h1>
      <p className="muted">
        {team.managerName ? `Managed by ${team.managerName}` : "No manager"}
        {team.parentName ? ` · inside ${team.parentName}` : ""}
      </p>
      <p>
        <Link to={`/teams/${team.id}/gap`}>Self vs team: the manager&apos;s view against the team&apos;s</Link>
      </p>
      {subTeams.length > 0 ? (
        <section className="card" aria-labelledby="subteams">
          <h2 id="subteams">Teams inside {team.name}</h2>
          <ul>
            {subTeams.map((t) => (
              <li key={t.id}>
                <Link to={`/teams/${t.id}`}>{t.name}</Link> <span className="muted">· {t.memberCount} members</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="members">
        <h2 id="members">Members ({members.length})</h2>
        {members.length === 0 ? (
          <p className="muted">Nobody is in this team yet.</p>
        ) : (
          <ul>
            {members.map((m) => (
              <li key={m.id}>
                {m.name} <span className="muted">· {ROLE_LABELS[m.role as Role]}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
