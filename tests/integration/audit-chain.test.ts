import path from "node:path";
import { sql, type Kysely } from "kysely";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GENESIS_HASH, canonicalJson, entryHash } from "../../app/domain/audit";
import { forgetAuditSubject, recordAudit, verifyAuditChain } from "../../app/services/audit.server";
import { openDatabase } from "../../db/client";
import type { DB } from "../../db/schema";
import { cliDatabase, runCli } from "../support/cli";
import { backends, describeWithDb } from "../support/test-db";

// Issue 23, part 1: the audit log is append-only and hash-chained per organisation; `verify` walks the
// chain and names the first entry that does not hold; erasure forgets a person's details and the chain
// still verifies (ADR 036).

/** What an attacker with SQL does: switch the append-only trigger off around a statement. */
async function tamper(db: Kysely<DB>, statement: ReturnType<typeof sql>) {
  await db.transaction().execute(async (trx) => {
    await sql`alter table audit_entry disable trigger audit_entry_append_only`.execute(trx);
    await statement.execute(trx);
    await sql`alter table audit_entry enable trigger audit_entry_append_only`.execute(trx);
  });
}

/** An organisation with two people, written directly so that its audit chain starts empty. */
async function newOrganisation(db: Kysely<DB>, slug: string) {
  const org = await db
    .insertInto("organisation")
    .values({ slug, name: `Org ${slug}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto("person")
    .values({ organisationId: org.id, email: `maria@${slug}.example`, name: "Maria Admin", role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const other = await db
    .insertInto("person")
    .values({ organisationId: org.id, email: `bob@${slug}.example`, name: "Bob Rep", role: "rep" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { org, maria: person.id, bob: other.id };
}

describeWithDb("audit chain", (t) => {
  let ids: Awaited<ReturnType<typeof newOrganisation>>;
  beforeAll(async () => {
    ids = await newOrganisation(t.app.db, "chain");
  });

  it("links each entry to the one before it, and verify walks them all", async () => {
    const orgId = ids.org.id;
    const at = new Date("2026-03-01T10:00:00.123Z");
    const s1 = await recordAudit(t.app.db, {
      organisationId: orgId,
      actor: { kind: "person", personId: ids.maria },
      action: "organisation.settings-change",
      target: { type: "organisation", id: orgId },
      source: "ui",
      before: { minGroupSize: 5 },
      after: { minGroupSize: 7 },
      at,
    });
    const s2 = await recordAudit(t.app.db, {
      organisationId: orgId,
      actor: { kind: "system", name: "cli" },
      action: "person.change",
      target: { type: "person", id: ids.bob },
      source: "csv",
      before: { role: "rep" },
      after: { role: "manager" },
      personal: [{ personId: ids.bob, before: { email: `bob@chain.example` }, after: { email: `robert@chain.example` } }],
      at,
    });
    expect([s1, s2]).toEqual([1, 2]);
    const rows = await t.app.db.selectFrom("auditEntry").selectAll().where("organisationId", "=", orgId).orderBy("seq").execute();
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[0]!.occurredAt.toISOString()).toBe("2026-03-01T10:00:00.123Z");
    // The hash is the domain's function of the previous hash and the entry's canonical content.
    expect(rows[0]!.hash).toBe(
      entryHash(GENESIS_HASH, {
        organisationId: orgId,
        seq: 1,
        occurredAt: at,
        actor: { kind: "person", personId: ids.maria },
        action: "organisation.settings-change",
        target: { type: "organisation", id: orgId },
        source: "ui",
        before: { minGroupSize: 5 },
        after: { minGroupSize: 7 },
        personal: [],
      }),
    );
    // Bob's emails are not in the hashed row, only a digest; they are in the detail table.
    expect(JSON.stringify(rows[1])).not.toContain("chain.example");
    expect(rows[1]!.personal).toEqual([{ personId: ids.bob, digest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const verified = await verifyAuditChain(t.app, orgId);
    expect(verified).toEqual({ organisationId: orgId, entries: 2, detailsChecked: 1, detailsForgotten: 0, headHash: rows[1]!.hash, broken: null });
  });

  it("is append-only: updates and deletes are refused by the database", async () => {
    await expect(sql`update audit_entry set action = 'person.invite' where organisation_id = ${ids.org.id} and seq = 1`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_entry where organisation_id = ${ids.org.id}`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_personal_detail set data = '{}'::jsonb where organisation_id = ${ids.org.id}`.execute(t.app.db)).rejects.toThrow(/never changed/);
    expect((await verifyAuditChain(t.app, ids.org.id)).entries).toBe(2);
  });

  it("commits and rolls back with the caller's transaction", async () => {
    await expect(
      t.app.db.transaction().execute(async (trx) => {
        await recordAudit(trx, { organisationId: ids.org.id, actor: { kind: "system", name: "cli" }, action: "team.create", target: { type: "team", id: "x" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const verified = await verifyAuditChain(t.app, ids.org.id);
    expect(verified).toMatchObject({ entries: 2, broken: null });
  });

  it("never forks under concurrent appends: sequence numbers 1..n, each linked to its predecessor", async () => {
    const { org } = await newOrganisation(t.app.db, "busy");
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        t.app.db.transaction().execute(async (trx) => {
          // Some work before the append, so that transactions overlap on PostgreSQL.
          await sql`select pg_sleep(0.01)`.execute(trx);
          await recordAudit(trx, {
            organisationId: org.id,
            actor: { kind: "system", name: "worker" },
            action: "wave.open",
            target: { type: "wave", id: `w${i}` },
            source: "worker",
          });
        }),
      ),
    );
    const rows = await t.app.db.selectFrom("auditEntry").select(["seq", "prevHash", "hash"]).where("organisationId", "=", org.id).orderBy("seq").execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(24);
    expect(await verifyAuditChain(t.app, org.id)).toMatchObject({ entries: 24, broken: null });
  });

  it("erasure forgets a person's details and the chain still verifies", async () => {
    const { org, maria, bob } = await newOrganisation(t.app.db, "forget");
    for (const email of ["bob2@forget.example", "bob3@forget.example"]) {
      await recordAudit(t.app.db, {
        organisationId: org.id,
        actor: { kind: "person", personId: maria },
        action: "person.change",
        target: { type: "person", id: bob },
        source: "ui",
        personal: [
          { personId: bob, after: { email } },
          { personId: maria, after: { note: "kept" } },
        ],
      });
    }
    expect(await verifyAuditChain(t.app, org.id)).toMatchObject({ entries: 2, detailsChecked: 4, detailsForgotten: 0, broken: null });
    await t.app.db.transaction().execute(async (trx) => expect(await forgetAuditSubject(trx, org.id, bob)).toBe(2));
    const left = await t.app.db.selectFrom("auditPersonalDetail").select(["personId", "data"]).where("organisationId", "=", org.id).execute();
    expect(left.map((d) => d.personId)).toEqual([maria, maria]);
    expect(JSON.stringify(await t.app.db.selectFrom("auditEntry").selectAll().where("organisationId", "=", org.id).execute())).not.toContain("forget.example");
    expect(await verifyAuditChain(t.app, org.id)).toMatchObject({ entries: 2, detailsChecked: 2, detailsForgotten: 2, broken: null });
    // Deleting the person row (as erasure may) takes their remaining details with it.
    await recordAudit(t.app.db, {
      organisationId: org.id,
      actor: { kind: "person", personId: maria },
      action: "person.change",
      personal: [{ personId: bob, after: { name: "B" } }],
    });
    await t.app.db.deleteFrom("person").where("id", "=", bob).execute();
    expect(await verifyAuditChain(t.app, org.id)).toMatchObject({ entries: 3, detailsChecked: 2, detailsForgotten: 3, broken: null });
  });

  it("verify names the first entry changed with SQL, and the reason", async () => {
    const { org, maria } = await newOrganisation(t.app.db, "tamper");
    for (const [before, after] of [
      [5, 7],
      [7, 6],
      [6, 8],
      [8, 5],
    ]) {
      await recordAudit(t.app.db, {
        organisationId: org.id,
        actor: { kind: "person", personId: maria },
        action: "organisation.settings-change",
        source: "ui",
        before: { minGroupSize: before! },
        after: { minGroupSize: after! },
        personal: [{ personId: maria, after: { name: "Maria" } }],
      });
    }
    expect(await verifyAuditChain(t.app, org.id)).toMatchObject({ entries: 4, broken: null });

    // Hide that the minimum group went down to 6 at entry 2.
    await tamper(t.app.db, sql`update audit_entry set after = '{"minGroupSize": 7}'::jsonb where organisation_id = ${org.id} and seq = 2`);
    expect(await verifyAuditChain(t.app, org.id)).toMatchObject({
      entries: 1,
      broken: { seq: 2, reason: "its content does not match its hash (the entry was changed)" },
    });
    // Recomputing that entry's hash moves the break to the next entry, which links to the old hash.
    const row = await t.app.db.selectFrom("auditEntry").selectAll().where("organisationId", "=", org.id).where("seq", "=", 2).executeTakeFirstOrThrow();
    const rehashed = entryHash(row.prevHash, {
      organisationId: org.id,
      seq: 2,
      occurredAt: row.occurredAt,
      actor: { kind: "person", personId: maria },
      action: row.action,
      target: null,
      source: "ui",
      before: { minGroupSize: 7 },
      after: { minGroupSize: 7 },
      personal: row.personal,
    });
    await tamper(t.app.db, sql`update audit_entry set hash = ${rehashed} where organisation_id = ${org.id} and seq = 2`);
    expect(await verifyAuditChain(t.app, org.id)).toMatchObject({ entries: 2, broken: { seq: 3, reason: "it does not link to the hash of the entry before it" } });
  });

  it("verify finds an entry removed from the middle or the end, and changed personal details", async () => {
    const { org, maria } = await newOrganisation(t.app.db, "gaps");
    for (let i = 0; i < 4; i++) {
      await recordAudit(t.app.db, {
        organisationId: org.id,
        actor: { kind: "person", personId: maria },
        action: "team.create",
        target: { type: "team", id: `t${i}` },
        personal: [{ personId: maria, after: { name: `Maria ${i}` } }],
      });
    }
    await t.app.db.transaction().execute(async (trx) => {
      await sql`alter table audit_personal_detail disable trigger audit_personal_detail_unchanged`.execute(trx);
      await sql`update audit_personal_detail set data = '{"before": null, "after": {"name": "Someone else"}}'::jsonb where organisation_id = ${org.id} and seq = 3`.execute(trx);
      await sql`alter table audit_personal_detail enable trigger audit_personal_detail_unchanged`.execute(trx);
    });
    expect((await verifyAuditChain(t.app, org.id)).broken).toEqual({ seq: 3, reason: "a person's details do not match their digest (the details were changed)" });
    await tamper(t.app.db, sql`delete from audit_entry where organisation_id = ${org.id} and seq >= 3`);
    expect(await verifyAuditChain(t.app, org.id)).toMatchObject({
      entries: 2,
      broken: { seq: 3, reason: "the chain's head names entry 4, but the chain ends at entry 2 (entries were removed or changed at its end)" },
    });
    await tamper(t.app.db, sql`delete from audit_entry where organisation_id = ${org.id} and seq = 1`);
    expect((await verifyAuditChain(t.app, org.id)).broken).toEqual({ seq: 1, reason: "entry 1 is missing (the next one is 2)" });
  });

  it("refuses what is not an entry: bad actions, actors and values", async () => {
    const base = { organisationId: ids.org.id, actor: { kind: "system" as const, name: "cli" } };
    await expect(recordAudit(t.app.db, { ...base, action: "Roster Import" })).rejects.toThrow(TypeError);
    await expect(recordAudit(t.app.db, { ...base, action: "roster.import", actor: { kind: "person", personId: "nobody" } })).rejects.toThrow(TypeError);
    await expect(recordAudit(t.app.db, { ...base, action: "roster.import", after: { n: Number.NaN } })).rejects.toThrow(TypeError);
    await expect(recordAudit(t.app.db, { ...base, action: "roster.import", after: { at: new Date() as never } })).rejects.toThrow(TypeError);
    // Strings jsonb cannot hold are stored as U+FFFD, and the chain still verifies.
    await recordAudit(t.app.db, { ...base, action: "roster.import", after: { text: "a\u0000b\ud800" } });
    expect(await verifyAuditChain(t.app, ids.org.id)).toMatchObject({ entries: 3, broken: null });
  });
});

describe("canonical JSON", () => {
  it("orders members by name at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: [{ d: "x", c: null }], ä: true, A: 0.5 })).toBe('{"A":0.5,"a":[{"c":null,"d":"x"}],"b":1,"ä":true}');
  });
});

vi.setConfig({ testTimeout: 180_000 });
for (const kind of backends) {
  describe(`candor audit verify [${kind}]`, () => {
    const { env, dir } = cliDatabase(kind, "audit");
    const open = () => openDatabase(kind === "pglite" ? { pgliteDir: env.PGLITE_DIR! } : { url: env.DATABASE_URL!, poolSize: 1 });

    it("records the CLI's organisation and export, prints the entries checked and the head, and exits 1 naming the entry changed with SQL", async () => {
      expect((await runCli(["create-org", "--slug", "acme", "--name", "Acme Sales"], env)).code).toBe(0);
      expect((await runCli(["export-results", "--org", "acme", "--format", "json", "--out", path.join(dir, "results.json")], env)).code).toBe(0);
      let database = await open();
      const org = await database.db.selectFrom("organisation").select("id").where("slug", "=", "acme").executeTakeFirstOrThrow();
      const recorded = await database.db
        .selectFrom("auditEntry")
        .select(["action", "actorKind", "actorId", "source", "after"])
        .where("organisationId", "=", org.id)
        .orderBy("seq")
        .execute();
      expect(recorded).toEqual([
        { action: "organisation.create", actorKind: "system", actorId: "cli", source: "cli", after: { slug: "acme", name: "Acme Sales" } },
        {
          action: "results.export",
          actorKind: "system",
          actorId: "cli",
          source: "cli",
          after: { format: "json", period: "quarter", metrics: expect.any(Array), lags: expect.any(Array), to: "results.json" },
        },
      ]);
      for (const size of [6, 7, 8]) {
        await recordAudit(database.db, { organisationId: org.id, actor: { kind: "system", name: "cli" }, action: "organisation.settings-change", after: { minGroupSize: size } });
      }
      await database.close();
      const ok = await runCli(["audit", "verify", "--organisation", "acme"], env);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^Audit log of Acme Sales \(acme\): \d+ entries checked, the chain holds\.\n {2}last entry \d+, hash [0-9a-f]{64}\n/);

      database = await open();
      const last = await database.db.selectFrom("auditChain").select("lastSeq").where("organisationId", "=", org.id).executeTakeFirstOrThrow();
      await tamper(database.db, sql`update audit_entry set after = '{"minGroupSize": 5}'::jsonb where organisation_id = ${org.id} and seq = ${last.lastSeq - 1}`);
      await database.close();
      const broken = await runCli(["audit", "verify"], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`Audit log of Acme Sales (acme): BROKEN at entry ${last.lastSeq - 1}: its content does not match its hash (the entry was changed).`);
      expect(broken.stderr).toBe("1 audit log broken.\n");
    });
  });
}
