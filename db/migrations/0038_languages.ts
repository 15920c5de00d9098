import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Languages (issue 26, ADR 055): a person's own language (null: follow the browser, then the
// organisation), the organisation's default language, and translations that custom and Edmondson items
// can carry (language tag → text; Candor's own items are translated in the catalogue files). Which tags are
// languages Candor has is the application's rule (app/domain/locales.ts): the database only holds the
// shape of a tag, so that adding a language needs no migration.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organisation add column default_language text not null default 'en' check (default_language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$')`.execute(db);
  await sql`alter table person add column language text check (language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$')`.execute(db);
  await sql`alter table item add column translations jsonb not null default '{}'::jsonb check (jsonb_typeof(translations) = 'object')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table item drop column translations`.execute(db);
  await sql`alter table person drop column language`.execute(db);
  await sql`alter table organisation drop column default_language`.execute(db);
}
