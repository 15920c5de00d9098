import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { action as rosterAction } from "../../app/routes/admin.roster";
import { action as settingsAction } from "../../app/routes/admin.settings";
import { loader as homeLoader } from "../../app/routes/_index";
import { loader as teamLoader } from "../../app/routes/teams.$teamId";
import { AudienceChangesNote } from "../../app/components/audience-changes-note";
import type { RecentJoins } from "../../app/domain/audience-changes";
import { recentJoins } from "../../app/services/audience-changes.server";
import { updateSettings } from "../../app/services/organisations.server";
import { messagesFor, sayInEnglish } from "../../app/i18n/catalogues.server";
import { I18nProvider } from "../../app/i18n/react";

/** A component as an English page draws it. */
const inEnglish = (element: ReturnType<typeof createElement>) =>
  createElement(I18nProvider, { language: { locale: "en", dir: "ltr", messages: messagesFor("en") }, children: element });
import { changeRole, changeTeam, createAdmin, deactivatePerson, invitePerson, reactivatePerson } from "../../app/services/people.server";
import { runScheduledWork } from "../../app/services/waves.server";
import { openDatabase } from "../../db/client";
import { findPersonByEmail } from "../../db/queries/people";
import type { DB } from "../../db/schema";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { answer, createOpenWave, userOf } from "../factories/pulse";
import { cliDatabase, runCli } from "../support/cli";
import { pageServer } from "../support/page-server";
import { callRoute } from "../support/remix";
import { backends, describeWithDb } from "../support/test-db";
import type { Kysely } from "kysely";

// Issue 19, part 5: every change to a team's membership is recorded (who, through what, when), and a
// team's results say how many of a wave's audience joined the team shortly before it opened, so that an
// admin padding a team with accounts they control before a pulse is seen.

const DAY = 86_400_000;

async function eventsOf(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom("teamMembershipEvent as e")
    .innerJoin("person as p", "p.id", "e.personId")
    .innerJoin("team as t", "t.id", "e.teamId")
    .select(["p.email", "t.name as team", "e.kind", "e.actorId", "e.source", "e.occurredAt"])
    .where("e.organisationId", "=", organisationId)
    .orderBy("e.id")
    .execute();
}

describeWithDb("membership events from every writer", (t) => {
  let org: TestOrganisation;
  let d: string;
  const T0 = new Date("2026-02-01T09:00:00Z");

  beforeAll(async () => {
    t.setNow(T0);
    org = await createTestOrganisation(t.app, { reps: 2 });
    d = `${org.slug}.example`;
  });

  const idOf = async (email: string) => (await findPersonByEmail(t.app.db, org.id, email))!.id;
  const since = async (count: number) => (await eventsOf(t.app.db, org.id)).slice(count);

  it("a roster import records a 'joined' for everyone it puts in a team (by default: nobody, roster-import)", async () => {
    const events = await eventsOf(t.app.db, org.id);
    // Three managers in Region, two reps in each of Team A, Team A1 and Team B.
    expect(events).toHaveLength(9);
    expect(events.every((e) => e.kind === "joined" && e.actorId === null && e.source === "roster-import" && e.occurredAt.getTime() === T0.getTime())).toBe(true);
    expect(
      events
        .filter((e) => e.team === "Team B")
        .map((e) => e.email)
        .sort(),
    ).toEqual([`rep-b1@${d}`, `rep-b2@${d}`]);
  });

  it("becoming a rep joins the team's audience and ceasing to be one leaves it (admin's role change, roster import)", async () => {
    const before = (await eventsOf(t.app.db, org.id)).length;
    t.setNow("2026-02-01T12:00:00Z");
    const admin = await userOf(t.app, org.people.admin!);
    const manager = await idOf(`manager-a@${d}`);
    await changeRole(t.app, admin, manager, "rep");
    await changeRole(t.app, admin, manager, "enablement");
    await changeRole(t.app, admin, manager, "manager"); // not a rep either side: nothing to record
    expect((await since(before)).map((e) => [e.email, e.team, e.kind, e.actorId, e.source])).toEqual([
      [`manager-a@${d}`, "Region", "joined", admin.personId, "admin"],
      [`manager-a@${d}`, "Region", "left", admin.personId, "admin"],
    ]);
    const csv = ["email,name,role,team,manager_email", `manager-a1@${d},Max Manager A1,rep,Region,director@${d}`].join("\n");
    const result = await callRoute(rosterAction as never, { app: t.app, path: "/admin/roster", method: "POST", cookie: org.people.admin!.cookie, form: { intent: "apply", csv } });
    expect(result.status).toBe(200);
    expect((await since(before + 2)).map((e) => [e.email, e.team, e.kind, e.source])).toEqual([[`manager-a1@${d}`, "Region", "joined", "roster-import"]]);
    // Back as they were, for the tests below.
    await changeRole(t.app, admin, await idOf(`manager-a1@${d}`), "manager");
  });

  it("the admin's roster upload records the admin as actor; a move is 'left' then 'joined'", async () => {
    const before = (await eventsOf(t.app.db, org.id)).length;
    t.setNow("2026-02-02T10:00:00Z");
    const csv = ["email,name,role,team,manager_email", `new-rep@${d},New Rep,rep,Region > Team B,manager-b@${d}`, `rep-a1@${d},Rep A1,rep,Region > Team B,manager-b@${d}`].join(
      "\n",
    );
    const result = await callRoute(rosterAction as never, { app: t.app, path: "/admin/roster", method: "POST", cookie: org.people.admin!.cookie, form: { intent: "apply", csv } });
    expect(result.status).toBe(200);
    const admin = org.people.admin!.id;
    expect(await since(before)).toEqual([
      { email: `new-rep@${d}`, team: "Team B", kind: "joined", actorId: admin, source: "roster-import", occurredAt: new Date("2026-02-02T10:00:00Z") },
      { email: `rep-a1@${d}`, team: "Team A", kind: "left", actorId: admin, source: "roster-import", occurredAt: new Date("2026-02-02T10:00:00Z") },
      { email: `rep-a1@${d}`, team: "Team B", kind: "joined", actorId: admin, source: "roster-import", occurredAt: new Date("2026-02-02T10:00:00Z") },
    ]);
  });

  it("the people pages record the admin: inviting into a team, moving, deactivating and reactivating", async () => {
    const before = (await eventsOf(t.app.db, org.id)).length;
    const admin = await userOf(t.app, org.people.admin!);
    t.setNow("2026-02-03T10:00:00Z");
    await invitePerson(t.app, admin, { email: `invited@${d}`, name: "Invited Rep", role: "rep", teamId: org.teams.a! });
    await changeTeam(t.app, admin, await idOf(`rep-b2@${d}`), org.teams.a1!);
    await deactivatePerson(t.app, admin, await idOf(`rep-a11@${d}`));
    // Deactivating again changes nothing, and someone in no team has no membership to leave.
    await deactivatePerson(t.app, admin, await idOf(`rep-a11@${d}`));
    await deactivatePerson(t.app, admin, org.people.enablement!.id);
    await reactivatePerson(t.app, admin, await idOf(`rep-a11@${d}`));
    // Moving a deactivated person is not a join: they join their new team when reactivated.
    await deactivatePerson(t.app, admin, await idOf(`rep-a12@${d}`));
    await changeTeam(t.app, admin, await idOf(`rep-a12@${d}`), org.teams.b!);
    await reactivatePerson(t.app, admin, await idOf(`rep-a12@${d}`));
    const byAdmin = { actorId: admin.personId, source: "admin", occurredAt: new Date("2026-02-03T10:00:00Z") };
    expect(await since(before)).toEqual([
      { email: `invited@${d}`, team: "Team A", kind: "joined", ...byAdmin },
      { email: `rep-b2@${d}`, team: "Team B", kind: "left", ...byAdmin },
      { email: `rep-b2@${d}`, team: "Team A1", kind: "joined", ...byAdmin },
      { email: `rep-a11@${d}`, team: "Team A1", kind: "left", ...byAdmin },
      { email: `rep-a11@${d}`, team: "Team A1", kind: "joined", ...byAdmin },
      { email: `rep-a12@${d}`, team: "Team A1", kind: "left", ...byAdmin },
      { email: `rep-a12@${d}`, team: "Team B", kind: "joined", ...byAdmin },
    ]);
  });

  it("the CLI's create-admin records reactivating someone in a team as a join with no actor", async () => {
    const admin = await userOf(t.app, org.people.admin!);
    await deactivatePerson(t.app, admin, await idOf(`rep-b1@${d}`));
    const before = (await eventsOf(t.app.db, org.id)).length;
    t.setNow("2026-02-04T10:00:00Z");
    await createAdmin(t.app, org.id, { email: `rep-b1@${d}` });
    expect(await since(before)).toEqual([{ email: `rep-b1@${d}`, team: "Team B", kind: "joined", actorId: null, source: "cli", occurredAt: new Date("2026-02-04T10:00:00Z") }]);
  });

  it("a roster import with --deactivate-missing records each deactivation and reactivation", async () => {
    const before = (await eventsOf(t.app.db, org.id)).length;
    t.setNow("2026-02-05T10:00:00Z");
    const csv = ["email,name,role,team,manager_email", `admin@${d},Ada Admin,admin,,`, `rep-a2@${d},Rep A2,rep,Region > Team A,`].join("\n");
    const result = await callRoute(rosterAction as never, {
      app: t.app,
      path: "/admin/roster",
      method: "POST",
      cookie: await sessionCookieFor(t.app, { id: org.people.admin!.id, organisationId: org.id }),
      form: { intent: "apply", csv, deactivateMissing: "on" },
    });
    expect(result.status).toBe(200);
    const left = await since(before);
    expect(left.length).toBeGreaterThan(5);
    expect(left.every((e) => e.kind === "left" && e.actorId === org.people.admin!.id && e.source === "roster-import")).toBe(true);
    expect(left.map((e) => e.email)).not.toContain(`rep-a2@${d}`);
    expect(left.map((e) => e.email)).toContain(`rep-b2@${d}`);
  });

  it("keeps the events append-only: no update, no delete", async () => {
    await expect(sql`update team_membership_event set source = 'cli'`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from team_membership_event`.execute(t.app.db)).rejects.toThrow(/append-only/);
    expect((await eventsOf(t.app.db, org.id)).length).toBeGreaterThan(10);
  });

  it("goes with its organisation: a cascading delete passes the append-only rule", async () => {
    const other = await createTestOrganisation(t.app, { reps: 1 });
    const kept = (await eventsOf(t.app.db, org.id)).length;
    expect((await eventsOf(t.app.db, other.id)).length).toBeGreaterThan(0);
    await t.app.db.deleteFrom("organisation").where("id", "=", other.id).execute();
    expect(await eventsOf(t.app.db, other.id)).toEqual([]);
    expect(await eventsOf(t.app.db, org.id)).toHaveLength(kept);
  });
});

describeWithDb("recent joins before a wave, and the team's results page", (t) => {
  let org: TestOrganisation;
  let d: string;
  let waveId: string;
  const W = new Date("2026-03-01T09:00:00Z");
  const before = (days: number) => new Date(W.getTime() - days * DAY);

  beforeAll(async () => {
    t.setNow("2026-02-01T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 5 });
    d = `${org.slug}.example`;
    const admin = await userOf(t.app, org.people.admin!);
    const idOf = async (email: string) => (await findPersonByEmail(t.app.db, org.id, email))!.id;
    const moveAt = async (when: Date, email: string, teamId: string) => {
      t.setNow(when);
      await changeTeam(t.app, admin, await idOf(email), teamId);
    };
    // Into Team B 15, 14 and 13 days (of 24 hours) before the wave opens: the window's edges.
    await moveAt(before(15), `rep-a4@${d}`, org.teams.b!);
    await moveAt(before(14), `rep-a3@${d}`, org.teams.b!);
    await moveAt(before(13), `rep-a2@${d}`, org.teams.b!);
    // Out and back in: deactivated well before the window, reactivated inside it.
    t.setNow(before(20));
    await deactivatePerson(t.app, admin, await idOf(`rep-b1@${d}`));
    t.setNow(before(5));
    await reactivatePerson(t.app, admin, await idOf(`rep-b1@${d}`));
    // From A1 to A: inside Team A's results all along. From B into A1: new to A and to A1.
    await moveAt(before(3), `rep-a11@${d}`, org.teams.a!);
    await moveAt(before(2), `rep-b5@${d}`, org.teams.a1!);
    // A member from before events were recorded (as data from before migration 0017 is): never recent.
    const legacy = await t.app.db
      .insertInto("person")
      .values({ organisationId: org.id, email: `legacy@${d}`, name: "Legacy Rep", role: "rep" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.app.db.insertInto("teamMembership").values({ organisationId: org.id, personId: legacy.id, teamId: org.teams.b!, validFrom: "2026-02-28", validTo: null }).execute();

    t.setNow(W);
    waveId = (await createOpenWave(t.app, org)).waveId;
    // Joining after the wave opened changes nothing about it.
    await moveAt(new Date(W.getTime() + 3_600_000), `rep-b2@${d}`, org.teams.a!);
  });

  it("counts the audience who joined within 14 days before the opening, both edges in, 15 days out", async () => {
    // B: rep-a2 (13 days), rep-a3 (14 days), rep-b1 (reactivated); not rep-a4 (15 days), not the legacy member.
    expect(await recentJoins(t.app, waveId, org.teams.b!)).toEqual({ joined: 3, audience: 8, days: 14 });
  });

  it("says so on the rep's form: Team B's pulse page, as a rep's browser gets it, has the sentence", async () => {
    const fetchPage = await pageServer(t.app);
    const rep = (await findPersonByEmail(t.app.db, org.id, `rep-b3@${d}`))!;
    const form = await fetchPage(`/pulses/${waveId}`, { cookie: await sessionCookieFor(t.app, { id: rep.id, organisationId: org.id }) });
    expect(form.status).toBe(200);
    expect(form.body).toContain("3 of 8 people joined this team in the 14 days before this pulse.");
    // Team A's form says Team A's count.
    const repA = (await findPersonByEmail(t.app.db, org.id, `rep-a1@${d}`))!;
    const formA = await fetchPage(`/pulses/${waveId}`, { cookie: await sessionCookieFor(t.app, { id: repA.id, organisationId: org.id }) });
    expect(formA.body).toContain("1 of 8 people joined this team in the 14 days before this pulse.");
  });

  it("counts a parent team with its sub-teams, as its results do; a move between them is no join", async () => {
    expect(await recentJoins(t.app, waveId, org.teams.a!)).toEqual({ joined: 1, audience: 8, days: 14 });
    expect(await recentJoins(t.app, waveId, org.teams.a1!)).toEqual({ joined: 1, audience: 5, days: 14 });
    // Region: only rep-b1, back from deactivation; every move stayed inside it.
    expect(await recentJoins(t.app, waveId, org.teams.region!)).toEqual({ joined: 1, audience: 16, days: 14 });
  });

  it("keeps the window the wave opened with when the setting changes later, and refuses to change it on the wave", async () => {
    const admin = await userOf(t.app, org.people.admin!);
    await updateSettings(t.app, admin, { name: "Org", minGroupSize: 5, minCommentGroupSize: 5, fiscalYearStartMonth: 1, timezone: "UTC", recentJoinDays: 1 });
    expect(await recentJoins(t.app, waveId, org.teams.b!)).toEqual({ joined: 3, audience: 8, days: 14 });
    await expect(t.app.db.updateTable("wave").set({ recentJoinDays: 1 }).where("id", "=", waveId).execute()).rejects.toThrow(/locked/);
    await updateSettings(t.app, admin, { name: "Org", minGroupSize: 5, minCommentGroupSize: 5, fiscalYearStartMonth: 1, timezone: "UTC", recentJoinDays: 14 });
  });

  it("a wave opened with a window of 13 days leaves out the join 14 days before", async () => {
    const admin = await userOf(t.app, org.people.admin!);
    await updateSettings(t.app, admin, { name: "Org", minGroupSize: 5, minCommentGroupSize: 5, fiscalYearStartMonth: 1, timezone: "UTC", recentJoinDays: 13 });
    t.setNow(W);
    const second = await createOpenWave(t.app, org, { name: "Second pulse" });
    // rep-a2 (13 days) and rep-b1 (5 days); rep-b2 left B for A an hour after W, before this wave's audience was taken.
    expect(await recentJoins(t.app, second.waveId, org.teams.b!)).toEqual({ joined: 2, audience: 7, days: 13 });
    await updateSettings(t.app, admin, { name: "Org", minGroupSize: 5, minCommentGroupSize: 5, fiscalYearStartMonth: 1, timezone: "UTC", recentJoinDays: 14 });
  });

  it("shows the sentence on the team's results page and a rep's start page once the wave has closed", async () => {
    for (const email of [`rep-a2@${d}`, `rep-b5@${d}`, `rep-a5@${d}`]) {
      const person = (await findPersonByEmail(t.app.db, org.id, email))!;
      expect(await answer(t.app, waveId, person.id, { "a.PS1": "5", "a.ENPS": "8" })).toMatchObject({ status: "saved" });
    }
    t.setNow("2026-03-08T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toContain(waveId);

    const page = async (teamId: string, persona: string) => {
      const cookie = await sessionCookieFor(t.app, { id: org.people[persona]!.id, organisationId: org.id });
      const result = await callRoute(teamLoader as never, { app: t.app, path: `/teams/${teamId}`, params: { teamId }, cookie });
      expect(result.status).toBe(200);
      const data = result.data as { results: { wave: { id: string } | null }; audienceChanges: RecentJoins | null };
      expect(data.results.wave?.id).toBeDefined();
      return { changes: data.audienceChanges, html: renderToStaticMarkup(inEnglish(createElement(AudienceChangesNote, { changes: data.audienceChanges }))) };
    };
    const b = await page(org.teams.b!, "managerB");
    expect(b.changes).toEqual({ joined: 3, audience: 8, days: 14 });
    expect(b.html).toBe('<p class="notice notice--info">3 of 8 people joined this team in the 14 days before this pulse.</p>');
    const a = await page(org.teams.a!, "managerA");
    expect(a.html).toContain("1 of 8 people joined this team in the 14 days before this pulse.");
    const region = await page(org.teams.region!, "director");
    expect(region.html).toContain("1 of 16 people joined this team in the 14 days before this pulse.");
    // A rep sees their team's results on the start page, with the same sentence.
    const rep = (await findPersonByEmail(t.app.db, org.id, `rep-a2@${d}`))!;
    const home = await callRoute(homeLoader as never, { app: t.app, path: "/", cookie: await sessionCookieFor(t.app, { id: rep.id, organisationId: org.id }) });
    const homeData = (home.data as { home: { myTeam: { team: { id: string } } | null; myTeamAudienceChanges: RecentJoins | null } }).home;
    expect(homeData.myTeam?.team.id).toBe(org.teams.b);
    expect(homeData.myTeamAudienceChanges).toEqual({ joined: 3, audience: 8, days: 14 });
    // Nobody joined: no sentence at all.
    expect(renderToStaticMarkup(inEnglish(createElement(AudienceChangesNote, { changes: { ...region.changes!, joined: 0 } })))).toBe("");
  });
});

describeWithDb("the recent join window setting", (t) => {
  let org: TestOrganisation;

  beforeAll(async () => {
    org = await createTestOrganisation(t.app, { reps: 1 });
  });

  const post = async (fields: Record<string, string>) =>
    callRoute(settingsAction as never, {
      app: t.app,
      path: "/admin/settings",
      method: "POST",
      cookie: await sessionCookieFor(t.app, { id: org.people.admin!.id, organisationId: org.id }),
      form: { name: "Org", minGroupSize: "5", minCommentGroupSize: "5", fiscalYearStartMonth: "1", timezone: "UTC", ...fields },
    });
  const stored = async () => (await t.app.db.selectFrom("organisation").select("recentJoinDays").where("id", "=", org.id).executeTakeFirstOrThrow()).recentJoinDays;

  it("defaults to 14 days", async () => {
    expect(await stored()).toBe(14);
  });

  it("refuses what is not a whole number of days from 0 to 90, next to the field, and changes nothing", async () => {
    for (const [value, message] of [
      ["91", "Use at most 90 days"],
      ["-1", "Use 0 or more days"],
      ["2.5", "Enter a whole number of days"],
      ["two", "Enter a whole number of days"],
      ["", "Enter a number of days from 0 to 90"],
    ]) {
      const result = await post({ recentJoinDays: value! });
      expect(result.status, value).toBe(400);
      expect(sayInEnglish((result.data as { fieldErrors: Record<string, string> }).fieldErrors.recentJoinDays!), value).toBe(message);
    }
    expect(await stored()).toBe(14);
    await expect(sql`update organisation set recent_join_days = 91 where id = ${org.id}`.execute(t.app.db)).rejects.toThrow();
  });

  it("saves 0 to 90, and waves that open afterwards take the new window", async () => {
    expect((await post({ recentJoinDays: "90" })).status).toBe(200);
    expect(await stored()).toBe(90);
    expect((await post({ recentJoinDays: "0" })).status).toBe(200);
    expect(await stored()).toBe(0);
    expect((await post({ recentJoinDays: " 30 " })).status).toBe(200);
    expect(await stored()).toBe(30);
    // A form that leaves the field out (an older page) keeps the window.
    expect((await post({})).status).toBe(200);
    expect(await stored()).toBe(30);
    const { waveId } = await createOpenWave(t.app, org);
    expect(await recentJoins(t.app, waveId, org.teams.b!)).toMatchObject({ days: 30 });
  });
});

// The CLI as a user runs it: a process of its own on a database of its own.
vi.setConfig({ testTimeout: 180_000 });
for (const kind of backends) {
  describe(`membership events from the CLI's import-roster [${kind}]`, () => {
    const { env, dir } = cliDatabase(kind, "ev");

    it("records 'cli' and no actor for every membership the file makes", async () => {
      expect((await runCli(["create-org", "--slug", "evco", "--name", "Ev Co"], env)).code).toBe(0);
      const file = path.join(dir, "roster.csv");
      fs.writeFileSync(
        file,
        [
          "email,name,role,team,manager_email",
          "boss@ev.example,Boss,manager,,",
          "rep1@ev.example,Rep One,rep,Sales,boss@ev.example",
          "rep2@ev.example,Rep Two,rep,Sales,boss@ev.example",
        ].join("\n"),
      );
      const imported = await runCli(["import-roster", "--org", "evco", "--file", file, "--json"], env);
      expect(imported.code, imported.stderr).toBe(0);
      const database = await openDatabase(kind === "pglite" ? { pgliteDir: env.PGLITE_DIR! } : { url: env.DATABASE_URL!, poolSize: 1 });
      try {
        const org = await database.db.selectFrom("organisation").select("id").where("slug", "=", "evco").executeTakeFirstOrThrow();
        const events = await eventsOf(database.db, org.id);
        expect(events.map(({ email, team, kind: k, actorId, source }) => ({ email, team, kind: k, actorId, source }))).toEqual([
          { email: "rep1@ev.example", team: "Sales", kind: "joined", actorId: null, source: "cli" },
          { email: "rep2@ev.example", team: "Sales", kind: "joined", actorId: null, source: "cli" },
        ]);
      } finally {
        await database.close();
      }
    });
  });
}
