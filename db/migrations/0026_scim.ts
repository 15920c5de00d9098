import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// SCIM 2.0 provisioning (issue 24, part 3; ADR 044). An identity provider (Okta, Entra ID) creates, updates and
// deactivates people and places them in teams through /scim/v2, with a bearer token an admin made.
//
// - scim_token: per organisation, like api_token: only the SHA-256 of the secret is kept; revocable; its
//   rate window (requests in the current minute) is kept on the row, one update per request.
// - scim_user: what SCIM knows of a person beyond Candor's own columns: the provider's externalId, the
//   given and family names as sent (Candor keeps one name), and when the provider deleted them (they are
//   deactivated, never erased). Names a person: erasure deletes the row.
// - scim_group: a team's externalId, and when the provider deleted the group (the team itself stays, with its
//   history and results; it is no longer a SCIM group until one of that name is created again).
// - scim_request: the last requests each organisation's provider sent (what it sent, what Candor made of
//   it), for the admin page's "recent requests". Bounded by the service (newest 100 per organisation, none
//   older than 30 days); never a password, never a header. Rows that concern a person go on erasure.
// - team_membership_event.source, audit_entry.actor_kind and form_submission.kind gain 'scim', 'scim-token'
//   and 'scim-token' (the token form, sent twice, makes one token). The lists are
//   read from the constraints as they stand, so that a migration before this one that added a value keeps it.

/** Rewrites a `col in ('a', 'b')` check constraint with `value` added to its list. */
async function addToCheckList(db: Kysely<any>, table: string, column: string, value: string): Promise<void> {
  const found = await sql<{ name: string; def: string }>`
    select c.conname as name, pg_get_constraintdef(c.oid) as def from pg_constraint c
    where c.conrelid = ${table}::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like ${`%${column}%`}`.execute(db);
  const constraint = found.rows[0];
  if (!constraint) throw new Error(`no check constraint on ${table}.${column}`);
  const values = [...constraint.def.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  if (values.includes(value)) return;
  const list = sql.join([...values, value].map((v) => sql.lit(v)));
  await sql`alter table ${sql.table(table)} drop constraint ${sql.id(constraint.name)}`.execute(db);
  await sql`alter table ${sql.table(table)} add constraint ${sql.id(constraint.name)} check (${sql.ref(column)} in (${list}))`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("scim_token")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("secret_hash", "bytea", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("person.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addColumn("window_start", "timestamptz")
    .addColumn("window_requests", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("scim_token_organisation_idx").on("scim_token").column("organisation_id").execute();

  await db.schema
    .createTable("scim_user")
    .addColumn("person_id", "uuid", (c) => c.primaryKey())
    .addColumn("organisation_id", "uuid", (c) => c.notNull())
    .addColumn("external_id", "text")
    .addColumn("given_name", "text")
    .addColumn("family_name", "text")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    // Set by a SCIM DELETE: the person is deactivated and no longer a SCIM User; creating them again clears it.
    .addColumn("deleted_at", "timestamptz")
    .addForeignKeyConstraint("scim_user_person", ["person_id", "organisation_id"], "person", ["id", "organisation_id"], (c) => c.onDelete("cascade"))
    .execute();
  await sql`create unique index scim_user_external_id on scim_user (organisation_id, external_id) where external_id is not null`.execute(db);

  await db.schema
    .createTable("scim_group")
    .addColumn("team_id", "uuid", (c) => c.primaryKey())
    .addColumn("organisation_id", "uuid", (c) => c.notNull())
    .addColumn("external_id", "text")
    .addColumn("deleted_at", "timestamptz")
    .addForeignKeyConstraint("scim_group_team", ["team_id", "organisation_id"], "team", ["id", "organisation_id"], (c) => c.onDelete("cascade"))
    .execute();

  await db.schema
    .createTable("scim_request")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("token_id", "text", (c) => c.references("scim_token.id").onDelete("set null"))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("status", "integer", (c) => c.notNull())
    .addColumn("person_id", "uuid")
    .addColumn("received", "jsonb")
    .addColumn("outcome", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("scim_request_organisation_idx").on("scim_request").columns(["organisation_id", "id"]).execute();

  await addToCheckList(db, "team_membership_event", "source", "scim");
  await addToCheckList(db, "audit_entry", "actor_kind", "scim-token");
  await addToCheckList(db, "form_submission", "kind", "scim-token");
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("scim_request").execute();
  await db.schema.dropTable("scim_group").execute();
  await db.schema.dropTable("scim_user").execute();
  await db.schema.dropTable("scim_token").execute();
}
