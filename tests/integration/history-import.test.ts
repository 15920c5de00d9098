import { sql } from "kysely";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { beforeAll, expect, it } from "vitest";
import * as historyRoute from "../../app/routes/admin.history";
import { importHistory } from "../../app/services/history-import.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

describeWithDb("history import", (t) => {
  let org: TestOrganisation;
  beforeAll(async () => {
    t.setNow("2026-06-15T12:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 1 });
  });
  const responses = async () =>
    (await sql<{ n: number }>`select count(*) as n from response r join wave w on w.id = r.wave_id where w.organisation_id = ${org.id}`.execute(t.app.db)).rows[0]!.n;

  it("rejects a bad file naming the line, and imports nothing", async () => {
    const text = ["team,period,PS1,PS2,ENPS,comment", "Team A,2026-01-05,5,6,9,Fine", "Team A,2026-01-05,5,9,7,", "Team B,2026-04-06,3,3,3,"].join("\n");
    const result = await importHistory(t.app, org.id, "q1.csv", text);
    expect(result).toMatchObject({ ok: false, problems: [{ line: 3, column: "PS2" }] });
    expect(result.ok ? [] : result.problems.map((p) => sayInEnglish(p.message))).toEqual(["Choose a whole number from 1 to 7."]);
    expect(await responses()).toBe(0);
    expect(await t.app.db.selectFrom("pulseProgram").select("id").where("organisationId", "=", org.id).where("source", "=", "history").execute()).toEqual([]);
  });

  it("imports each row as an anonymous response in closed, sealed waves with locked thresholds", async () => {
    const rows = ["team,period,PS1,PS2,ENPS,comment"];
    for (let i = 0; i < 6; i++) rows.push(`Team A,2026-01-05,${1 + i},${7 - i},${i + 4},${i === 0 ? '"Needs ""more"" reviews, please"' : ""}`);
    for (let i = 0; i < 5; i++) rows.push(`team b,2026-04-06,${2 + i},,${i},`);
    const result = await importHistory(t.app, org.id, "2026 pulses.csv", rows.join("\r\n"));
    expect(result).toMatchObject({ ok: true, programName: "2026 pulses", waves: 2, responses: 11 });
    const waves = await t.app.db.selectFrom("wave").selectAll().where("organisationId", "=", org.id).orderBy("periodStart").execute();
    expect(waves.map((w) => [w.periodStart, w.status, w.sealed, w.minGroupSize])).toEqual([
      ["2026-01-05", "closed", true, 5],
      ["2026-04-06", "closed", true, 5],
    ]);
    const answers = await sql<{ code: string; n: number; total: number }>`
      select i.code, count(*) as n, sum(a.value) as total from answer a join item i on i.id = a.item_id
      join response r on r.id = a.response_id join wave w on w.id = r.wave_id
      where w.organisation_id = ${org.id} group by i.code order by i.code`.execute(t.app.db);
    expect(answers.rows).toEqual([
      { code: "COMMENT", n: 1, total: null },
      { code: "ENPS", n: 11, total: 4 + 5 + 6 + 7 + 8 + 9 + 0 + 1 + 2 + 3 + 4 },
      { code: "PS1", n: 11, total: 21 + 20 },
      { code: "PS2", n: 6, total: 27 },
    ]);
    const comment = await sql<{
      comment: string;
    }>`select comment from answer where comment is not null and response_id in (select r.id from response r join wave w on w.id = r.wave_id where w.organisation_id = ${org.id})`.execute(
      t.app.db,
    );
    expect(comment.rows[0]!.comment).toBe('Needs "more" reviews, please');
    // The same file again would count every response twice: refused.
    const again = await importHistory(t.app, org.id, "2026 pulses.csv", rows.join("\n"));
    expect(again.ok).toBe(false);
    expect(again.ok ? [] : again.problems.map((p) => sayInEnglish(p.message))).toEqual([expect.stringContaining("already imported")]);
    expect(await responses()).toBe(11);
  });

  it("takes an upload through the admin page and answers 400 with line numbers for a bad one", async () => {
    const cookie = await sessionCookieFor(t.app, org.people.admin!);
    const form = new FormData();
    form.set("file", new File(["team,period,PS1\nTeam A,2026-13-01,4\n"], "bad.csv", { type: "text/csv" }));
    const result = await callRoute(historyRoute.action, { app: t.app, path: "/admin/history", method: "POST", cookie, form });
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ ok: false, problems: [{ line: 2, column: "period" }] });
  });
});
