import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// SAML 2.0 sign-in (issue 24, ADR 043): an identity provider's signed assertion is accepted once. Each
// assertion id a connection accepted is kept here until the assertion has expired (after that its time checks
// refuse it anyway, and the row is pruned). The primary key makes the second of two posts of the same
// assertion fail to insert, even when both arrive at the same moment: at most one of them signs in.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("saml_assertion_use")
    .addColumn("connection_id", "uuid", (c) => c.notNull().references("sso_connection.id").onDelete("cascade"))
    // The assertion's ID attribute, as the provider wrote it (an xs:ID: at most a few hundred characters).
    .addColumn("assertion_id", "text", (c) => c.notNull().check(sql`length(assertion_id) between 1 and 512`))
    .addColumn("used_at", "timestamptz", (c) => c.notNull())
    // When the assertion stops being valid (its latest NotOnOrAfter, plus the accepted clock skew).
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("saml_assertion_use_pkey", ["connection_id", "assertion_id"])
    .execute();
  await db.schema.createIndex("saml_assertion_use_expires_idx").on("saml_assertion_use").column("expires_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("saml_assertion_use").execute();
}
