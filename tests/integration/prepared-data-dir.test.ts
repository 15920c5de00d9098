import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { openDatabase, type Database } from "../../db/client";
import { SQL_FUNCTIONS } from "../../db/functions/index";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import { preparePgliteImage } from "../../db/prepare-image";
import { isNewDataDir, type PreparedImage, type PreparedManifest } from "../../db/prepared";
import type { DB } from "../../db/schema";
import { openBallotPrivateKey } from "../../app/services/ballots.server";
import { loadConfig } from "../../app/config.server";
import { createAppContext, type AppContext } from "../../app/context.server";
import { seedDemo } from "../../app/services/demo/seed.server";
import { choosePreparedImage, prepareBaselineImage, prepareDemoImage } from "../../server/prepared-image";
import { schemaOf } from "../support/schema";

// A new PGlite data directory made the fast way — a copy of a data directory prepared at build time
// (ADR 028) — must be the database the migrations would have made: the same schema, the same migration
// records; later migrations still apply on top; an existing directory is never touched. The demo image
// holds the demo's history and nothing that must differ between installations. PGlite only: PostgreSQL
// databases are never made this way. Each case makes data directories on disk: tens of seconds.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const ALL = Object.keys(migrations);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "candor-prepared-"));
const images = path.join(work, "images");
let dirs = 0;
const newDir = () => path.join(work, `data-${++dirs}`, "pglite");

/** The database every PGlite test starts from: the migrations run one after another on a new database. */
async function migratedStepByStep(): Promise<Database> {
  return openDatabase({ pgliteDir: "memory://", pgliteLoadDataDir: new Blob([fs.readFileSync(inject("pgliteTemplatePath"))], { type: "application/x-gzip" }) });
}

/** An app on a database of its own, with a secret key of its own: one installation. */
function installation(database: Database): AppContext {
  const config = loadConfig({ NODE_ENV: "production", PORT: "3000", CANDOR_SECRET_KEY: crypto.randomBytes(32).toString("hex") });
  return createAppContext(database, config, { mailer: { description: "none", send: async () => {} } });
}

async function rowCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  // Tables, not the partitions of crm_opportunity (named after their snapshots, whose ids differ).
  const tables = (
    await sql<{ name: string }>`select relname as name from pg_class c where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')
      and not exists (select 1 from pg_inherits i where i.inhrelid = c.oid) order by 1`.execute(db)
  ).rows;
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(db)).rows[0]!.n;
  return counts;
}

/** Each wave of the demo by its period: status, responses, and what its answers add up to. */
async function demoAnswers(db: Kysely<DB>) {
  return (
    await sql<Record<string, unknown>>`
      select w.period_start, w.status, count(distinct r.id)::int as responses, count(a.value)::int as ratings, coalesce(sum(a.value), 0)::int as total,
        count(a.comment)::int as comments, (select count(*)::int from self_assessment s where s.wave_id = w.id and s.submitted_at is not null) as self_assessments
      from wave w left join response r on r.wave_id = w.id left join response_answer a on a.response_id = r.id
      group by w.id order by w.period_start`.execute(db)
  ).rows;
}

describe("prepared PGlite data directories [pglite]", () => {
  let baseline: PreparedImage;
  let reference: Awaited<ReturnType<typeof schemaOf>>;

  beforeAll(async () => {
    baseline = await prepareBaselineImage(images);
    const stepByStep = await migratedStepByStep();
    reference = await schemaOf(stepByStep.db);
    await stepByStep.close();
    expect(reference.columns.length).toBeGreaterThan(100);
    expect(reference.triggers.length).toBeGreaterThanOrEqual(5);
    expect(reference.migrations).toEqual(ALL);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("a new data directory made from the baseline image has exactly the schema of one migrated step by step", async () => {
    expect(baseline.manifest).toMatchObject({ kind: "baseline", migrations: ALL });
    const dir = newDir();
    const database = await openDatabase({ pgliteDir: dir, pglitePrepared: baseline.dir });
    try {
      expect(database.preparedFrom).toBe(baseline.dir);
      expect((await migrateToLatest(database.db)).applied).toEqual([]);
      expect(await schemaOf(database.db)).toEqual(reference);
    } finally {
      await database.close();
    }
    // Made beside the target and renamed into place: nothing left over.
    expect(fs.existsSync(`${dir}.preparing`)).toBe(false);
  });

  it("a migration added after the image was made applies on top, to the same schema", async () => {
    // The image as the build before the last migration made it: the others, and the SQL functions of then
    // (without those the last migration creates, which a build before it did not have).
    const last = ALL[ALL.length - 1]!;
    const older = Object.fromEntries(Object.entries(migrations).filter(([name]) => name !== last));
    const lastSource = fs.readFileSync(path.resolve(import.meta.dirname, `../../db/migrations/${last}.ts`), "utf8");
    // (None when the last migration creates no function: then the image has them all.)
    const functionsThen = SQL_FUNCTIONS.filter((f) => !new RegExp(`create function ${f.name}\\b`).test(lastSource));
    const oldImage = path.join(work, "old-baseline");
    expect(await preparePgliteImage(oldImage, { migrations: older, functions: functionsThen })).toEqual(ALL.slice(0, -1));

    const database = await openDatabase({ pgliteDir: newDir(), pglitePrepared: oldImage });
    try {
      expect(database.preparedFrom).toBe(oldImage);
      expect((await migrateToLatest(database.db)).applied).toEqual([last]);
      expect(await schemaOf(database.db)).toEqual(reference);
    } finally {
      await database.close();
    }
  });

  it("an existing data directory is left as it is, and a copy killed half-way is made again", async () => {
    const dir = newDir();
    const first = await openDatabase({ pgliteDir: dir, pglitePrepared: baseline.dir });
    await migrateToLatest(first.db);
    await sql`insert into organisation (slug, name) values ('kept', 'Kept')`.execute(first.db);
    await first.close();
    const files = fs.readdirSync(dir, { recursive: true }).length;

    const again = await openDatabase({ pgliteDir: dir, pglitePrepared: baseline.dir });
    try {
      expect(again.preparedFrom).toBeUndefined();
      expect((await sql<{ slug: string }>`select slug from organisation`.execute(again.db)).rows).toEqual([{ slug: "kept" }]);
    } finally {
      await again.close();
    }
    expect(fs.readdirSync(dir, { recursive: true }).length).toBeGreaterThanOrEqual(files);

    // A directory that holds anything is not new: PGlite gets it as before.
    expect(isNewDataDir(dir)).toBe(false);
    // What a process killed while copying leaves: the draft beside an empty directory.
    const killed = newDir();
    fs.mkdirSync(killed, { recursive: true });
    fs.mkdirSync(`${killed}.preparing`, { recursive: true });
    fs.writeFileSync(`${killed}.preparing/half-copied`, "x");
    const retried = await openDatabase({ pgliteDir: killed, pglitePrepared: baseline.dir });
    try {
      expect(retried.preparedFrom).toBe(baseline.dir);
      expect(fs.existsSync(path.join(killed, "half-copied"))).toBe(false);
      expect((await migrateToLatest(retried.db)).applied).toEqual([]);
    } finally {
      await retried.close();
    }
    expect(fs.existsSync(`${killed}.preparing`)).toBe(false);
  });

  describe("the demo image", () => {
    let demo: PreparedImage;

    beforeAll(async () => {
      demo = await prepareDemoImage(images, baseline, { now: new Date(), codeKey: "test" });
    });

    it("has the schema of a migrated database, the demo's history, and nothing that must differ between installations", async () => {
      expect(demo.manifest).toMatchObject({ kind: "demo", migrations: ALL, demo: { timezone: "UTC" } });
      const database = await openDatabase({ pgliteDir: newDir(), pglitePrepared: demo.dir });
      try {
        expect(await schemaOf(database.db)).toEqual(reference);
        const counts = await rowCounts(database.db);
        // People, six closed pulses with answers, the training and CRM snapshots.
        expect(counts.person).toBeGreaterThan(90);
        expect(counts.response).toBeGreaterThan(300);
        expect(counts.training_cohort).toBe(1);
        expect(counts.crm_snapshot).toBeGreaterThan(0);
        expect((await demoAnswers(database.db)).map((w) => w.status)).toEqual(["closed", "closed", "closed", "closed", "closed", "closed"]);
        // No session, sign-in link, personal link, API token, ballot key or signature record…
        for (const table of ["session", "auth_token", "wave_link", "api_token", "ballot_key", "ballot_issuance", "login_failure"]) expect(counts[table], table).toBe(0);
        // …no password hash, and no hash or key of any kind: every bytea column is empty.
        expect((await sql<{ n: number }>`select count(*)::int as n from person where password_hash is not null`.execute(database.db)).rows[0]!.n).toBe(0);
        const byteaColumns = (
          await sql<{ table: string; column: string }>`select table_name as table, column_name as column from information_schema.columns
            where table_schema = 'public' and data_type = 'bytea'`.execute(database.db)
        ).rows;
        expect(byteaColumns.length).toBeGreaterThanOrEqual(8);
        for (const { table, column } of byteaColumns) {
          // A comment's conversation key (ADR 054) is a hash of a token only its author's browser holds; the demo's
          // comments were sent by no browser, so theirs are hashes of tokens no one has kept: the same in every
          // installation, and no use to anyone, since only the token opens a conversation.
          if (table === "response" && column === "thread_key") continue;
          const filled = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} is not null`.execute(database.db);
          expect(filled.rows[0]!.n, `${table}.${column}`).toBe(0);
        }
      } finally {
        await database.close();
      }
    });

    it("two installations started from it each make their own open pulse, ballot keys and passwords: the demo a seed at start makes", async () => {
      const started = [];
      for (const name of ["A", "B"]) {
        const database = await openDatabase({ pgliteDir: newDir(), pglitePrepared: demo.dir });
        const app = installation(database);
        await migrateToLatest(database.db);
        const seeded = await seedDemo(app);
        expect(seeded.summary, name).toContain("(seeded now)");
        started.push({ database, app });
      }
      const [a, b] = started as [{ database: Database; app: AppContext }, { database: Database; app: AppContext }];
      // The same demo as a seed that runs whole at the first start, on a database migrated step by step.
      const direct = await migratedStepByStep();
      try {
        await seedDemo(installation(direct));
        expect(await rowCounts(a.database.db)).toEqual(await rowCounts(direct.db));
        expect(await demoAnswers(a.database.db)).toEqual(await demoAnswers(direct.db));
        expect(await demoAnswers(b.database.db)).toEqual(await demoAnswers(direct.db));

        const secrets = async (db: Kysely<DB>) => ({
          passwords: new Set((await db.selectFrom("person").select("passwordHash").execute()).map((p) => p.passwordHash)),
          keys: await db.selectFrom("ballotKey").select(["waveId", "teamId", "publicKey", "privateKey"]).execute(),
        });
        const [sa, sb] = [await secrets(a.database.db), await secrets(b.database.db)];
        // One demo password hash per installation, salted: the two differ.
        expect(sa.passwords.size).toBe(1);
        expect([...sa.passwords][0]).toMatch(/^\$argon2id\$/);
        expect([...sa.passwords][0]).not.toBe([...sb.passwords][0]);
        // The open pulse's 12 key pairs were made at each first start, sealed under that installation's key.
        expect(sa.keys).toHaveLength(12);
        expect(new Set([...sa.keys, ...sb.keys].map((k) => Buffer.from(k.publicKey).toString("hex"))).size).toBe(24);
        const key = sa.keys[0]!;
        expect(openBallotPrivateKey(a.app, key.waveId, key.teamId, key.privateKey!).length).toBeGreaterThan(1000);
        expect(() => openBallotPrivateKey(b.app, key.waveId, key.teamId, key.privateKey!)).toThrow();

        // The next start does nothing more.
        expect((await seedDemo(a.app)).summary).toContain("(already seeded)");
      } finally {
        await direct.close();
        for (const s of started) await s.database.close();
      }
    });

    it("is taken only on the day it was made; otherwise the baseline; neither when made by another PGlite or holding an unknown migration", async () => {
      const day = demo.manifest.demo!.date;
      const noon = new Date(`${day}T12:00:00Z`);
      expect(choosePreparedImage(images, { demo: true, now: noon })?.manifest.kind).toBe("demo");
      expect(choosePreparedImage(images, { demo: false, now: noon })?.manifest.kind).toBe("baseline");
      expect(choosePreparedImage(images, { demo: true, now: new Date(noon.getTime() + 86_400_000) })?.manifest.kind).toBe("baseline");
      expect(choosePreparedImage(path.join(work, "no-images"), { demo: true, now: noon })).toBeNull();

      const edited = path.join(work, "edited");
      for (const name of ["baseline", "demo"]) {
        fs.mkdirSync(path.join(edited, name), { recursive: true });
        fs.copyFileSync(path.join(images, name, "PG_VERSION"), path.join(edited, name, "PG_VERSION"));
      }
      const write = (name: string, change: Partial<PreparedManifest>) =>
        fs.writeFileSync(path.join(edited, `${name}.json`), JSON.stringify({ ...(name === "demo" ? demo.manifest : baseline.manifest), ...change }));
      write("baseline", { pglite: "0.0.1" });
      write("demo", { migrations: [...ALL, "9999_from_a_newer_build"] });
      expect(choosePreparedImage(edited, { demo: true, now: noon })).toBeNull();
      write("baseline", {});
      expect(choosePreparedImage(edited, { demo: true, now: noon })?.manifest.kind).toBe("baseline");
    });
  });
});
