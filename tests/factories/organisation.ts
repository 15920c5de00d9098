import { createSession, SESSION_COOKIE } from "../../app/auth/session.server";
import { hashPassword } from "../../app/auth/password.server";
import type { AppContext } from "../../app/context.server";
import type { Role } from "../../app/domain/roles";
import { createOrganisation } from "../../app/services/organisations.server";
import { applyRoster } from "../../app/services/roster.server";
import { findPersonByEmail, updatePerson } from "../../db/queries/people";
import { findTeamByName } from "../../db/queries/teams";

export const TEST_PASSWORD = "correct horse battery";

export interface TestPerson {
  id: string;
  email: string;
  role: Role;
  organisationId: string;
  /** A Cookie header value for a fresh session of this person. */
  cookie: string;
}

export interface TestOrganisation {
  id: string;
  slug: string;
  teams: Record<string, string>;
  people: Record<string, TestPerson>;
}

let counter = 0;

/**
 * An organisation built through the real services: a region with teams A (with sub-team A1) and B,
 * each with a manager and reps, plus enablement and an admin; every person has TEST_PASSWORD.
 * `reps` sets how many reps each of A, A1 and B gets.
 */
export async function createTestOrganisation(app: AppContext, options: { reps?: number; slug?: string } = {}): Promise<TestOrganisation> {
  const slug = options.slug ?? `org-${process.pid}-${++counter}`;
  const org = await createOrganisation(app, { slug, name: `Org ${slug}` });
  const d = `${slug}.example`;
  const reps = options.reps ?? 5;
  const lines = [
    "email,name,role,team,manager_email",
    `admin@${d},Ada Admin,admin,,`,
    `enable@${d},Eno Enablement,enablement,,`,
    `director@${d},Dir Director,manager,,`,
    `manager-a@${d},Mia Manager A,manager,Region,director@${d}`,
    `manager-a1@${d},Max Manager A1,manager,Region,director@${d}`,
    `manager-b@${d},Bo Manager B,manager,Region,director@${d}`,
  ];
  for (const [team, path, manager] of [
    ["a", "Region > Team A", "manager-a"],
    ["a1", "Region > Team A > Team A1", "manager-a1"],
    ["b", "Region > Team B", "manager-b"],
  ] as const) {
    for (let i = 1; i <= reps; i++) lines.push(`rep-${team}${i}@${d},Rep ${team.toUpperCase()}${i},rep,${path},${manager}@${d}`);
  }
  const outcome = await applyRoster(app, org.id, lines.join("\n"), { deactivateMissing: false });
  if (!outcome.ok) throw new Error(`test roster invalid: ${JSON.stringify(outcome.problems)}`);
  const passwordHash = await hashPassword(TEST_PASSWORD);

  const teams: Record<string, string> = {};
  for (const [k, name] of Object.entries({ region: "Region", a: "Team A", a1: "Team A1", b: "Team B" })) {
    teams[k] = (await findTeamByName(app.db, org.id, name))!.id;
  }
  const people: Record<string, TestPerson> = {};
  const keys: Record<string, string> = {
    admin: `admin@${d}`,
    enablement: `enable@${d}`,
    director: `director@${d}`,
    managerA: `manager-a@${d}`,
    managerA1: `manager-a1@${d}`,
    managerB: `manager-b@${d}`,
    repA: `rep-a1@${d}`,
    repB: `rep-b1@${d}`,
  };
  for (const [k, email] of Object.entries(keys)) {
    const person = (await findPersonByEmail(app.db, org.id, email))!;
    await updatePerson(app.db, org.id, person.id, { passwordHash });
    people[k] = { id: person.id, email, role: person.role, organisationId: org.id, cookie: await sessionCookieFor(app, person) };
  }
  return { id: org.id, slug, teams, people };
}

/** A Cookie header for a new session of the person. */
export async function sessionCookieFor(app: AppContext, person: { id: string; organisationId: string }): Promise<string> {
  const { token } = await createSession(app, person);
  return `${SESSION_COOKIE}=${token}`;
}
