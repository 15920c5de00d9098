import { sql } from "kysely";
import { expect, it, vi } from "vitest";
import { seedDemo } from "../../app/services/demo/seed.server";
import { verifyAuditChain } from "../../app/services/audit.server";
import { describeWithDb } from "../support/test-db";

// Issue 23, part 1: the audit log never holds survey answers or comments. The demo is the full flow: a
// roster, six closed monthly pulses and an open one answered through the ballot path with comments, managers'
// self-assessments, a training, CRM snapshots.

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

// The demo seed replays six months of answers: tens of seconds on a shared machine.
vi.setConfig({ testTimeout: 240_000 });

describeWithDb("the audit log holds no survey answer", (t) => {
  it("after the demo's whole flow: no comment text, no answer, no answering action; the chain holds", async () => {
    await seedDemo(t.app);
    const org = await t.app.db.selectFrom("organisation").select("id").where("slug", "=", "northwind").executeTakeFirstOrThrow();
    const entries = await t.app.db.selectFrom("auditEntry").selectAll().where("organisationId", "=", org.id).execute();
    const details = await t.app.db.selectFrom("auditPersonalDetail").selectAll().where("organisationId", "=", org.id).execute();
    expect(entries.length).toBeGreaterThan(100);
    const text = JSON.stringify([entries, details]);

    const comments = [
      ...(await sql<{ c: string }>`select comment as c from answer where comment is not null`.execute(t.app.db)).rows.map((r) => r.c),
      ...(await sql<{ c: string }>`select unnest(pending_comments) as c from response where pending_comments is not null`.execute(t.app.db)).rows.map((r) => r.c),
    ].filter((c) => c && c.length >= 12);
    expect(comments.length).toBeGreaterThan(20);
    for (const comment of comments) expect(text.includes(comment), comment).toBe(false);

    // No entry is about answering, and none carries answer-shaped values.
    expect(entries.filter((e) => /^(pulse|response|answer|ballot|self-assessment|participation)\./.test(e.action))).toEqual([]);
    const keys = keysOf([entries.map((e) => [e.before, e.after]), details.map((d) => d.data)]);
    for (const forbidden of ["answer", "answers", "value", "values", "comment", "comments", "ballot"]) expect(keys.has(forbidden), forbidden).toBe(false);

    expect(new Set(entries.map((e) => e.action))).toEqual(
      new Set(["organisation.create", "roster.import", "person.add", "team.create", "team.manager-change", "program.create", "training.create", "crm.import"]),
    );
    expect(await verifyAuditChain(t.app, org.id)).toMatchObject({ entries: entries.length, broken: null });
  });
});
