/**
 * `npm run anonymity:timing`: what timing would tell a reader of the WAL with commit times who can also
 * tell whose each signature request is (ADR 021). Candor records a request under a holder, an HMAC keyed
 * by the server's secret key: without that key the requests in the WAL name nobody, and a ballot can only
 * be narrowed to its team's respondents. With the key (or with statement logs that name the person), the
 * figures below are what timing gives.
 * Seeds the demo organisation on a throw-away PGlite, reads the teams asked in its open wave and the
 * program's schedule, then simulates that wave many times with the signature issued when the rep sends
 * (Candor's choice) and, for comparison, when the form is shown, and pairs ballots with issuances as an
 * attacker would (scripts/anonymity/timing-model.ts). Prints one line per strategy.
 */
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { loadConfig } from "~/config.server";
import { createAppContext } from "~/context.server";
import { seedDemo } from "~/services/demo/seed.server";
import { pairByTiming, seeded, simulateWave, type IssueWhen, type WaveModel } from "./timing-model";

const RUNS = Number(process.env.TIMING_RUNS ?? 500);

async function demoWave(): Promise<WaveModel> {
  const database = await openDatabase({ pgliteDir: "memory://" });
  try {
    await migrateToLatest(database.db);
    const config = loadConfig({ NODE_ENV: "production", APP_URL: "http://127.0.0.1", OUTBOX_DIR: "/tmp/candor-timing-outbox" });
    const app = createAppContext(database, config, { mailer: { description: "none", send: async () => {} } });
    await seedDemo(app);
    const wave = await database.db
      .selectFrom("wave")
      .innerJoin("pulseProgram as p", "p.id", "wave.programId")
      .select(["wave.id", "p.openDays", "p.reminderDays"])
      .where("wave.status", "=", "open")
      .executeTakeFirstOrThrow();
    const audience = await database.db
      .selectFrom("waveAudience")
      .innerJoin("team", "team.id", "waveAudience.teamId")
      .select(["team.name"])
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("waveId", "=", wave.id)
      .groupBy("team.name")
      .execute();
    // The demo's closed waves: 78% of those asked answered.
    return { teams: Object.fromEntries(audience.map((a) => [a.name, Number(a.n)])), openDays: wave.openDays, reminderDays: wave.reminderDays, answerRate: 0.78, abandonRate: 0.1 };
  } finally {
    await database.close();
  }
}

async function main() {
  const model = await demoWave();
  const reps = Object.values(model.teams).reduce((a, b) => a + b, 0);
  console.info(
    `Demo open wave: ${Object.keys(model.teams).length} teams, ${reps} reps asked, open ${model.openDays} days, reminders on days ${model.reminderDays.join(", ")}; ${RUNS} simulated waves each.`,
  );
  console.info("A reader of the WAL with commit times who also knows whose each signature request is (the server's secret key):");
  console.info("| signature issued | ballots | named outright | window with one issuance | people a ballot could be from (mean) |");
  console.info("| --- | --- | --- | --- | --- |");
  for (const when of ["at-send", "at-show"] as IssueWhen[]) {
    const random = seeded(20261206);
    let ballots = 0;
    let unique = 0;
    let single = 0;
    let candidates = 0;
    for (let run = 0; run < RUNS; run++) {
      const { issuances, ballots: cast } = simulateWave(model, when, random);
      const report = pairByTiming(issuances, cast);
      ballots += report.ballots;
      unique += report.uniquelyPaired;
      single += report.singleIssuanceWindows;
      candidates += report.meanCandidates * report.ballots;
    }
    const pct = (n: number) => `${((100 * n) / ballots).toFixed(1)}%`;
    console.info(
      `| ${when === "at-send" ? "when the rep sends (Candor)" : "when the form is shown"} | ${(ballots / RUNS).toFixed(1)} per wave | ${pct(unique)} | ${pct(single)} | ${(candidates / ballots).toFixed(2)} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
