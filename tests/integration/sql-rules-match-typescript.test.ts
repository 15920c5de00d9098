import crypto from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { submitPulse, newIdempotencyKey } from "../../app/services/answering.server";
import { answerField, parseAnswers } from "../../app/domain/answers";
import { dateInZone } from "../../app/domain/organisation-settings";
import { issueBallot, storeBallot } from "../../db/queries/ballots";
import { listWaveItems } from "../../db/queries/waves";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { createOpenWave } from "../factories/pulse";
import { describeWithDb } from "../support/test-db";

// Three rules that live both in TypeScript and in a SQL function of db/functions (ADR 027), run through
// both variants on the same cases. The TypeScript variant decides what a rep is told; the SQL variant is
// the database's own guard, and what counts under concurrency. (The rules the issue named as duplicated —
// session validity and the edit-key hash — are in TypeScript only since migration 0016 dropped
// submit_pulse_in_session and submit_first_response: no SQL function reads a session or hashes anything.)
//
// 1. The day an instant falls on in the organisation's time zone: issue_ballot stores it as
//    ballot_issuance.issued_on; the open wave's rounded count compares it with a day from dateInZone.
//    If they disagreed, today's answers could be counted before the day is over (anonymity.md).
// 2. A wave takes answers while it is open and before its close: submitPulse checks first (so that the rep
//    learns nothing else), issue_ballot and store_ballot decide.
// 3. A comment has 1 to 2,000 characters: parseAnswers (with its message) and the trigger
//    response_pending_answers_hold. parseAnswers counts UTF-16 code units, PostgreSQL characters: for text
//    beyond the Basic Multilingual Plane (emoji) TypeScript is the stricter; what it accepts, the database
//    always accepts.

const ZONES = ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns"];

/** Instants around local midnights and daylight-saving changes, in the past (before any test wave closes). */
const INSTANTS = [
  "2026-01-01T00:00:00Z",
  "2025-12-31T23:59:59.999Z",
  "2026-03-08T06:59:59.999Z", // New York: the last instant of standard time
  "2026-03-08T07:00:00Z",
  "2026-03-08T04:59:59.999Z", // New York: a second before local midnight (EST)
  "2026-03-08T05:00:00Z",
  "2026-03-29T00:59:59.999Z", // London: the clock goes forward at 01:00 UTC
  "2026-03-29T01:00:00Z",
  "2026-04-04T18:29:59.999Z", // Kolkata (+05:30): local midnight
  "2026-04-04T18:30:00Z",
  "2026-04-04T14:59:59.999Z", // Lord Howe: +11 until 15:00 UTC, then +10:30
  "2026-04-04T15:00:00Z",
  "2026-04-04T10:59:59.999Z", // Chatham (+13:45): local midnight
  "2026-04-04T11:00:00Z",
  "2026-06-30T10:00:00Z", // Kiritimati (+14): already the next day
  "2026-06-30T11:00:00Z", // Pago Pago (−11): local midnight
  "2026-06-30T02:30:00Z", // St John's (−02:30 in summer): local midnight
];

describeWithDb("rules in both TypeScript and SQL give the same answers", (t) => {
  let org: TestOrganisation;
  let waveId: string;
  let closesAt: Date;
  let reps: Array<{ personId: string; teamId: string }>;

  beforeAll(async () => {
    org = await createTestOrganisation(t.app, { reps: 8 });
    ({ waveId } = await createOpenWave(t.app, org));
    closesAt = (await t.app.db.selectFrom("wave").select("closesAt").where("id", "=", waveId).executeTakeFirstOrThrow()).closesAt;
    reps = await t.app.db
      .selectFrom("waveAudience as a")
      .innerJoin("person as p", "p.id", "a.personId")
      .select(["a.personId", "a.teamId"])
      .where("a.waveId", "=", waveId)
      .where("p.role", "=", "rep")
      .execute();
    expect(reps.length).toBeGreaterThanOrEqual(20);
  });

  const randomBytes = () => new Uint8Array(crypto.randomBytes(32));

  it("1. issue_ballot's issued_on is dateInZone of the same instant, in every zone and around midnights and clock changes", async () => {
    const rep = reps[0]!;
    const mismatches: string[] = [];
    let cases = 0;
    for (const zone of ZONES) {
      await t.app.db.updateTable("organisation").set({ timezone: zone }).where("id", "=", org.id).execute();
      for (const instant of INSTANTS) {
        const now = new Date(instant);
        const holder = randomBytes();
        const issued = await issueBallot(t.app.db, { waveId, personId: rep.personId, holder, now, requestHash: randomBytes() });
        expect("refusal" in issued, `${zone} ${instant}`).toBe(false);
        const row = await t.app.db.selectFrom("ballotIssuance").select("issuedOn").where("waveId", "=", waveId).where("holder", "=", holder).executeTakeFirstOrThrow();
        if (row.issuedOn !== dateInZone(now, zone)) mismatches.push(`${zone} ${instant}: SQL ${row.issuedOn}, TypeScript ${dateInZone(now, zone)}`);
        cases++;
        await t.app.db.deleteFrom("ballotIssuance").where("waveId", "=", waveId).where("holder", "=", holder).execute();
      }
    }
    expect(cases).toBe(ZONES.length * INSTANTS.length);
    expect(mismatches).toEqual([]);
  });

  it("2. the wave takes answers until its close, not at it: submitPulse, issue_ballot and store_ballot agree at the boundary", async () => {
    const cases = [
      { now: new Date(closesAt.getTime() - 1), open: true },
      { now: new Date(closesAt.getTime()), open: false },
      { now: new Date(closesAt.getTime() + 1), open: false },
    ];
    const items = await listWaveItems(t.app.db, waveId);
    const enps = items.find((i) => i.code === "ENPS")!;
    const rows = [];
    for (const [i, c] of cases.entries()) {
      // TypeScript first: the whole form path at that instant, for a rep who has not answered.
      const tsRep = reps[1 + i]!;
      const submitted = await submitPulse(
        { ...t.app, now: () => new Date(c.now) },
        { waveId, personId: tsRep.personId },
        { fields: { [answerField("ENPS")]: "9" }, idempotencyKey: newIdempotencyKey(), editSecret: null },
      );
      // Then each SQL function alone, for another rep.
      const sqlRep = reps[10 + i]!;
      const issued = await issueBallot(t.app.db, { waveId, personId: sqlRep.personId, holder: randomBytes(), now: c.now, requestHash: randomBytes() });
      const stored = await storeBallot(t.app.db, {
        waveId,
        teamId: sqlRep.teamId,
        ballotHash: randomBytes(),
        now: c.now,
        existingOnly: false,
        answers: [{ itemId: enps.id, value: 9, comment: null }],
      });
      rows.push({ open: c.open, typescript: submitted.status === "saved", issueBallot: !("refusal" in issued), storeBallot: stored !== null });
    }
    expect(rows).toEqual(cases.map((c) => ({ open: c.open, typescript: c.open, issueBallot: c.open, storeBallot: c.open })));

    // A wave whose status is closed before its close time: closed for both.
    await t.app.db.updateTable("wave").set({ status: "closed" }).where("id", "=", waveId).execute();
    try {
      const before = new Date(closesAt.getTime() - 60_000);
      const submitted = await submitPulse(
        { ...t.app, now: () => before },
        { waveId, personId: reps[5]!.personId },
        { fields: { [answerField("ENPS")]: "9" }, idempotencyKey: newIdempotencyKey(), editSecret: null },
      );
      const issued = await issueBallot(t.app.db, { waveId, personId: reps[15]!.personId, holder: randomBytes(), now: before, requestHash: randomBytes() });
      const stored = await storeBallot(t.app.db, {
        waveId,
        teamId: reps[15]!.teamId,
        ballotHash: randomBytes(),
        now: before,
        existingOnly: false,
        answers: [{ itemId: enps.id, value: 9, comment: null }],
      });
      expect({ typescript: submitted.status, issueBallot: issued, storeBallot: stored }).toEqual({ typescript: "closed", issueBallot: { refusal: "closed" }, storeBallot: null });
    } finally {
      await t.app.db.updateTable("wave").set({ status: "open" }).where("id", "=", waveId).execute();
    }
  });

  it("3. a comment of 1 to 2,000 characters: parseAnswers and response_pending_answers_hold on the same texts", async () => {
    const items = await listWaveItems(t.app.db, waveId);
    const comment = items.find((i) => i.scale === "text")!;
    const field = answerField(comment.code);
    const cases: Array<{ name: string; text: string; typescript: "accepted" | "refused" | "skipped"; database: "accepted" | "refused" }> = [
      { name: "one character", text: "x", typescript: "accepted", database: "accepted" },
      { name: "2,000 characters", text: "x".repeat(2000), typescript: "accepted", database: "accepted" },
      { name: "2,001 characters", text: "x".repeat(2001), typescript: "refused", database: "refused" },
      { name: "2,000 two-byte characters", text: "é".repeat(2000), typescript: "accepted", database: "accepted" },
      { name: "2,001 two-byte characters", text: "é".repeat(2001), typescript: "refused", database: "refused" },
      { name: "2,000 characters and spaces around (trimmed)", text: `  ${"x".repeat(2000)}\n`, typescript: "accepted", database: "accepted" },
      { name: "blank (no answer; the database refuses an empty comment)", text: "   ", typescript: "skipped", database: "refused" },
      { name: "1,000 emoji (2,000 UTF-16 code units)", text: "😀".repeat(1000), typescript: "accepted", database: "accepted" },
      // TypeScript counts code units: it refuses what the database would take. Stricter, never looser.
      { name: "1,001 emoji (2,002 UTF-16 code units)", text: "😀".repeat(1001), typescript: "refused", database: "accepted" },
    ];
    const results = [];
    for (const c of cases) {
      const parsed = parseAnswers(items, { [field]: c.text });
      const accepted = parsed.ok ? parsed.answers.find((a) => a.itemId === comment.id)?.comment : undefined;
      const typescript = parsed.ok ? "accepted" : parsed.fieldErrors[field] ? "refused" : "skipped";
      // The database gets what TypeScript would store, or the text as it came when TypeScript stores nothing.
      const text = accepted ?? (c.typescript === "skipped" ? "" : c.text);
      let database: "accepted" | "refused";
      try {
        const stored = await storeBallot(t.app.db, {
          waveId,
          teamId: reps[0]!.teamId,
          ballotHash: randomBytes(),
          now: t.app.now(),
          existingOnly: false,
          answers: [{ itemId: comment.id, value: null, comment: text }],
        });
        expect(stored).not.toBeNull();
        database = "accepted";
      } catch (error) {
        expect((error as { code?: string }).code, c.name).toBe("23514");
        database = "refused";
      }
      results.push({ name: c.name, typescript, database });
    }
    expect(results).toEqual(cases.map(({ name, typescript, database }) => ({ name, typescript, database })));
    // What TypeScript accepts, the database accepts.
    expect(results.filter((r) => r.typescript === "accepted" && r.database !== "accepted")).toEqual([]);
    await sql`delete from response where wave_id = ${waveId}`.execute(t.app.db);
  });
});
