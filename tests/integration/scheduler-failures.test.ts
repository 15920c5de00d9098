import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { runScheduledWork } from "../../app/services/waves.server";
import { createTestOrganisation } from "../factories/organisation";
import { createOpenWave } from "../factories/pulse";
import { describeWithDb } from "../support/test-db";

describeWithDb("the scheduler when one wave fails", (t) => {
  let broken: string;
  let healthy: string;

  beforeAll(async () => {
    t.setNow("2026-03-02T09:00:00Z");
    ({ waveId: broken } = await createOpenWave(t.app, await createTestOrganisation(t.app, { reps: 1 })));
    ({ waveId: healthy } = await createOpenWave(t.app, await createTestOrganisation(t.app, { reps: 1 })));
  });

  it("reports the wave that cannot close and still closes the others; the broken one closes once it can", async () => {
    await sql`create function refuse_close() returns trigger language plpgsql as $$ begin raise exception 'disk full (test)'; end $$`.execute(t.app.db);
    await sql`create trigger refuse_close before update on wave for each row when (old.id = ${sql.lit(broken)} and new.status = 'closed') execute function refuse_close()`.execute(
      t.app.db,
    );
    t.setNow("2026-03-09T00:00:01Z");
    const first = await runScheduledWork(t.app);
    expect(first.closed).toContain(healthy);
    expect(first.closed).not.toContain(broken);
    expect(first.failed).toEqual([{ step: "close", id: broken, message: expect.stringContaining("disk full (test)") }]);
    const status = async (id: string) => await t.app.db.selectFrom("wave").select(["status", "sealed"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(await status(broken)).toEqual({ status: "open", sealed: false });
    expect(await status(healthy)).toEqual({ status: "closed", sealed: true });

    await sql`drop trigger refuse_close on wave`.execute(t.app.db);
    await sql`drop function refuse_close`.execute(t.app.db);
    const second = await runScheduledWork(t.app);
    expect(second.closed).toContain(broken);
    expect(second.failed).toEqual([]);
    expect(await status(broken)).toEqual({ status: "closed", sealed: true });
  });
});
