// CRM snapshots one can manage (issue 25 part 3, ADR 051), on PGlite and PostgreSQL, through the routes an
// admin uses. The attack: a valid 4-row Salesforce file dated today, uploaded on the CRM page, used to become
// the snapshot every metric read at once (a team's win rate of 60% over four quarters became "100%, 1/0").
// Now it waits as a preview with a "far fewer deals/owners" warning, and the metrics stay as they were
// until an admin confirms it; deleting and replacing are audited and change the metrics back.
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { action as uploadAction } from "../../app/routes/admin.crm.upload";
import { action as snapshotAction, loader as snapshotLoader } from "../../app/routes/admin.crm_.snapshots.$snapshotId";
import { loader as crmLoader } from "../../app/routes/admin.crm";
import { importCrmFile as importSaid, type CrmImportResult } from "../../app/services/crm-import.server";
import { inEnglish } from "../../app/i18n/in-english.server";
import { getCrmMetrics } from "../../app/services/crm-metrics.server";
import type { SnapshotReview } from "../../app/domain/crm";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { callRoute as callSaid } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// The import's words are said (ADR 057): read here in English, as the command line prints them.
const importCrmFile: typeof importSaid = async (...args) => inEnglish(await importSaid(...args));
const callRoute: typeof callSaid = async (...args) => {
  const result = await callSaid(...args);
  return { ...result, data: inEnglish(result.data) };
};

const HEADER = '"Opportunity Owner","Opportunity Name","Stage","Amount","Close Date","Created Date","Forecast Category","Opportunity ID"';
const usDate = (iso: string) => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}/${iso.slice(0, 4)}`;
const line = (d: { owner: string; id: string; stage: string; amount: number; close: string; created: string; forecast?: string }) =>
  [d.owner, `Deal ${d.id}`, d.stage, `USD ${d.amount.toLocaleString("en")}.00`, usDate(d.close), usDate(d.created), d.forecast ?? "Pipeline", d.id].map((v) => `"${v}"`).join(",");

/**
 * The organisation's full export: 80 deals of ten owners (reps of Team A and Team B) closed over four
 * quarters of 2026, three of five won in Team A (60%), plus open deals.
 */
function fullExport(domain: string, extra = 0): string {
  const lines = [HEADER];
  let n = 0;
  for (const team of ["a", "b"]) {
    for (let rep = 1; rep <= 5; rep++) {
      for (const [q, month] of [
        [1, "02"],
        [2, "05"],
        [3, "08"],
        [4, "11"],
      ] as const) {
        const id = `0065g0000${String(++n).padStart(6, "0")}`;
        const won = team === "a" ? rep <= 3 : rep <= 2;
        lines.push(
          line({ owner: `rep-${team}${rep}@${domain}`, id, stage: won ? "Closed Won" : "Closed Lost", amount: 10000 + q * 1000, close: `2026-${month}-15`, created: "2026-01-05" }),
        );
      }
      lines.push(
        line({
          owner: `rep-${team}${rep}@${domain}`,
          id: `0065g0000${String(++n).padStart(6, "0")}`,
          stage: "Negotiation/Review",
          amount: 7000 + extra,
          close: "2027-01-20",
          created: "2026-10-01",
          forecast: "Commit",
        }),
      );
      lines.push(
        line({
          owner: `rep-${team}${rep}@${domain}`,
          id: `0065g0000${String(++n).padStart(6, "0")}`,
          stage: "Prospecting",
          amount: 3000,
          close: "2027-02-20",
          created: "2026-11-01",
        }),
      );
      lines.push(
        line({
          owner: `rep-${team}${rep}@${domain}`,
          id: `0065g0000${String(++n).padStart(6, "0")}`,
          stage: "Qualification",
          amount: 2000,
          close: "2027-03-20",
          created: "2026-11-02",
        }),
      );
      lines.push(
        line({
          owner: `rep-${team}${rep}@${domain}`,
          id: `0065g0000${String(++n).padStart(6, "0")}`,
          stage: "Proposal/Price Quote",
          amount: 5000,
          close: "2027-03-25",
          created: "2026-11-03",
        }),
      );
    }
  }
  return lines.join("\r\n") + "\r\n";
}

/** The admin's 4-row report: one owner, one won deal this quarter, three open. Valid in every way. */
function fourRows(domain: string): string {
  return [
    HEADER,
    line({ owner: `rep-a1@${domain}`, id: "0065g0000999001", stage: "Closed Won", amount: 52000, close: "2026-11-20", created: "2026-11-02" }),
    line({ owner: `rep-a1@${domain}`, id: "0065g0000999002", stage: "Negotiation/Review", amount: 9000, close: "2026-12-20", created: "2026-11-03", forecast: "Commit" }),
    line({ owner: `rep-a1@${domain}`, id: "0065g0000999003", stage: "Prospecting", amount: 4000, close: "2027-01-20", created: "2026-11-04" }),
    line({ owner: `rep-a1@${domain}`, id: "0065g0000999004", stage: "Qualification", amount: 3000, close: "2027-02-20", created: "2026-11-05" }),
  ].join("\r\n");
}

async function* bytesOf(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

type Imported = Extract<CrmImportResult, { status: "imported" }>;

describeWithDb("CRM snapshots: preview, confirm, replace, delete", (t) => {
  let org: TestOrganisation;
  let other: TestOrganisation;
  let domain: string;
  let baseline: Imported;
  const metrics = async () => (await getCrmMetrics(t.app, org.id, "quarter")).rows;
  const teamA = async () => (await metrics()).filter((r) => r.team === org.teams.a);

  async function upload(text: string, fileName: string, asOf = "2026-12-06") {
    const form = new FormData();
    for (const [name, value] of Object.entries({ intent: "upload", format: "auto", encoding: "auto", dates: "us", asOf })) form.append(name, value);
    form.append("file", new Blob([text], { type: "text/csv" }), fileName);
    const response = await callRoute(uploadAction as never, { app: t.app, path: "/admin/crm/upload", method: "POST", cookie: org.people.admin!.cookie, form });
    return { status: response.status, result: inEnglish(JSON.parse(response.data as string) as CrmImportResult) };
  }
  const act = (snapshotId: string, form: Record<string, string>, who: TestOrganisation = org) =>
    callRoute(snapshotAction as never, { app: t.app, path: `/admin/crm/snapshots/${snapshotId}`, method: "POST", cookie: who.people.admin!.cookie, form, params: { snapshotId } });
  const audit = async (action: string) =>
    t.app.db.selectFrom("auditEntry").select(["targetId", "after", "before"]).where("organisationId", "=", org.id).where("action", "=", action).execute();

  beforeAll(async () => {
    t.setNow("2026-12-06T12:00:00Z");
    org = await createTestOrganisation(t.app, { slug: "snaps" });
    other = await createTestOrganisation(t.app, { reps: 1, slug: "snaps-other" });
    domain = "snaps.example";
    // The snapshot that counts: as the command line or a scheduled pull stores it, counted at once.
    const result = await importCrmFile(t.app, org.id, bytesOf(fullExport(domain)), {
      format: "auto",
      encoding: "auto",
      dates: "us",
      importValidRows: false,
      asOf: "2026-12-01",
      fileName: "Opportunities 2026-12-01.csv",
    });
    expect(result, JSON.stringify(result).slice(0, 600)).toMatchObject({ status: "imported", rows: 80, snapshotStatus: "counted" });
    baseline = result as Imported;
  }, 120_000);

  it("the 4-row file waits as a preview with the 'far fewer' warnings, and no metric changes until it is confirmed", async () => {
    const before = await metrics();
    const a = before.filter((r) => r.team === org.teams.a && r.wonCount + r.lostCount > 0);
    // Team A: 3 of 5 won in each of the four quarters.
    expect(a.map((r) => [r.period, r.wonCount, r.lostCount, r.winRate])).toEqual([
      ["2026-01-01", 3, 2, 0.6],
      ["2026-04-01", 3, 2, 0.6],
      ["2026-07-01", 3, 2, 0.6],
      ["2026-10-01", 3, 2, 0.6],
    ]);

    const { status, result } = await upload(fourRows(domain), "report.csv");
    expect(status).toBe(200);
    expect(result).toMatchObject({ status: "imported", rows: 4, asOf: "2026-12-06", snapshotStatus: "preview" });
    const review = (result as Imported).review!;
    expect(review.snapshot).toMatchObject({ status: "preview", deals: 4, owners: 1 });
    expect(review.previous).toMatchObject({ id: baseline.snapshotId, asOf: "2026-12-01", deals: 80, owners: 10 });
    expect(review.warnings.map((w) => w.kind)).toEqual(["far-fewer-deals", "far-fewer-owners", "teams-without-deals"]);
    expect(review.warnings[0]!.message).toBe(
      "This file holds far fewer deals than the last snapshot: 4 deals against 80 in the snapshot of 1 Dec 2026. A report filtered to one team, one owner or a date range reads as if the other deals were gone: export the whole report.",
    );
    expect(review.warnings[1]!.message).toBe("This file names far fewer deal owners than the last snapshot: 1 owner against 10 in the snapshot of 1 Dec 2026.");
    expect(review.warnings[2]!.message).toBe("1 team with deals in the snapshot of 1 Dec 2026 has none in this file: Team B.");
    // Per team, deals and amounts before and now.
    const byName = Object.fromEntries(review.teams.map((r) => [r.name, r]));
    expect(byName["Team A"]).toMatchObject({ before: { deals: 40, won: 12, open: 20 }, after: { deals: 4, won: 1, open: 3, amount: 68000 } });
    expect(byName["Team A"]!.before!.amount).toBe(5 * (11000 + 12000 + 13000 + 14000) + 5 * (7000 + 3000 + 2000 + 5000));
    expect(byName["Team B"]).toMatchObject({ before: { deals: 40 }, after: null });
    // What confirming would change, in words, naming the metrics and quarters.
    expect(review.onConfirm).toEqual([
      "Every quarter's win rate, won and lost deals, average won deal, sales cycle, pipeline created, commit accuracy's won amount, upside and new-in-quarter wins will read the snapshot of 6 Dec 2026 instead of 1 Dec 2026.",
      "Stale share and next-step share of Q4 2026.",
      "Slipped deals, which compare each snapshot with the later ones.",
      "The correlations in the explorer and the report, the drivers and the coaching priorities that use these metrics.",
    ]);

    // Nothing the metrics read changed: not a value, not a row.
    expect(await metrics()).toEqual(before);
    // The CRM page lists it as waiting; the snapshot's page shows the same review.
    const page = await callRoute(crmLoader as never, { app: t.app, path: "/admin/crm", cookie: org.people.admin!.cookie });
    const overview = (page.data as { overview: { snapshots: Array<{ id: string; status: string }>; feeds: Record<string, string[]> } }).overview;
    expect(overview.snapshots.map((s) => s.status)).toEqual(["preview", "counted"]);
    expect(overview.feeds[baseline.snapshotId]![0]).toMatch(/^Every quarter's win rate/);
    const shown = await callRoute(snapshotLoader as never, {
      app: t.app,
      path: `/admin/crm/snapshots/${review.snapshot.id}`,
      cookie: org.people.admin!.cookie,
      params: { snapshotId: review.snapshot.id },
    });
    expect((shown.data as { review: SnapshotReview }).review.warnings).toEqual(review.warnings);

    // Another organisation's admin cannot see, confirm or delete it.
    const peek = await callRoute(snapshotLoader as never, {
      app: t.app,
      path: `/admin/crm/snapshots/${review.snapshot.id}`,
      cookie: other.people.admin!.cookie,
      params: { snapshotId: review.snapshot.id },
    });
    expect(peek.status).toBe(404);
    expect((await act(review.snapshot.id, { intent: "confirm" }, other)).status).toBe(404);
    expect((await act(review.snapshot.id, { intent: "delete" }, other)).status).toBe(404);
    // A rep cannot either.
    const rep = await callRoute(snapshotAction as never, {
      app: t.app,
      path: `/admin/crm/snapshots/${review.snapshot.id}`,
      method: "POST",
      cookie: org.people.repA!.cookie,
      form: { intent: "confirm" },
      params: { snapshotId: review.snapshot.id },
    });
    expect(rep.status).toBe(403);
    expect(await metrics()).toEqual(before);

    // Confirmed, it counts: Team A's quarter now reads the 4-row file (1 won, 0 lost).
    const confirmed = await act(review.snapshot.id, { intent: "confirm" });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe("/admin/crm?snapshot=confirmed&asOf=2026-12-06");
    const q4 = (await teamA()).find((r) => r.period === "2026-10-01")!;
    expect([q4.wonCount, q4.lostCount, q4.winRate]).toEqual([1, 0, 1]);
    expect((await audit("crm.snapshot-confirm")).map((e) => [e.targetId, e.after])).toEqual([
      [review.snapshot.id, { asOf: "2026-12-06", rows: 4, replaces: null, replacesAsOf: null }],
    ]);
    // Confirming twice is refused, saying why.
    const again = await act(review.snapshot.id, { intent: "confirm" });
    expect(again.status).toBe(409);

    // Deleted, the metrics read the full snapshot again, exactly as before; the deletion is audited.
    const deleted = await act(review.snapshot.id, { intent: "delete" });
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe("/admin/crm?snapshot=deleted&asOf=2026-12-06");
    expect(await metrics()).toEqual(before);
    expect((await audit("crm.snapshot-delete")).map((e) => [e.targetId, e.before])).toEqual([[review.snapshot.id, { asOf: "2026-12-06", rows: 4, status: "counted" }]]);
    // Its deals are gone, with their table.
    const left = await t.app.db.selectFrom("crmOpportunity").select("crmId").where("snapshotId", "=", review.snapshot.id).execute();
    expect(left).toEqual([]);
    const tables = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname = ${`crm_opportunity_${review.snapshot.id.replace(/-/g, "")}`}`.execute(t.app.db);
    expect(tables.rows).toEqual([{ n: 0 }]);
  });

  it("a preview cancelled changes nothing but is audited; the same file uploaded again while waiting says so", async () => {
    const before = await metrics();
    const first = await upload(fourRows(domain).replace("52,000", "51,000"), "report-2.csv");
    const id = (first.result as Imported).snapshotId;
    const twice = await upload(fourRows(domain).replace("52,000", "51,000"), "report-2.csv");
    expect(twice.result).toMatchObject({ status: "unchanged", snapshotId: id, snapshotStatus: "preview" });
    expect((twice.result as { message: string }).message).toMatch(/^This file is already waiting as a preview of the snapshot of 2026-12-06/);
    const cancelled = await act(id, { intent: "delete" });
    expect(cancelled.location).toBe("/admin/crm?snapshot=cancelled&asOf=2026-12-06");
    expect(await metrics()).toEqual(before);
    expect((await audit("crm.snapshot-cancel")).map((e) => e.targetId)).toEqual([id]);
    // A form that is not ours is refused with a message, changing nothing.
    const other = await upload(fourRows(domain).replace("52,000", "50,000"), "report-3.csv");
    const bad = await act((other.result as Imported).snapshotId, { intent: "confirm", replaces: "not-an-id" });
    expect(bad.status).toBe(400);
    expect(await metrics()).toEqual(before);
    expect((await act((other.result as Imported).snapshotId, { intent: "delete" })).status).toBe(303);
  });

  it("a corrected export replaces the counted snapshot in one step, audited; the metrics read the new one", async () => {
    const { result } = await upload(fullExport(domain, 500), "Opportunities corrected.csv", "2026-12-01");
    expect(result).toMatchObject({ status: "imported", snapshotStatus: "preview" });
    const review = (result as Imported).review!;
    expect(review.warnings).toEqual([]);
    expect(review.replaceable.map((r) => r.id)).toEqual([baseline.snapshotId]);
    // Replacing a snapshot of the same date with the same closed deals changes only what reads open deals.
    expect(review.replaceable[0]!.changes[0]).toMatch(/^Every quarter's win rate, .* will read the snapshot of 1 Dec 2026 instead of 1 Dec 2026\.$/);
    const teamRow = review.teams.find((r) => r.team === org.teams.a)!;
    expect(teamRow.after!.amount - teamRow.before!.amount).toBe(5 * 500);

    const replaced = await act(review.snapshot.id, { intent: "confirm", replaces: baseline.snapshotId });
    expect(replaced.status).toBe(303);
    expect(replaced.location).toBe("/admin/crm?snapshot=replaced&asOf=2026-12-01");
    const counted = await t.app.db.selectFrom("crmSnapshot").select(["id", "status"]).where("organisationId", "=", org.id).execute();
    expect(counted).toEqual([{ id: review.snapshot.id, status: "counted" }]);
    expect((await audit("crm.snapshot-replace")).map((e) => [e.targetId, e.after])).toEqual([
      [baseline.snapshotId, { asOf: "2026-12-01", replacedBy: review.snapshot.id, replacedByAsOf: "2026-12-01" }],
    ]);
    expect((await teamA()).filter((r) => r.wonCount + r.lostCount > 0).map((r) => r.winRate)).toEqual([0.6, 0.6, 0.6, 0.6]);
  });
});
