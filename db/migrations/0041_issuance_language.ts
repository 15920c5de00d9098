import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Per-language response counts (issue 26, ADR 055, ADR 058). A signature request records the language
// of the page the rep asked from, on the issuance row it writes anyway (ballot_issuance.language,
// nullable: not said, or not a language Candor has), in the same INSERT: no statement and no counter row
// is added to issuance. When a wave closes, sealWave counts its issuance rows by language into
// wave_language_count before it deletes them; that table has no team, no day and no person, only
// (wave, language, count). 'und' (BCP 47 "undetermined") counts the requests that said no language.
// issue_ballot takes the language as a new last argument (default null), so its old signature goes; the
// new function is applied from db/functions after the migrations, as every function body is.

const TAG = "'^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$'";

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter table ballot_issuance add column language text check (language ~ ${TAG})`).execute(db);
  await sql
    .raw(
      `create table wave_language_count (
        wave_id uuid not null references wave (id) on delete cascade,
        language text not null check (language ~ ${TAG}),
        responses integer not null check (responses > 0),
        constraint wave_language_count_pk primary key (wave_id, language)
      )`,
    )
    .execute(db);
  await sql`drop function if exists issue_ballot(uuid, uuid, bytea, timestamptz, bytea, text, bytea)`.execute(db);
}

// Going down, the function of the earlier schema comes back from that version's db/functions.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists issue_ballot(uuid, uuid, bytea, timestamptz, bytea, text, bytea, text)`.execute(db);
  await sql`drop table wave_language_count`.execute(db);
  await sql`alter table ballot_issuance drop column language`.execute(db);
}
