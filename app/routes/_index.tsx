import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/auth/guards.server";
import { ROLE_LABELS } from "~/domain/roles";
import { getHome } from "~/services/home.server";

export const meta: MetaFunction = () => [{ title: "Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  return { home: user ? await getHome(context.app, user) : null };
}

export default function Home() {
  const { home } = useLoaderData<typeof loader>();
  if (!home) {
    return (
      <div className="page page--narrow">
        <h1>Candor</h1>
        <p>
          Culture and coaching for sales teams. Reps answer short anonymous pulses, managers see how their view of the
          team compares with the team&apos;s own, and results are linked to pipeline and win rate.
        </p>
        <p>
          <Link className="button" to="/login">
            Sign in
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>Hello, {home.name.split(" ")[0]}</h1>
      <p className="muted">
        {ROLE_LABELS[home.role]} at {home.organisationName}
      </p>
      {home.teams.length > 0 ? (
        <section className="card" aria-labelledby="your-teams">
          <h2 id="your-teams">{home.role === "manager" ? "Your teams" : "Teams"}</h2>
          <ul className="tree-list">
            {home.teams.map((team) => (
              <li key={team.id} style={{ paddingInlineStart: `${team.depth * 1.25}rem` }}>
                <Link to={`/teams/${team.id}`}>{team.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {home.role === "admin" ? (
        <section className="card" aria-labelledby="admin-tasks">
          <h2 id="admin-tasks">Administration</h2>
          <ul>
            <li>
              <Link to="/admin/people">Invite and manage people</Link>
            </li>
            <li>
              <Link to="/admin/roster">Import a roster file</Link>
            </li>
            <li>
              <Link to="/admin/teams">Arrange the team tree</Link>
            </li>
            <li>
              <Link to="/admin/settings">Anonymity thresholds and fiscal year</Link>
            </li>
          </ul>
        </section>
      ) : null}
    </div>
  );
}
