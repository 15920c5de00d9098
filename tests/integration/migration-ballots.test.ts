import crypto from "node:crypto";
import { Migrator, sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import { withEmptyDatabase } from "../support/fresh-database";
import type { DB } from "../../db/schema";

// Migration 0016 (ADR 021) on a database whose open wave was answered the old way: participation and
// response written in one transaction (same xmin), responses with a week and an edit key. After it, the
// open wave's rows carry one xmin (the migration's), no edit key or week is left, and who had answered
// keeps that (and gets no ballot signature).

const BEFORE_0016 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < "0016"));

async function upgradeWithOpenWave(database: Database) {
  const db = database.db as unknown as Kysely<DB>;
  const before = await new Migrator({ db, provider: { getMigrations: async () => BEFORE_0016 } }).migrateToLatest();
  expect(before.error).toBeUndefined();
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0]!;
  const org = (await one(sql<{ id: string }>`insert into organisation (slug, name) values ('acme', 'Acme') returning id`)).id;
  const team = (await one(sql<{ id: string }>`insert into team (organisation_id, name) values (${org}, 'Team') returning id`)).id;
  const item = (
    await one(sql<{ id: string }>`insert into item (organisation_id, code, text, scale, source) values (${org}, 'ENPS', 'Recommend?', 'nps11', 'default') returning id`)
  ).id;
  const program = (
    await one(sql<{ id: string }>`insert into pulse_program (organisation_id, name, cadence, starts_on, open_days) values (${org}, 'P', 'once', '2026-05-04', 7) returning id`)
  ).id;
  const wave = (
    await one(sql<{ id: string }>`insert into wave (organisation_id, program_id, period_start, opens_at, closes_at, status, min_group_size, min_comment_group_size)
      values (${org}, ${program}, '2026-05-04', '2026-05-04T08:00:00Z', '2099-01-01T00:00:00Z', 'open', 5, 5) returning id`)
  ).id;
  await sql`insert into wave_item (wave_id, item_id, position) values (${wave}, ${item}, 0)`.execute(db);
  const people: string[] = [];
  for (let i = 0; i < 4; i++) {
    const person = (
      await one(sql<{ id: string }>`insert into person (organisation_id, email, name, role) values (${org}, ${`rep${i}@acme.example`}, ${`Rep ${i}`}, 'rep') returning id`)
    ).id;
    people.push(person);
    await sql`insert into wave_audience (wave_id, person_id, team_id) values (${wave}, ${person}, ${team})`.execute(db);
    await sql`insert into participation (wave_id, person_id) values (${wave}, ${person})`.execute(db);
  }
  // Two reps answer through the old one-statement submit.
  for (const person of people.slice(0, 2)) {
    const stored = await one(sql<{ closes: Date | null }>`select submit_first_response(${wave}, ${person}, now(), ${crypto.randomBytes(32)},
      ${[item]}::uuid[], ${[7]}::smallint[], ${[null]}::text[]) as closes`);
    expect(stored.closes).not.toBeNull();
  }
  const paired = () =>
    sql<{ email: string }>`select pe.email from participation p join response r on r.xmin = p.xmin join person pe on pe.id = p.person_id
      where p.wave_id = ${wave} and r.wave_id = p.wave_id`.execute(db);
  // The attack of issue 19, before: each answer named.
  expect((await paired()).rows.map((r) => r.email).sort()).toEqual(["rep0@acme.example", "rep1@acme.example"]);

  await migrateToLatest(db);

  // After: every row of the open wave carries the migration's xmin, so the join pairs each response with
  // every participant (2 × 4), which names no one.
  expect((await paired()).rows).toHaveLength(2 * 4);
  const xmins = await sql<{ n: number }>`select count(distinct x)::int as n from (select xmin::text as x from response where wave_id = ${wave}
    union all select xmin::text from participation where wave_id = ${wave}) t`.execute(db);
  expect(xmins.rows[0]!.n).toBe(1);
  const responses = await db.selectFrom("response").selectAll().where("waveId", "=", wave).execute();
  expect(responses.map((r) => ({ ballotHash: r.ballotHash, pendingValues: r.pendingValues }))).toEqual([
    { ballotHash: null, pendingValues: [7] },
    { ballotHash: null, pendingValues: [7] },
  ]);
  // threadKey: migration 0037 (ADR 054); these responses came before ballots, so they have none.
  expect(Object.keys(responses[0]!).sort()).toEqual(["ballotHash", "id", "pendingComments", "pendingItemIds", "pendingValues", "teamId", "threadKey", "waveId"]);
  expect(responses.map((r) => r.threadKey)).toEqual([null, null]);
  const participation = await db.selectFrom("participation").select(["personId", "answered"]).where("waveId", "=", wave).execute();
  expect(
    participation
      .filter((p) => p.answered)
      .map((p) => p.personId)
      .sort(),
  ).toEqual(people.slice(0, 2).sort());
  // Who had answered gets no signature; the others can get one.
  const issue = (person: string) =>
    one(
      sql<{
        teamId: string | null;
        refusal: string | null;
      }>`select team_id as "teamId", refusal from issue_ballot(${wave}, ${person}, ${crypto.randomBytes(32)}, now(), ${crypto.randomBytes(32)}, null, null)`,
    );
  expect(await issue(people[0]!)).toEqual({ teamId: null, refusal: "already-issued" });
  expect(await issue(people[2]!)).toEqual({ teamId: team, refusal: null });
}

describe("migration 0016 on a database with an open wave answered the old way", () => {
  it("rewrites the wave's rows under one xmin, drops edit keys and weeks, keeps who answered [pglite]", { timeout: 120_000 }, () =>
    withEmptyDatabase("pglite", upgradeWithOpenWave),
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)("rewrites the wave's rows under one xmin, drops edit keys and weeks, keeps who answered [postgres]", { timeout: 120_000 }, () =>
    withEmptyDatabase("postgres", upgradeWithOpenWave),
  );
});
