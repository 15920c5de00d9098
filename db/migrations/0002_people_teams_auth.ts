import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("person")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('rep', 'manager', 'enablement', 'admin')`))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("password_hash", "text")
    .addColumn("password_changed_at", "timestamptz")
    .addColumn("deactivated_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("person_id_organisation", ["id", "organisation_id"])
    .execute();
  // Emails are unique per organisation, whatever their case.
  await sql`create unique index person_organisation_email on person (organisation_id, lower(email))`.execute(db);
  await sql`create index person_email on person (lower(email))`.execute(db);

  await db.schema
    .createTable("team")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("parent_id", "uuid")
    .addColumn("manager_id", "uuid")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("team_id_organisation", ["id", "organisation_id"])
    .addCheckConstraint("team_not_own_parent", sql`parent_id is null or parent_id <> id`)
    // Composite keys keep a parent, a manager or a member inside the same organisation.
    .addForeignKeyConstraint("team_parent", ["parent_id", "organisation_id"], "team", ["id", "organisation_id"])
    .addForeignKeyConstraint("team_manager", ["manager_id", "organisation_id"], "person", ["id", "organisation_id"])
    .execute();
  await sql`create unique index team_organisation_name on team (organisation_id, lower(name))`.execute(db);
  await db.schema.createIndex("team_parent_idx").on("team").column("parent_id").execute();
  await db.schema.createIndex("team_manager_idx").on("team").column("manager_id").execute();

  await db.schema
    .createTable("team_membership")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.notNull())
    .addColumn("team_id", "uuid", (c) => c.notNull())
    .addColumn("valid_from", "date", (c) => c.notNull())
    .addColumn("valid_to", "date")
    .addCheckConstraint("team_membership_range", sql`valid_to is null or valid_to >= valid_from`)
    .addForeignKeyConstraint("team_membership_person", ["person_id", "organisation_id"], "person", ["id", "organisation_id"], (c) => c.onDelete("cascade"))
    .addForeignKeyConstraint("team_membership_team", ["team_id", "organisation_id"], "team", ["id", "organisation_id"], (c) => c.onDelete("cascade"))
    .execute();
  // A person belongs to at most one team at a time.
  await sql`create unique index team_membership_current on team_membership (person_id) where valid_to is null`.execute(db);
  await db.schema.createIndex("team_membership_team_idx").on("team_membership").columns(["team_id", "valid_from"]).execute();

  await db.schema
    .createTable("session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("secret_hash", "bytea", (c) => c.notNull())
    .addColumn("organisation_id", "uuid", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint("session_person", ["person_id", "organisation_id"], "person", ["id", "organisation_id"], (c) => c.onDelete("cascade"))
    .execute();
  await db.schema.createIndex("session_person_idx").on("session").column("person_id").execute();

  await db.schema
    .createTable("auth_token")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("secret_hash", "bytea", (c) => c.notNull())
    .addColumn("organisation_id", "uuid", (c) => c.notNull())
    .addColumn("person_id", "uuid", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('invitation', 'password_reset')`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint("auth_token_person", ["person_id", "organisation_id"], "person", ["id", "organisation_id"], (c) => c.onDelete("cascade"))
    .execute();
  await db.schema.createIndex("auth_token_person_idx").on("auth_token").column("person_id").execute();

  // Failed sign-ins, keyed by a hash of the email or the client address (neither is kept in clear).
  await db.schema
    .createTable("login_failure")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("failed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("login_failure_key_idx").on("login_failure").columns(["key_hash", "failed_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["login_failure", "auth_token", "session", "team_membership", "team", "person"]) {
    await db.schema.dropTable(table).execute();
  }
}
