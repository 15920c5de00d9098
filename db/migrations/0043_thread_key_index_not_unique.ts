import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// A ballot sent twice at the same moment (a double click) must store once and answer both requests: the
// second insert of store_ballot takes the ON CONFLICT (wave_id, ballot_hash) path. The unique index on
// (wave_id, thread_key) of migration 0037 was not that statement's arbiter, and PostgreSQL raises a unique
// violation (23505) on a non-arbiter unique index when two speculative inserts of the same row meet there:
// bench:submit saw one such 500 in about 250 double sends. A thread key is SHA-256 of the signed ballot
// message under its own tag (or 32 random bytes for a form sent without JavaScript), so it is unique because
// the ballot hash is; the index stays for finding a conversation, without the uniqueness check.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index response_thread_key`.execute(db);
  await sql`create index response_thread_key on response (wave_id, thread_key) where thread_key is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index response_thread_key`.execute(db);
  await sql`create unique index response_thread_key on response (wave_id, thread_key) where thread_key is not null`.execute(db);
}
