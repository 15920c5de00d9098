import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// The "add a provider" forms of company sign-in (ADR 042) create once, like the other creating forms
// (ADR 034, 041): form_submission.kind gains 'sso-connection'. The list is read from the constraint as it
// stands, so that values added by earlier migrations are kept.

async function checkList(db: Kysely<any>): Promise<{ name: string; values: string[] }> {
  const found = await sql<{ name: string; def: string }>`
    select c.conname as name, pg_get_constraintdef(c.oid) as def from pg_constraint c
    where c.conrelid = 'form_submission'::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like '%kind%'`.execute(db);
  const constraint = found.rows[0];
  if (!constraint) throw new Error("no check constraint on form_submission.kind");
  return { name: constraint.name, values: [...constraint.def.matchAll(/'([^']*)'/g)].map((m) => m[1]!) };
}

async function setList(db: Kysely<any>, name: string, values: string[]): Promise<void> {
  await sql`alter table form_submission drop constraint ${sql.id(name)}`.execute(db);
  await sql`alter table form_submission add constraint ${sql.id(name)} check (kind in (${sql.join(values.map((v) => sql.lit(v)))}))`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  const { name, values } = await checkList(db);
  if (!values.includes("sso-connection")) await setList(db, name, [...values, "sso-connection"]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from form_submission where kind = 'sso-connection'`.execute(db);
  const { name, values } = await checkList(db);
  await setList(
    db,
    name,
    values.filter((v) => v !== "sso-connection"),
  );
}
