import { beforeAll, expect, it } from "vitest";
import { sql } from "kysely";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { loader as orgThemesLoader } from "../../app/routes/results.themes";
import { action as themesAction, loader as teamThemesLoader } from "../../app/routes/teams.$teamId_.themes";
import { tagComment } from "../../app/domain/themes/tagger";
import { closingDate, openWave, runScheduledWork } from "../../app/services/waves.server";
import { createTestOrganisation, sessionCookieFor, type TestOrganisation } from "../factories/organisation";
import { answer, createOpenWave } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// Comment themes (issue 28, ADR 053) on real data paths: tags stored when a wave closes, counts shown
// only where the comments are, the theme filter, enablement's corrections (kept, audited, counted
// instead of the machine's, measured), and tags going with their comments.
//
//   Region ── A (6 reps) ── A1 (none answer)
//          └─ B (2 of 6 answer in wave 1, 5 in wave 2)
// Wave 1: Region has 8 answers (shown); B (2) is hidden, and A with it (Region − A would be B).
// Wave 2: A 6, B 5: every group shown.

const all = (value: string) => Object.fromEntries(["PS1", "PS2", "PS3", "PS4", "PS5", "PS6", "PS7"].map((c) => [`a.${c}`, value]));
const A_COMMENTS = [
  "The forecast call every Thursday is stressful, we get pushed to commit deals early.",
  "Salesforce hygiene is a mess, so many fields.",
  "My manager is a great coach, I feel supported.",
  "Quota went up again, it's unrealistic.",
  "The team shares account intel freely, great collaboration.",
  "Nobody recognises the work behind a big renewal.",
];
const B_COMMENTS = ["Territory split is unfair, I lost my best accounts.", "Pipeline reviews feel like an interrogation."];

type ThemeData = {
  waves: Array<{ id: string; counts: { comments: number; themes: Array<{ theme: string; comments: number; sentiment: Record<string, number> }> } | null; hidden: string | null }>;
  comments: Array<{ id: string | null; text: string; themes: string[]; sentiment: string; corrected: boolean }>;
  canCorrect: boolean;
};

describeWithDb("comment themes", (t) => {
  let org: TestOrganisation;
  let other: TestOrganisation;
  let wave1: string;
  let wave2: string;
  const cookie = async (o: TestOrganisation, key: string) => sessionCookieFor(t.app, { id: o.people[key]!.id, organisationId: o.id });
  const teamThemes = async (team: string, persona = "enablement", query = "") => {
    const result = await callRoute(teamThemesLoader as never, { app: t.app, path: `/teams/${team}/themes${query}`, params: { teamId: team }, cookie: await cookie(org, persona) });
    expect(result.status).toBe(200);
    return result.data as ThemeData;
  };

  beforeAll(async () => {
    t.setNow("2026-09-01T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 6 });
    other = await createTestOrganisation(t.app, { reps: 1 });
    const { waveId, programId } = await createOpenWave(t.app, org);
    wave1 = waveId;
    const audience = async (w: string) => t.app.db.selectFrom("waveAudience").select(["personId", "teamId"]).where("waveId", "=", w).execute();
    const repsOf = (rows: Array<{ personId: string; teamId: string }>, team: string) => rows.filter((a) => a.teamId === team).map((a) => a.personId);
    let rows = await audience(wave1);
    for (const [i, person] of repsOf(rows, org.teams.a!).entries()) {
      expect(await answer(t.app, wave1, person, { ...all("4"), "a.ENPS": "8", "a.COMMENT": A_COMMENTS[i]! })).toMatchObject({ status: "saved" });
    }
    for (const [i, person] of repsOf(rows, org.teams.b!).slice(0, 2).entries()) {
      expect(await answer(t.app, wave1, person, { ...all("3"), "a.ENPS": "5", "a.COMMENT": B_COMMENTS[i]! })).toMatchObject({ status: "saved" });
    }
    t.setNow("2026-09-14T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toEqual([wave1]);
    t.setNow("2026-09-15T09:00:00Z");
    wave2 = (await openWave(t.app, { id: programId, organisationId: org.id }, { periodStart: "2026-09-15", closesOn: closingDate("2026-09-15", 7) }, { notify: false }))!.waveId;
    rows = await audience(wave2);
    for (const [i, person] of repsOf(rows, org.teams.a!).entries()) {
      expect(await answer(t.app, wave2, person, { ...all("5"), "a.ENPS": "9", "a.COMMENT": A_COMMENTS[(i + 1) % 6]! })).toMatchObject({ status: "saved" });
    }
    for (const [i, person] of repsOf(rows, org.teams.b!).slice(0, 5).entries()) {
      expect(await answer(t.app, wave2, person, { ...all("4"), "a.ENPS": "7", "a.COMMENT": i < 2 ? B_COMMENTS[i]! : "Quota relief never came." })).toMatchObject({
        status: "saved",
      });
    }
    t.setNow("2026-09-23T00:00:01Z");
    expect((await runScheduledWork(t.app)).closed).toEqual([wave2]);
  });

  it("tags every comment when its wave closes, with the tagger's themes and sentiment, and nothing else about it", async () => {
    const rows = await t.app.db
      .selectFrom("commentTheme as ct")
      .innerJoin("answer as a", (j) => j.onRef("a.responseId", "=", "ct.responseId").onRef("a.itemId", "=", "ct.itemId"))
      .select(["ct.waveId", "a.comment", "ct.machineThemes", "ct.machineSentiment", "ct.correctedThemes"])
      .where("ct.waveId", "in", [wave1, wave2])
      .execute();
    expect(rows.filter((r) => r.waveId === wave1)).toHaveLength(8);
    expect(rows.filter((r) => r.waveId === wave2)).toHaveLength(11);
    for (const row of rows) {
      const tags = tagComment(row.comment!);
      expect({ themes: row.machineThemes, sentiment: row.machineSentiment }, row.comment!).toEqual({ themes: tags.themes, sentiment: tags.sentiment });
      expect(row.correctedThemes).toBeNull();
    }
    expect(rows.find((r) => r.comment === A_COMMENTS[1])!.machineThemes).toEqual(["tools-crm"]);
    // The table holds the tags and the correction, nothing about when or by whom a comment was written.
    const columns = await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = 'comment_theme' order by column_name`.execute(
      t.app.db,
    );
    expect(columns.rows.map((c) => c.name)).toEqual([
      "corrected_at",
      "corrected_by",
      "corrected_sentiment",
      "corrected_themes",
      "id",
      "item_id",
      "machine_sentiment",
      "machine_themes",
      "response_id",
      "wave_id",
    ]);
  });

  it("shows a team's counts only in the waves its comments are shown, per theme and feeling, with the trend", async () => {
    const region = await teamThemes(org.teams.region!);
    expect(region.waves.map((w) => w.counts?.comments ?? null)).toEqual([8, 11]);
    const tools = (w: ThemeData["waves"][number]) => w.counts!.themes.find((x) => x.theme === "tools-crm")!;
    expect(tools(region.waves[0]!).comments).toBe(1);
    const territory = region.waves[1]!.counts!.themes.find((x) => x.theme === "credit-territory")!;
    expect(territory).toMatchObject({ comments: 1, sentiment: { negative: 1, positive: 0, mixed: 0, neutral: 0 } });

    const a = await teamThemes(org.teams.a!);
    expect(a.waves[0]).toMatchObject({ counts: null });
    expect(sayInEnglish(a.waves[0]!.hidden!)).toMatch(/comment minimum/);
    expect(a.waves[1]!.counts!.comments).toBe(6);
    const b = await teamThemes(org.teams.b!);
    expect(b.waves.map((w) => w.counts?.comments ?? null)).toEqual([null, 5]);
  });

  it("the theme filter only narrows the shown list, and a hidden group's list stays empty whatever the filter", async () => {
    const whole = await teamThemes(org.teams.region!);
    const filtered = await teamThemes(org.teams.region!, "enablement", "?theme=workload-quota");
    expect(filtered.comments.length).toBeGreaterThan(0);
    expect(filtered.comments.length).toBeLessThan(whole.comments.length);
    for (const c of filtered.comments) {
      expect(c.themes).toContain("workload-quota");
      expect(whole.comments.map((w) => w.text)).toContain(c.text);
    }
    expect(filtered.comments.length).toBe(whole.waves[1]!.counts!.themes.find((x) => x.theme === "workload-quota")!.comments);
    // An unknown theme is no filter.
    expect((await teamThemes(org.teams.region!, "enablement", "?theme=nonsense")).comments).toHaveLength(whole.comments.length);
    // A1 answered in no wave: nothing, filtered or not.
    for (const query of ["", "?theme=forecasting"]) expect((await teamThemes(org.teams.a1!, "enablement", query)).comments).toEqual([]);
  });

  it("organisation page: hidden teams have no counts, shown ones add up, for enablement and admins only", async () => {
    const result = await callRoute(orgThemesLoader as never, { app: t.app, path: `/results/themes?wave=${wave1}`, cookie: await cookie(org, "enablement") });
    const rows = (result.data as { rows: Array<{ id: string; counts: { comments: number } | null; hidden: string | null }> }).rows;
    const row = (id: string) => rows.find((r) => r.id === id)!;
    expect(row(org.teams.a!).counts).toBeNull();
    expect(row(org.teams.b!).counts).toBeNull();
    expect(row(org.teams.region!).counts!.comments).toBe(8);
    expect(row("org").counts!.comments).toBe(8);
    const latest = await callRoute(orgThemesLoader as never, { app: t.app, path: "/results/themes", cookie: await cookie(org, "enablement") });
    const shown = (latest.data as { rows: Array<{ id: string; counts: { comments: number } | null }> }).rows;
    expect(shown.find((r) => r.id === org.teams.a)!.counts!.comments).toBe(6);
    expect(shown.find((r) => r.id === org.teams.b)!.counts!.comments).toBe(5);
    const manager = await callRoute(orgThemesLoader as never, { app: t.app, path: "/results/themes", cookie: await cookie(org, "managerA") });
    expect(manager.status).toBe(403);
  });

  it("enablement corrects a comment: kept beside the machine's, counted instead, audited, measured", async () => {
    const before = await teamThemes(org.teams.a!);
    const target = before.comments.find((c) => c.text === A_COMMENTS[1])!;
    expect(target.themes).toEqual(["tools-crm"]);
    const post = async (persona: string, fields: Record<string, string | string[]>, team = org.teams.a!) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const value of ([] as string[]).concat(v)) body.append(k, value);
      return callRoute(themesAction as never, {
        app: t.app,
        path: `/teams/${team}/themes`,
        method: "POST",
        form: body,
        params: { teamId: team },
        cookie: await cookie(org, persona),
      });
    };
    // A manager may not; a bad feeling is refused and changes nothing; an unknown comment is 404.
    expect((await post("managerA", { commentId: target.id!, themes: ["workload-quota"], sentiment: "negative" })).status).toBe(403);
    expect((await post("enablement", { commentId: target.id!, themes: ["workload-quota"], sentiment: "furious" })).status).toBe(400);
    expect((await post("enablement", { commentId: target.id!, themes: ["no-such-theme"], sentiment: "negative" })).status).toBe(400);
    expect((await post("enablement", { commentId: "00000000-0000-4000-8000-000000000000", sentiment: "negative" })).status).toBe(404);
    expect((await teamThemes(org.teams.a!)).comments.find((c) => c.id === target.id)).toMatchObject({ themes: ["tools-crm"], corrected: false });

    const saved = await post("enablement", { commentId: target.id!, themes: ["tools-crm", "workload-quota"], sentiment: "negative" });
    expect(saved.status).toBe(302);
    const after = await teamThemes(org.teams.a!);
    expect(after.comments.find((c) => c.id === target.id)).toMatchObject({ themes: ["tools-crm", "workload-quota"], sentiment: "negative", corrected: true });
    const count = (d: ThemeData, theme: string) => d.waves[1]!.counts!.themes.find((x) => x.theme === theme)!.comments;
    expect(count(after, "workload-quota")).toBe(count(before, "workload-quota") + 1);
    // Kept beside the machine's, with who corrected.
    const row = await t.app.db.selectFrom("commentTheme").selectAll().where("id", "=", target.id!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      machineThemes: ["tools-crm"],
      correctedThemes: ["tools-crm", "workload-quota"],
      correctedSentiment: "negative",
      correctedBy: org.people.enablement!.id,
    });
    // Audited with the tags, never the comment's words.
    const audit = await t.app.db.selectFrom("auditEntry").selectAll().where("action", "=", "comment-theme.correct").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain("Salesforce hygiene");
    expect(JSON.stringify(audit)).toContain("workload-quota");
    // Measured: one corrected comment, the machine missed one theme of two.
    const page = await callRoute(orgThemesLoader as never, { app: t.app, path: "/results/themes", cookie: await cookie(org, "enablement") });
    expect((page.data as { agreement: { comments: number; micro: { precision: number; recall: number } } }).agreement).toMatchObject({
      comments: 1,
      micro: { precision: 1, recall: 0.5 },
    });
    // Another organisation's enablement cannot reach the team, nor the comment through its own team.
    const theirs = await callRoute(themesAction as never, {
      app: t.app,
      path: `/teams/${other.teams.a}/themes`,
      method: "POST",
      form: new URLSearchParams({ commentId: target.id!, sentiment: "positive" }),
      params: { teamId: other.teams.a! },
      cookie: await cookie(other, "enablement"),
    });
    expect(theirs.status).toBe(404);
  });

  it("a wave closed before tagging is tagged when first read; tags go with their comments", async () => {
    await t.app.db.deleteFrom("commentTheme").where("waveId", "=", wave1).execute();
    const region = await teamThemes(org.teams.region!);
    expect(region.waves[0]!.counts!.comments).toBe(8);
    expect(await t.app.db.selectFrom("commentTheme").select("id").where("waveId", "=", wave1).execute()).toHaveLength(8);
    await t.app.db.deleteFrom("response").where("waveId", "=", wave1).execute();
    expect(await t.app.db.selectFrom("commentTheme").select("id").where("waveId", "=", wave1).execute()).toHaveLength(0);
  });
});
