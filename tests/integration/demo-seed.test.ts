import { expect, it } from "vitest";
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from "../../app/services/demo-seed.server";
import { signIn } from "../../app/services/sign-in.server";
import { describeWithDb } from "../support/test-db";

describeWithDb("demo seed", (t) => {
  it("builds Northwind Sales: 3 regions, 12 teams of 3 to 9 reps (two under 5), managers, 2 enablement, an admin", async () => {
    const first = await seedDemo(t.app);
    expect(first.created).toBe(true);
    expect(first.summary).toContain(`password "${DEMO_PASSWORD}"`);
    const org = await t.app.db.selectFrom("organisation").selectAll().where("slug", "=", "northwind").executeTakeFirstOrThrow();
    expect(org.name).toBe("Northwind Sales");
    const teams = await t.app.db.selectFrom("team").select(["id", "name", "parentId", "managerId"]).where("organisationId", "=", org.id).execute();
    const regions = teams.filter((x) => x.parentId === null);
    expect(regions.map((r) => r.name).sort()).toEqual(["APAC", "EMEA", "North America"]);
    const leafTeams = teams.filter((x) => x.parentId !== null);
    expect(leafTeams).toHaveLength(12);
    expect(teams.every((x) => x.managerId)).toBe(true);

    const members = await t.app.db
      .selectFrom("teamMembership as m")
      .innerJoin("person as p", "p.id", "m.personId")
      .select(["m.teamId", "p.role"])
      .where("m.organisationId", "=", org.id)
      .where("m.validTo", "is", null)
      .execute();
    const repsPerTeam = leafTeams.map((team) => members.filter((m) => m.teamId === team.id && m.role === "rep").length);
    expect(Math.min(...repsPerTeam)).toBe(3);
    expect(Math.max(...repsPerTeam)).toBe(9);
    expect(repsPerTeam.filter((n) => n < 5)).toHaveLength(2);
    const roles = await t.app.db.selectFrom("person").select("role").where("organisationId", "=", org.id).execute();
    const count = (role: string) => roles.filter((r) => r.role === role).length;
    expect([count("admin"), count("enablement"), count("manager")]).toEqual([1, 2, 15]);
    expect(new Set((await t.app.db.selectFrom("person").select("name").where("role", "=", "rep").execute()).map((r) => r.name)).size).toBe(count("rep"));

    for (const email of Object.values(DEMO_LOGINS)) {
      expect((await signIn(t.app, { email, password: DEMO_PASSWORD, address: null })).ok, email).toBe(true);
    }
  });

  it("does nothing on the next start", async () => {
    const before = await t.app.db.selectFrom("person").select("id").execute();
    const again = await seedDemo(t.app);
    expect(again.created).toBe(false);
    expect(again.summary).toContain("already seeded");
    expect(await t.app.db.selectFrom("person").select("id").execute()).toEqual(before);
  });
});
