import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import * as rosterRoute from "../../app/routes/admin.roster";
import { validateSessionToken } from "../../app/auth/session.server";
import { applyRoster, previewRoster } from "../../app/services/roster.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { describeWithDb } from "../support/test-db";

const HEADER = "email,name,role,team,manager_email";

describeWithDb("roster import", (t) => {
  let org: TestOrganisation;
  const d = () => `${org.slug}.example`;

  async function snapshot() {
    const q = (table: string) => sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where organisation_id = ${org.id}`.execute(t.app.db).then((r) => r.rows[0]!.n);
    const people = await t.app.db.selectFrom("person").select(["email", "name", "role", "active"]).where("organisationId", "=", org.id).orderBy("email").execute();
    const memberships = await t.app.db
      .selectFrom("teamMembership")
      .select(["personId", "teamId", "validFrom", "validTo"])
      .where("organisationId", "=", org.id)
      .orderBy("personId")
      .orderBy("validFrom")
      .execute();
    return { people, memberships, teams: await q("team") };
  }

  beforeAll(async () => {
    t.setNow("2026-01-05T12:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 2 });
  });

  it("applies nothing when one row is bad, and names its line and column", async () => {
    const before = await snapshot();
    const text = [HEADER, `new1@${d()},New One,rep,Team A,manager-a@${d()}`, `new2@${d()},New Two,rep,Team A,`, `broken@${d()},Broken,wizard,Team A,`].join("\n");
    const outcome = await applyRoster(t.app, org.id, text, { deactivateMissing: true });
    expect(outcome.ok).toBe(false);
    const problems = outcome.ok ? [] : outcome.problems.map((p) => ({ ...p, message: sayInEnglish(p.message) }));
    expect(problems).toEqual([{ line: 4, column: "role", message: '"wizard" is not a role (use rep, manager, enablement or admin)' }]);
    expect(await snapshot()).toEqual(before);
  });

  it("applies a valid file in one go, keeps membership history, and changes nothing when re-imported", async () => {
    t.setNow("2026-02-01T12:00:00Z");
    const text = [
      HEADER,
      `rep-a1@${d()},Rep A1 Renamed,rep,Region > Team B,manager-b@${d()}`,
      `zed@${d()},Zed New,rep,Region > Team C,manager-c@${d()}`,
      `manager-c@${d()},Cleo Manager C,manager,Region,director@${d()}`,
    ].join("\n");
    const preview = await previewRoster(t.app, org.id, text, { deactivateMissing: false });
    if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
    expect(preview.plan.added.map((p) => p.email)).toEqual([`zed@${d()}`, `manager-c@${d()}`]);
    expect(preview.plan.newTeams).toEqual([{ name: "Team C", parent: "Region" }]);
    expect(preview.plan.moved).toEqual([{ email: `rep-a1@${d()}`, name: "Rep A1 Renamed", from: "Team A", to: "Team B" }]);
    expect(preview.plan.renamed).toEqual([{ email: `rep-a1@${d()}`, from: "Rep A1", to: "Rep A1 Renamed" }]);
    expect(preview.plan.managerChanges).toEqual([{ team: "Team C", from: null, to: `manager-c@${d()}` }]);

    t.setNow("2026-02-10T12:00:00Z");
    const applied = await applyRoster(t.app, org.id, text, { deactivateMissing: false });
    expect(applied).toMatchObject({ ok: true, applied: true });
    const rep = await t.app.db.selectFrom("person").select("id").where("email", "=", `rep-a1@${d()}`).executeTakeFirstOrThrow();
    const history = await t.app.db
      .selectFrom("teamMembership as m")
      .innerJoin("team", "team.id", "m.teamId")
      .select(["team.name", "m.validFrom", "m.validTo"])
      .where("m.personId", "=", rep.id)
      .orderBy("m.validFrom")
      .execute();
    expect(history.map((h) => [h.name, h.validTo ? "closed" : "open"])).toEqual([
      ["Team A", "closed"],
      ["Team B", "open"],
    ]);
    expect(history[1]!.validFrom).toBe("2026-02-10");
    expect(history[0]!.validTo).toBe("2026-02-10");
    const teamC = await t.app.db
      .selectFrom("team")
      .innerJoin("team as parent", "parent.id", "team.parentId")
      .innerJoin("person", "person.id", "team.managerId")
      .select(["parent.name as parent", "person.email as manager"])
      .where("team.name", "=", "Team C")
      .where("team.organisationId", "=", org.id)
      .executeTakeFirstOrThrow();
    expect(teamC).toEqual({ parent: "Region", manager: `manager-c@${d()}` });

    const before = await snapshot();
    const again = await applyRoster(t.app, org.id, text, { deactivateMissing: false });
    expect(again).toMatchObject({ ok: true, applied: false, plan: { unchanged: 3 } });
    expect(await snapshot()).toEqual(before);
  });

  it("deactivates people missing from the file only when asked, and ends their sessions", async () => {
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const fd = `${fresh.slug}.example`;
    const keep = [HEADER, `admin@${fd},Ada Admin,admin,,`, `manager-a@${fd},Mia Manager A,manager,Region,director@${fd}`, `director@${fd},Dir Director,manager,,`].join("\n");
    const outcome = await applyRoster(t.app, fresh.id, keep, { deactivateMissing: true, actorEmail: `admin@${fd}` });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome.plan.deactivated.map((p) => p.email)).toContain(`rep-a1@${fd}`);
    expect(outcome.plan.deactivated).toHaveLength(6);
    expect(await validateSessionToken(t.app, fresh.people.repA!.cookie.split("=")[1]!)).toBeNull();
    expect(await validateSessionToken(t.app, fresh.people.admin!.cookie.split("=")[1]!)).not.toBeNull();
  });

  it("previews and applies an uploaded file through the admin page", async () => {
    const cookie = await sessionCookieFor(t.app, org.people.admin!);
    const upload = (intent: string, content: string, extra: Record<string, string> = {}) => {
      const form = new FormData();
      form.set("intent", intent);
      if (intent === "apply") form.set("csv", content);
      else form.set("file", new File([content], "roster.csv", { type: "text/csv" }));
      for (const [k, v] of Object.entries(extra)) form.set(k, v);
      return callRoute(rosterRoute.action, { app: t.app, path: "/admin/roster", method: "POST", cookie, form });
    };
    const bad = await upload("preview", `${HEADER}\nnot-an-email,X,rep,Team A,\n`);
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ step: "upload", problems: [{ line: 2, column: "email" }] });
    const text = `${HEADER}\nyara@${d()},Yara Upload,rep,Team A,\n`;
    const preview = await upload("preview", `\uFEFF${text.replace(/\n/g, "\r\n")}`);
    expect(preview.data).toMatchObject({ step: "preview", plan: { added: [{ email: `yara@${d()}`, team: "Team A" }] } });
    expect(await t.app.db.selectFrom("person").select("id").where("email", "=", `yara@${d()}`).execute()).toEqual([]);
    const done = await upload("apply", text, { invite: "on" });
    expect(done.data).toMatchObject({ step: "done", applied: true, invited: 1 });
    expect((await t.mailbox.waitFor(`yara@${d()}`)).subject).toMatch(/invited to Candor/);
  });
});
