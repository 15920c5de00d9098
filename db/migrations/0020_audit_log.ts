import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// The audit log (issue 23, ADR 036): who did what to an organisation's people, teams, settings, programs,
// exports and API tokens, append-only and hash-chained per organisation.
//
// - audit_chain: one row per organisation, the head of its chain (the last sequence number and hash). An
//   append locks this row (select … for update) inside the caller's transaction, so two appends of one
//   organisation never take the same sequence number or link to the same predecessor: the chain cannot fork.
// - audit_entry: the entries. `hash` is SHA-256 of the previous entry's hash and the entry's canonical JSON
//   (computed by the server; `candor audit verify` recomputes it). People appear by id only; their names and
//   emails go to audit_personal_detail, whose digest (with a random salt) is what the chain hashes.
//   Append-only: a trigger refuses updates and deletes, except deletes cascading from the organisation's.
// - audit_personal_detail: a person's details in an entry (names, emails before and after), one row per
//   entry and person. Erasing the person deletes these rows (directly, or by the cascade from the person);
//   the entry keeps the digest, which without the salt reveals nothing, so the chain still verifies.
//   Rows are never updated (a trigger refuses it).
//
// Hashes are lowercase hex text (64 digits) so that they read the same in psql, the CLI and the page.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("audit_chain")
    .addColumn("organisation_id", "uuid", (c) => c.primaryKey().references("organisation.id").onDelete("cascade"))
    .addColumn("last_seq", "bigint", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`last_seq >= 0`),
    )
    .addColumn("last_hash", "text", (c) => c.notNull().check(sql`last_hash ~ '^[0-9a-f]{64}$'`))
    .execute();

  await db.schema
    .createTable("audit_entry")
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("seq", "bigint", (c) => c.notNull().check(sql`seq >= 1`))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("actor_kind", "text", (c) => c.notNull().check(sql`actor_kind in ('person', 'api-token', 'system')`))
    // A person's id, an API token's id, or a system part's name ('cli', 'worker', 'demo-seed', …).
    .addColumn("actor_id", "text", (c) => c.notNull().check(sql`char_length(actor_id) between 1 and 100`))
    .addColumn("action", "text", (c) => c.notNull().check(sql`action ~ '^[a-z][a-z-]*(\\.[a-z][a-z-]*)+$'`))
    .addColumn("target_type", "text", (c) => c.check(sql`target_type ~ '^[a-z][a-z-]*$'`))
    .addColumn("target_id", "text", (c) => c.check(sql`char_length(target_id) between 1 and 200`))
    .addColumn("source", "text", (c) => c.check(sql`source in ('ui', 'csv', 'api', 'scim', 'cli', 'worker', 'demo')`))
    .addColumn("before", "jsonb")
    .addColumn("after", "jsonb")
    // [{"personId": …, "digest": …}]: the digests of the personal details kept in audit_personal_detail.
    .addColumn("personal", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("prev_hash", "text", (c) => c.notNull().check(sql`prev_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn("hash", "text", (c) => c.notNull().check(sql`hash ~ '^[0-9a-f]{64}$'`))
    .addPrimaryKeyConstraint("audit_entry_pkey", ["organisation_id", "seq"])
    .addCheckConstraint("audit_entry_target", sql`(target_type is null) = (target_id is null)`)
    .execute();
  await db.schema.createIndex("audit_entry_time_idx").on("audit_entry").columns(["organisation_id", "occurred_at"]).execute();
  await db.schema.createIndex("audit_entry_actor_idx").on("audit_entry").columns(["organisation_id", "actor_id", "seq"]).execute();
  await db.schema.createIndex("audit_entry_action_idx").on("audit_entry").columns(["organisation_id", "action", "seq"]).execute();
  await db.schema.createIndex("audit_entry_target_idx").on("audit_entry").columns(["organisation_id", "target_type", "target_id", "seq"]).execute();

  await db.schema
    .createTable("audit_personal_detail")
    .addColumn("organisation_id", "uuid", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.notNull())
    .addColumn("salt", "text", (c) => c.notNull().check(sql`salt ~ '^[0-9a-f]{32}$'`))
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("audit_personal_detail_pkey", ["organisation_id", "seq", "person_id"])
    .addForeignKeyConstraint("audit_personal_detail_entry", ["organisation_id", "seq"], "audit_entry", ["organisation_id", "seq"], (c) => c.onDelete("cascade"))
    // Deleting the person (erasure) deletes their details with them.
    .addForeignKeyConstraint("audit_personal_detail_person", ["person_id", "organisation_id"], "person", ["id", "organisation_id"], (c) => c.onDelete("cascade"))
    .execute();
  await db.schema.createIndex("audit_personal_detail_person_idx").on("audit_personal_detail").columns(["organisation_id", "person_id"]).execute();

  await sql`
    create function audit_entry_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
        return old;
      end if;
      raise exception 'audit entries are append-only' using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger audit_entry_append_only before update or delete on audit_entry
    for each row execute function audit_entry_append_only()`.execute(db);
  await sql`
    create function audit_personal_detail_unchanged() returns trigger language plpgsql as $$
    begin
      raise exception 'personal details of audit entries are never changed, only forgotten' using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger audit_personal_detail_unchanged before update on audit_personal_detail
    for each row execute function audit_personal_detail_unchanged()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_personal_detail").execute();
  await db.schema.dropTable("audit_entry").execute();
  await db.schema.dropTable("audit_chain").execute();
  await sql`drop function audit_personal_detail_unchanged`.execute(db);
  await sql`drop function audit_entry_append_only`.execute(db);
}
