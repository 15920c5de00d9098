import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { getVisibleTeams } from "./teams.server";

export interface HomeData {
  name: string;
  organisationName: string;
  role: SessionUser["role"];
  teams: Array<{ id: string; name: string; depth: number }>;
}

/** The signed-in start page: what this person can do next. */
export async function getHome(app: AppContext, user: SessionUser): Promise<HomeData> {
  const teams = await getVisibleTeams(app, user);
  return {
    name: user.name,
    organisationName: user.organisationName,
    role: user.role,
    teams: teams.map((t) => ({ id: t.id, name: t.name, depth: t.depth })),
  };
}
