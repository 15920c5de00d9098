import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Anonymous conversations on comments (issue 28, ADR 054). A response gains `thread_key`: SHA-256 of
// "candor-thread-v1\0" and the ballot's token, written by store_ballot with the answers (the ballot request
// carries no identity) and kept when the wave is sealed. Only the browser that holds the token can present
// it, and the server turns it into the key; the database cannot. A response stored without JavaScript has
// none (its token lives in a cookie tied to the person, so it gets no conversation).
//
// conversation_message: the messages about one response's comment, in order (`position`), with no time.
// `writer` says whose side wrote it: 'team' (a manager or enablement, named by person_id) or 'rep' (the
// author: no person, nothing but the text). A rep's closing is a message with `closes` and no text. The
// messages go with their response (retention, erasure of a pulse's raw answers).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("response").addColumn("thread_key", "bytea").execute();
  await sql`create unique index response_thread_key on response (wave_id, thread_key) where thread_key is not null`.execute(db);
  await db.schema
    .createTable("conversation_message")
    .addColumn("response_id", "uuid", (c) => c.notNull().references("response.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().check(sql`position >= 1`))
    .addColumn("writer", "text", (c) => c.notNull().check(sql`writer in ('team', 'rep')`))
    .addColumn("person_id", "uuid", (c) => c.references("person.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.check(sql`char_length(body) between 1 and 2000`))
    .addColumn("closes", "boolean", (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint("conversation_message_pkey", ["response_id", "position"])
    // A rep's message names nobody; a closing is the rep's, without text; every other message has text.
    .addCheckConstraint("conversation_message_rep_unnamed", sql`writer = 'team' or person_id is null`)
    .addCheckConstraint("conversation_message_shape", sql`(closes and writer = 'rep' and body is null) or (not closes and body is not null)`)
    .execute();
  await sql`create index conversation_message_person on conversation_message (person_id) where person_id is not null`.execute(db);
  // store_ballot takes the thread key (db/functions/store_ballot.sql, installed after the migrations).
  await sql`drop function if exists store_ballot(uuid, uuid, bytea, timestamptz, boolean, uuid[], smallint[], text[])`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("conversation_message").execute();
  await sql`drop function if exists store_ballot(uuid, uuid, bytea, bytea, timestamptz, boolean, uuid[], smallint[], text[])`.execute(db);
  await sql`drop index response_thread_key`.execute(db);
  await db.schema.alterTable("response").dropColumn("thread_key").execute();
}
