import { beforeAll, expect, it } from "vitest";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { requireTeamAccess } from "../../app/auth/guards.server";
import { validateSessionToken, type SessionUser } from "../../app/auth/session.server";
import { InputError } from "../../app/domain/errors";
import { createTeam, getVisibleTeams, moveTeam, setTeamManager } from "../../app/services/teams.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { statusOfCall } from "../support/service-status";
import { describeWithDb } from "../support/test-db";

describeWithDb("teams and team access", (t) => {
  let org: TestOrganisation;
  let other: TestOrganisation;
  const users: Record<string, SessionUser> = {};

  beforeAll(async () => {
    org = await createTestOrganisation(t.app, { reps: 1 });
    other = await createTestOrganisation(t.app, { reps: 1 });
    for (const [k, p] of Object.entries(org.people)) users[k] = (await validateSessionToken(t.app, p.cookie.split("=")[1]!))!;
    users.otherAdmin = (await validateSessionToken(t.app, other.people.admin!.cookie.split("=")[1]!))!;
  });

  const status = (user: SessionUser, teamId: string) => statusOfCall(() => requireTeamAccess(t.app, user, teamId));

  it("lets a manager reach the teams they manage and every team below, nothing else", async () => {
    expect(await status(users.managerA!, org.teams.a!)).toBe(200);
    expect(await status(users.managerA!, org.teams.a1!)).toBe(200);
    expect(await status(users.managerA!, org.teams.b!)).toBe(403);
    expect(await status(users.managerA!, org.teams.region!)).toBe(403);
    expect(await status(users.managerA1!, org.teams.a!)).toBe(403);
    expect(await status(users.director!, org.teams.a1!)).toBe(200);
    expect(await status(users.enablement!, org.teams.b!)).toBe(200);
    expect(await status(users.repA!, org.teams.a!)).toBe(403);
    expect(await status(users.otherAdmin!, org.teams.a!)).toBe(404);
    expect(await status(users.admin!, "not-a-uuid")).toBe(404);
    expect((await getVisibleTeams(t.app, users.managerA!)).map((x) => [x.name, x.depth])).toEqual([
      ["Team A", 0],
      ["Team A1", 1],
    ]);
  });

  it("refuses to move a team under itself or its sub-teams", async () => {
    await expect(moveTeam(t.app, users.admin!, org.teams.a!, org.teams.a1!)).rejects.toThrow(InputError);
    const refusal = await moveTeam(t.app, users.admin!, org.teams.a!, org.teams.a!).catch((error: Error) => error);
    expect(sayInEnglish((refusal as Error).message)).toMatch(/^"Team A" cannot go under itself or one of its own sub-teams\.$/);
    await moveTeam(t.app, users.admin!, org.teams.a1!, org.teams.b!);
    expect(await status(users.managerB!, org.teams.a1!)).toBe(200);
    expect(await status(users.managerA!, org.teams.a1!)).toBe(403);
    await moveTeam(t.app, users.admin!, org.teams.a1!, org.teams.a!);
  });

  it("only lets active managers of the same organisation manage a team", async () => {
    const refusal = (run: Promise<unknown>) =>
      run.then(
        () => "",
        (error: Error) => sayInEnglish(error.message),
      );
    expect(await refusal(setTeamManager(t.app, users.admin!, org.teams.b!, org.people.repA!.id))).toMatch(/manager role/);
    expect(await refusal(setTeamManager(t.app, users.admin!, org.teams.b!, other.people.managerA!.id))).toMatch(/manager role/);
    expect(await refusal(createTeam(t.app, users.admin!, { name: "team a", parentId: null, managerId: null }))).toMatch(/already a team called "Team A"/);
    expect(await refusal(createTeam(t.app, users.admin!, { name: "Elsewhere", parentId: other.teams.a!, managerId: null }))).toMatch(/parent team does not exist/);
  });
});
