import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// ADR 056: a signed-in rep's signature request checked its session in issue_ballot_in_session, which then
// called issue_ballot: two executor runs and a nested call for every signature. issue_ballot now takes the
// session's proof itself (null for a personal link), so both old signatures go; the new function is
// applied from db/functions after the migrations, as every function body is.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists issue_ballot_in_session(uuid, uuid, bytea, timestamptz, bytea, text, bytea)`.execute(db);
  await sql`drop function if exists issue_ballot(uuid, uuid, bytea, timestamptz, bytea)`.execute(db);
}

// Going down, the functions of the earlier schema come back from that version's db/functions.
export async function down(): Promise<void> {}
