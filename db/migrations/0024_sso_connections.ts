import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Sign-in through the organisation's identity provider (issue 24, ADR 042). An organisation may have
// several connections (OpenID Connect or SAML), each covering the email domains its people sign in with.
// A person is tied to a provider's account the first time they sign in through it (sso_identity): later
// sign-ins match on the provider's stable subject, so a changed email at the provider does not open
// someone else's account. The OIDC client secret is sealed under the server's secret key (never plain).
// Tokens from the provider are not kept: only the subject and when it was last used.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sso_connection")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('oidc', 'saml')`))
    // What the login page's button says: "Sign in with Okta".
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 1 and 60`))
    // Lowercase domains, without "@": the people whose email ends in one of them sign in here.
    .addColumn("email_domains", sql`text[]`, (c) => c.notNull())
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("oidc_issuer", "text")
    .addColumn("oidc_client_id", "text")
    .addColumn("oidc_client_secret_sealed", "bytea")
    .addColumn("saml_idp_entity_id", "text")
    .addColumn("saml_idp_sso_url", "text")
    // One or more PEM certificates the provider signs with (several during a rollover).
    .addColumn("saml_idp_certificates", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    // Set by the admin page's "test the connection" when a test sign-in went through.
    .addColumn("last_tested_at", "timestamptz")
    .addCheckConstraint("sso_connection_domains_check", sql`cardinality(email_domains) between 1 and 20`)
    .execute();
  await db.schema.createIndex("sso_connection_organisation_idx").on("sso_connection").column("organisation_id").execute();
  // The login page finds connections by the email's domain.
  await sql`create index sso_connection_domains_idx on sso_connection using gin (email_domains)`.execute(db);

  await db.schema
    .createTable("sso_identity")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("connection_id", "uuid", (c) => c.notNull().references("sso_connection.id").onDelete("cascade"))
    .addColumn("person_id", "uuid", (c) => c.notNull().references("person.id").onDelete("cascade"))
    // The provider's stable identifier of the account (OIDC `sub`, SAML NameID).
    .addColumn("subject", "text", (c) => c.notNull().check(sql`length(subject) between 1 and 512`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_sign_in_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("sso_identity_subject_key", ["connection_id", "subject"])
    .addUniqueConstraint("sso_identity_person_key", ["connection_id", "person_id"])
    .execute();
  await db.schema.createIndex("sso_identity_person_idx").on("sso_identity").column("person_id").execute();

  await db.schema
    .alterTable("organisation")
    .addColumn("sso_required", "boolean", (c) => c.notNull().defaultTo(false))
    // Just-in-time accounts: someone the provider vouches for, with an allowed domain and no account yet,
    // gets one (a rep in no team) on first sign-in. Off unless the admin turns it on.
    .addColumn("sso_create_accounts", "boolean", (c) => c.notNull().defaultTo(false))
    // The one admin who may still sign in with a password when SSO is required (the provider may be down).
    // No foreign key: person already refers to organisation, and a cycle of keys would stop tools that copy
    // tables in dependency order (move-to-postgres); the service checks that it is an active admin.
    .addColumn("sso_break_glass_person_id", "uuid")
    .execute();

  // Audit entries and membership changes can now come through the identity provider.
  await sql`alter table audit_entry drop constraint audit_entry_source_check`.execute(db);
  await sql`alter table audit_entry add constraint audit_entry_source_check
    check (source in ('ui', 'csv', 'api', 'scim', 'sso', 'cli', 'worker', 'demo'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_entry drop constraint audit_entry_source_check`.execute(db);
  await sql`alter table audit_entry add constraint audit_entry_source_check
    check (source in ('ui', 'csv', 'api', 'scim', 'cli', 'worker', 'demo'))`.execute(db);
  await db.schema.alterTable("organisation").dropColumn("sso_break_glass_person_id").dropColumn("sso_create_accounts").dropColumn("sso_required").execute();
  await db.schema.dropTable("sso_identity").execute();
  await db.schema.dropTable("sso_connection").execute();
}
