import { afterAll, expect, it } from "vitest";
import { startJobQueue, type JobQueue } from "../../server/job-queue";
import { createTestOrganisation } from "../factories/organisation";
import { createPulseProgram } from "../factories/pulse";
import { describeWithDb } from "../support/test-db";

describeWithDb("job queue (pg-boss)", (t) => {
  const queues: JobQueue[] = [];
  afterAll(async () => {
    for (const q of queues) await q.stop();
  });

  it("opens a due wave exactly once with two workers running", async () => {
    t.setNow("2026-05-01T06:00:00Z");
    const org = await createTestOrganisation(t.app, { reps: 2 });
    const { programId, waveId } = await createPulseProgram(t.app, org, { startsOn: "2026-05-04", cadence: "weekly", openDays: 5 });
    expect(waveId).toBeNull();
    t.setNow("2026-05-04T07:00:00Z");
    queues.push(await startJobQueue(t.app, t.database, { work: true }), await startJobQueue(t.app, t.database, { work: true }));
    const before = t.mailbox.messages.length;
    await Promise.all(queues.map((q) => q.kick()));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const waves = await t.app.db.selectFrom("wave").select("id").where("programId", "=", programId).execute();
      if (waves.length > 0 && t.mailbox.messages.length - before >= 9) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Give a second worker time to (wrongly) open it again.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await t.app.db.selectFrom("wave").select("id").where("programId", "=", programId).execute()).toHaveLength(1);
    // Six reps and three managers, each mailed once.
    expect(t.mailbox.messages.length - before).toBe(9);
  });
});
