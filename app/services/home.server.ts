import type { AppContext } from "~/context.server";
import { hasBallot } from "./ballots.server";
import type { SessionUser } from "~/auth/session.server";
import { listWavesForPerson } from "#db/queries/waves";
import { listMySelfAssessments } from "./self-assessment.server";
import { recentJoins, type RecentJoins } from "./audience-changes.server";
import { getMyTeamResults, type TeamResults } from "./results.server";
import { getVisibleTeams } from "./teams.server";
import { getEnablementHome, getManagerHome, type EnablementHome, type ManagerHome } from "./home-dashboards.server";
import { getAdminHome, type AdminHome } from "./home-admin.server";
import { getRepTeamPlans, type RepTeamPlan } from "./home-rep.server";

export interface HomePulse {
  waveId: string;
  programName: string;
  teamName: string;
  periodStart: string;
  closesAt: Date;
  open: boolean;
  answered: boolean;
}

export interface HomeData {
  name: string;
  organisationName: string;
  role: SessionUser["role"];
  teams: Array<{ id: string; name: string; depth: number }>;
  /** The pulses this person was asked to answer; only whether they answered, never what. */
  pulses: HomePulse[];
  /** A manager's self-assessments, newest first. */
  selfAssessments: Array<{ waveId: string; teamId: string; teamName: string; programName: string; periodStart: string; closesAt: Date; open: boolean; answered: boolean }>;
  /** A rep's own team's published results (latest closed wave, anonymity rules applied); null before any. */
  myTeam: TeamResults | null;
  /** How many of the team's audience in that wave joined the team shortly before it opened. */
  myTeamAudienceChanges: RecentJoins | null;
  /** A rep's team's action plans: what its results led to. */
  myTeamPlans: RepTeamPlan[];
  /** A manager's dashboard: their teams' scores and change, the open pulse's count, blind spots, plans due, a next step. */
  manager: ManagerHome | null;
  /** Sales enablement's dashboard: the organisation's movement, coaching priorities, trainings being measured. */
  enablement: EnablementHome | null;
  /** An admin's dashboard: the setup's health. */
  admin: AdminHome | null;
}

/** The signed-in start page: what this person can do next, and what a person in their role looks at first. */
export async function getHome(app: AppContext, user: SessionUser): Promise<HomeData> {
  const [teams, waves, selfAssessments, myTeam, enablement, admin] = await Promise.all([
    getVisibleTeams(app, user),
    listWavesForPerson(app.db, user.personId),
    user.role === "manager" ? listMySelfAssessments(app, user) : Promise.resolve([]),
    user.role === "rep" ? getMyTeamResults(app, user) : Promise.resolve(null),
    user.role === "enablement" ? getEnablementHome(app, user) : Promise.resolve(null),
    user.role === "admin" ? getAdminHome(app, user) : Promise.resolve(null),
  ]);
  const [manager, myTeamPlans] = await Promise.all([
    user.role === "manager" ? getManagerHome(app, user, teams, selfAssessments) : Promise.resolve(null),
    user.role === "rep" ? getRepTeamPlans(app, user, myTeam) : Promise.resolve([]),
  ]);
  const now = app.now().getTime();
  // While a wave is open, only the server can tell whether this person has a ballot (ADR 021).
  const open = waves.filter((w) => w.status === "open" && !w.answered);
  const issuedNow = new Set((await Promise.all(open.map(async (w) => ((await hasBallot(app, w.id, user.personId)) ? w.id : null)))).filter((id) => id !== null));
  return {
    name: user.name,
    organisationName: user.organisationName,
    role: user.role,
    teams: teams.map((t) => ({ id: t.id, name: t.name, depth: t.depth })),
    pulses: waves.map((w) => ({
      waveId: w.id,
      programName: w.programName,
      teamName: w.teamName,
      periodStart: w.periodStart,
      closesAt: w.closesAt,
      open: w.status === "open" && w.closesAt.getTime() > now,
      answered: w.answered || issuedNow.has(w.id),
    })),
    selfAssessments: selfAssessments.map(({ waveId, teamId, teamName, programName, periodStart, closesAt, open, answered }) => ({
      waveId,
      teamId,
      teamName,
      programName,
      periodStart,
      closesAt,
      open,
      answered,
    })),
    myTeam: myTeam?.wave ? myTeam : null,
    myTeamAudienceChanges: myTeam?.wave ? await recentJoins(app, myTeam.wave.id, myTeam.team.id) : null,
    myTeamPlans,
    manager,
    enablement,
    admin,
  };
}
