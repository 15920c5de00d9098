import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { ballotPublicKey, signBallot } from "../../app/services/ballots.server";
import { audienceTeam, blindToken } from "../factories/ballots";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { createOpenWave } from "../factories/pulse";
import { describeWithDb } from "../support/test-db";

// ADR 059: ballot_issuance has no foreign key to wave (its lock on the wave's row cost every signature
// request), and keeps what the key promised: no issuance without its wave, none left after it.

describeWithDb("a ballot issuance follows its wave", (t) => {
  let org: TestOrganisation;
  beforeAll(async () => {
    t.setNow("2026-03-02T09:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 3 });
  });

  const repIds = async () =>
    (await t.app.db.selectFrom("person").select("id").where("organisationId", "=", org.id).where("email", "like", "rep-%").orderBy("email").execute()).map((r) => r.id);
  const issuances = async (waveId: string) => Number((await sql<{ n: string }>`select count(*) as n from ballot_issuance where wave_id = ${waveId}`.execute(t.app.db)).rows[0]!.n);
  const sign = async (waveId: string, personId: string) => {
    const teamId = await audienceTeam(t.app, waveId, personId);
    const token = await blindToken((await ballotPublicKey(t.app, waveId, teamId))!);
    return signBallot(t.app, { waveId, personId }, token.blindedMessage);
  };

  it("has no foreign key from ballot_issuance to wave, and a trigger on each side of a wave's deletion", async () => {
    const keys = await sql<{ name: string }>`select conname as name from pg_constraint where conrelid = 'ballot_issuance'::regclass and contype = 'f'`.execute(t.app.db);
    expect(keys.rows).toEqual([]);
    const triggers = await sql<{ name: string }>`select tgname as name from pg_trigger where tgrelid = 'wave'::regclass and not tgisinternal order by tgname`.execute(t.app.db);
    expect(triggers.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["wave_delete_locks_ballot_issuance", "wave_delete_takes_ballot_issuance"]));
  });

  it("deletes a wave's issuances with the wave, and refuses a signature for a wave that is gone", async () => {
    const { waveId } = await createOpenWave(t.app, org, { dimensionKeys: ["psychological_safety"], itemCodes: ["ENPS"] });
    const [a, b] = await repIds();
    expect((await sign(waveId, a!)).status).toBe("signed");
    expect((await sign(waveId, b!)).status).toBe("signed");
    expect(await issuances(waveId)).toBe(2);
    const teamId = await audienceTeam(t.app, waveId, a!);
    const publicKey = (await ballotPublicKey(t.app, waveId, teamId))!;
    await sql`delete from wave where id = ${waveId}`.execute(t.app.db);
    expect(await issuances(waveId)).toBe(0);
    const token = await blindToken(publicKey);
    const late = await signBallot(t.app, { waveId, personId: a! }, token.blindedMessage);
    expect(late).toMatchObject({ status: "refused", httpStatus: 404 });
    expect(await issuances(waveId)).toBe(0);
  });

  it("makes a wave's deletion wait for an issuance in flight, and takes that issuance with it (PostgreSQL)", async () => {
    if (t.kind !== "postgres") return;
    const { waveId } = await createOpenWave(t.app, org, { dimensionKeys: ["psychological_safety"], itemCodes: ["ENPS"] });
    const [, , c] = await repIds();
    // An issuance whose transaction is still open (the statement issue_ballot runs, in a transaction held here).
    let releaseIssuance!: () => void;
    const held = new Promise<void>((resolve) => (releaseIssuance = resolve));
    let issued!: () => void;
    const issuedNow = new Promise<void>((resolve) => (issued = resolve));
    const issuing = t.app.db.transaction().execute(async (trx) => {
      try {
        const row = await sql<{ refusal: string | null }>`
          select refusal from issue_ballot(${waveId}::uuid, ${c!}::uuid, ${Buffer.from("holder-in-flight")}, ${t.app.now()}, ${Buffer.from("request")}, null, null)`.execute(trx);
        expect(row.rows[0]).toEqual({ refusal: null });
      } finally {
        issued();
      }
      await held;
    });
    await issuedNow;
    let deleted = false;
    const deleting = sql`delete from wave where id = ${waveId}`.execute(t.app.db).then(() => (deleted = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(deleted).toBe(false);
    releaseIssuance();
    await issuing;
    await deleting;
    expect(await issuances(waveId)).toBe(0);
  });
});
