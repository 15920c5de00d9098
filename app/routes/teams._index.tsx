import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { getVisibleTeams } from "~/services/teams.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "teams.title", "Teams");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "manager", "enablement", "admin");
  const teams = await getVisibleTeams(context.app, user);
  return { teams: teams.map((t) => ({ id: t.id, name: t.name, depth: t.depth, managerName: t.managerName, memberCount: t.memberCount })) };
}

export default function TeamsIndex() {
  const { teams } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t("teams.title")}</h1>
      {teams.length === 0 ? (
        <p className="muted">{t("teams.none")}</p>
      ) : (
        <ul className="tree-list">
          {teams.map((team) => (
            <li key={team.id} style={{ paddingInlineStart: `${team.depth * 1.25}rem` }}>
              <Link to={`/teams/${team.id}`}>{team.name}</Link>{" "}
              <span className="muted">
                · {team.managerName ?? t("teams.noManager")} · {t("teams.members", { count: team.memberCount })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
