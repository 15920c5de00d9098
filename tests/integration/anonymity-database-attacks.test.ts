import pg from "pg";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeWave } from "../../app/services/waves.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { ballotFor, sendBallot } from "../factories/ballots";
import { answer, createOpenWave } from "../factories/pulse";
import { databaseUrl } from "../support/postgres-urls";
import { describeWithDb } from "../support/test-db";

// Issue 19: attacks by someone who can read the database itself — its tables, hidden columns and, on
// PostgreSQL, its heap pages with dead row versions (pageinspect). Before ballots (ADR 021), a submit
// updated the rep's participation row and inserted the response in one transaction, so both carried the
// same xmin: the join below paired every answer of an open wave with its author's email, and after close
// the dead row versions still did; responses kept the ISO week, which paired single answerers of a team
// and week with their participation day. Here half the reps answer with a ballot and half with the form
// (no JavaScript), over several days, and some change their answers.

const FORENSIC_URL = process.env.FORENSIC_DATABASE_URL;

describeWithDb("anonymity: attacks on the database itself", (t) => {
  let org: TestOrganisation;
  let waveId: string;
  const reps: Array<{ id: string; email: string; teamId: string }> = [];

  /** The attack of issue 19, as written there: participation and response rows of one transaction. */
  const xminJoin = async () =>
    (
      await sql<{ email: string }>`
        select pe.email from participation p
        join response r on r.xmin = p.xmin
        join person pe on pe.id = p.person_id
        where p.wave_id = ${waveId} and r.wave_id = p.wave_id`.execute(t.app.db)
    ).rows;

  beforeAll(async () => {
    t.setNow("2026-05-04T08:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 4 });
    ({ waveId } = await createOpenWave(t.app, org, { openDays: 10 }));
    reps.push(
      ...(await t.app.db
        .selectFrom("waveAudience")
        .innerJoin("person", "person.id", "waveAudience.personId")
        .select(["person.id", "person.email", "waveAudience.teamId"])
        .where("waveId", "=", waveId)
        .orderBy("waveAudience.teamId")
        .orderBy("person.email")
        .execute()),
    );
    // Twelve reps in teams A (4), A1 (4), B (4) answer: three of each team in the first week, the fourth
    // alone in the second (a single answerer of a team and week); even ones with a ballot, odd ones with
    // the form; every third changes their answers the same day.
    for (const [i, rep] of reps.entries()) {
      const inTeam = i % 4;
      const day = inTeam < 3 ? inTeam : 7 + Math.floor(i / 4);
      t.setNow(new Date(Date.parse("2026-05-04T09:00:00Z") + day * 86_400_000 + i * 3_600_000));
      const fields = { "a.PS1": String((i % 7) + 1), "a.ENPS": String(i % 11), "a.COMMENT": `comment ${i}` };
      if (i % 2 === 0) {
        const ballot = await ballotFor(t.app, waveId, rep.id);
        expect(await sendBallot(t.app, ballot, fields)).toMatchObject({ status: "saved" });
        if (i % 3 === 0) expect(await sendBallot(t.app, ballot, { ...fields, "a.PS1": "4" })).toMatchObject({ status: "saved", changed: true });
      } else {
        const first = await answer(t.app, waveId, rep.id, fields);
        expect(first).toMatchObject({ status: "saved" });
        if (i % 3 === 0 && first.status === "saved") {
          expect(await answer(t.app, waveId, rep.id, { ...fields, "a.PS1": "4" }, { editSecret: first.editSecret })).toMatchObject({ status: "saved", changed: true });
        }
      }
    }
    expect(reps).toHaveLength(12);
  });

  it("xmin join while the wave is open: no response shares a transaction id with a participation row", async () => {
    const stored = await sql<{ n: number }>`select count(*)::int as n from response where wave_id = ${waveId}`.execute(t.app.db);
    expect(stored.rows[0]!.n).toBe(12);
    expect(await xminJoin()).toEqual([]);
  });

  it("(wave, team, week) join after close: responses keep no date, so no single answerer of a team and week is paired", async () => {
    t.setNow("2026-05-14T00:00:01Z");
    expect(await closeWave(t.app, waveId)).toBe(true);
    const dated = await sql<{ column: string }>`
      select column_name as column from information_schema.columns
      where table_schema = current_schema() and table_name in ('response', 'answer') and data_type in ('date', 'timestamp with time zone', 'timestamp without time zone')`.execute(
      t.app.db,
    );
    expect(dated.rows).toEqual([]);
    // The attack for any date a row could carry: group both sides by (team, week) and pair the groups
    // holding one participant and one response. Participation keeps no day either now; responses can only
    // be grouped by their team, which pairs a response only when one person of a team answered (the
    // results engine hides such a team; ADR 021 says what a database reader can still see there).
    const participationDates = await sql<{ column: string }>`
      select column_name as column from information_schema.columns
      where table_schema = current_schema() and table_name = 'participation' and data_type in ('date', 'timestamp with time zone', 'timestamp without time zone')`.execute(
      t.app.db,
    );
    expect(participationDates.rows).toEqual([]);
    // One single answerer per team in the second week existed (the server knew their days: ballot_issuance,
    // emptied at close) …
    const perTeam = await sql<{ n: number }>`
      select count(*)::int as n from (select team_id from response where wave_id = ${waveId} group by team_id having count(*) = 1) x`.execute(t.app.db);
    expect(perTeam.rows[0]!.n).toBe(0); // … but a response can only be grouped by its team, where there are four.
    // Sealing rewrote both tables in one transaction: the xmin join now pairs every response with every
    // participant (12 × 12), which tells nothing.
    expect(await xminJoin()).toHaveLength(12 * 12);
    // Nothing of a token remains to match a signature request with.
    const leftovers = await sql<{ n: number }>`
      select (select count(*) from response where wave_id = ${waveId} and ballot_hash is not null)
           + (select count(*) from ballot_issuance where wave_id = ${waveId})
           + (select count(*) from ballot_key where wave_id = ${waveId} and private_key is not null) as n`.execute(t.app.db);
    expect(Number(leftovers.rows[0]!.n)).toBe(0);
  });

  it("dead row versions (pageinspect, PostgreSQL): no response version, live or dead, shares a transaction id with a participation or signature-record version", async (context) => {
    if (t.app.dbKind !== "postgres") return context.skip();
    if (!FORENSIC_URL) {
      if (process.env.CI === "true") throw new Error("FORENSIC_DATABASE_URL (a PostgreSQL superuser) must be set in CI for the pageinspect attack");
      return context.skip();
    }
    const name = (await sql<{ name: string }>`select current_database() as name`.execute(t.app.db)).rows[0]!.name;
    const client = new pg.Client({ connectionString: databaseUrl(FORENSIC_URL, name) });
    await client.connect();
    try {
      await client.query("create extension if not exists pageinspect");
      // Every tuple on every page of a table, dead ones included, with its xmin and its wave (the attribute
      // number of the table's wave_id).
      const versions = async (table: "response" | "participation" | "ballot_issuance") => {
        const waveAttr = (await client.query<{ n: number }>("select attnum::int as n from pg_attribute where attrelid = $1::regclass and attname = 'wave_id'", [table])).rows[0]!.n;
        return (
          await client.query<{ xmin: string; dead: boolean }>(
            // Deleted or updated: an xmax that is not a mere row lock (HEAP_XMAX_LOCK_ONLY, 0x0080).
            `select t_xmin::text as xmin, t_xmax <> 0 and t_infomask & 128 = 0 as dead from generate_series(0, (pg_relation_size($1::regclass) / current_setting('block_size')::int)::int - 1) as b,
               heap_page_item_attrs(get_raw_page($1::text, b), $1::regclass) as h
             where h.t_attrs is not null and h.t_attrs[$2] = decode(replace($3::text, '-', ''), 'hex')`,
            [table, waveAttr, waveId],
          )
        ).rows;
      };
      const responses = await versions("response");
      const participation = await versions("participation");
      // The signature records (holders), deleted at the seal: their dead versions are still on disk.
      const issuances = await versions("ballot_issuance");
      expect(issuances.length).toBeGreaterThanOrEqual(12);
      expect(issuances.every((i) => i.dead)).toBe(true);
      // The scan sees the history: versions from before the seal and from changed answers are still on disk.
      expect(responses.filter((r) => r.dead).length).toBeGreaterThanOrEqual(12);
      expect(participation.filter((p) => p.dead).length).toBeGreaterThanOrEqual(12);
      const participationXmins = new Set([...participation, ...issuances].map((p) => p.xmin));
      const live = await client.query<{ xmin: string }>("select distinct xmin::text as xmin from response where wave_id = $1", [waveId]);
      const sealing = new Set(live.rows.map((r) => r.xmin));
      expect(sealing.size).toBe(1);
      // The sealing transaction rewrote both tables at once (and deleted the issuances); every other response
      // version shares no transaction with a participation or issuance version.
      const paired = responses.filter((r) => !sealing.has(r.xmin) && participationXmins.has(r.xmin));
      expect(paired).toEqual([]);
    } finally {
      await client.end();
    }
  });

  afterAll(() => t.setNow(new Date()));
});
