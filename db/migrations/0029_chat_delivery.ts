import { sql, type Kysely } from "kysely";

// Frozen in time: migrations use Kysely<any> and import no application code.
//
// Pulses in Slack and Microsoft Teams (issue 27, ADR 047). An organisation connects one Slack workspace:
// its bot token is sealed under the server's secret key (never plain), and the connection turns 'broken'
// when Slack says the token was revoked, with Slack's own words. Each person may have a chat_member row:
// the channel they chose (email, Slack or both) and the Slack user their email matched (users.lookupByEmail),
// or that none did. A team may have a Teams channel webhook (a Workflows "post to a channel when a webhook
// request is received" URL): the URL is a bearer secret, sealed too.
//
// Messages of every channel are rows of mail_delivery (one table for "what a wave sent and what became of
// it", migration 0023): a channel column, a time before which a row is not tried again (a 429's
// Retry-After, a 5xx's backoff), the managers' "results are published" notice, and 'unmatched' for a Slack
// message whose person has no Slack account. A Teams row is a post to a team's channel: no person, a team.
// As for email, a pulse reminder to a rep is recorded without its recipient.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("slack_connection")
    .addColumn("organisation_id", "uuid", (c) => c.primaryKey().references("organisation.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull().check(sql`length(workspace_id) between 1 and 40`))
    .addColumn("workspace_name", "text", (c) => c.notNull())
    .addColumn("bot_user_id", "text")
    // The bot token (xoxb-…), sealed (app/auth/secret-box.server.ts) with the organisation as context.
    .addColumn("bot_token_sealed", "bytea", (c) => c.notNull())
    .addColumn("scopes", sql`text[]`, (c) => c.notNull())
    .addColumn("installed_via", "text", (c) => c.notNull().check(sql`installed_via in ('oauth', 'token')`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('connected', 'broken')`))
    // What Slack said when the connection broke (invalid_auth, account_inactive, token_revoked, …).
    .addColumn("problem", "text")
    .addColumn("connected_by", "uuid", (c) => c.references("person.id").onDelete("set null"))
    .addColumn("connected_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("chat_member")
    .addColumn("person_id", "uuid", (c) => c.primaryKey().references("person.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    // Where the person wants pulses: a person without a row gets both.
    .addColumn("channel", "text", (c) =>
      c
        .notNull()
        .defaultTo("both")
        .check(sql`channel in ('email', 'slack', 'both')`),
    )
    .addColumn("slack_user_id", "text")
    // 'matched' (slack_user_id set), 'not-found' (Slack knows no user with their email), null: not looked up.
    .addColumn("slack_status", "text", (c) => c.check(sql`slack_status in ('matched', 'not-found')`))
    .addColumn("slack_checked_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("chat_member_slack_check", sql`(slack_status = 'matched') = (slack_user_id is not null) or slack_status is null and slack_user_id is null`)
    .execute();
  await db.schema.createIndex("chat_member_organisation_idx").on("chat_member").column("organisation_id").execute();

  await db.schema
    .createTable("teams_webhook")
    .addColumn("team_id", "uuid", (c) => c.primaryKey().references("team.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    // The workflow's URL (its signature is the secret), sealed with the team as context.
    .addColumn("url_sealed", "bytea", (c) => c.notNull())
    // The URL's host, to show the admin which endpoint it is without the secret.
    .addColumn("url_host", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('connected', 'broken')`))
    .addColumn("problem", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("teams_webhook_organisation_idx").on("teams_webhook").column("organisation_id").execute();

  await db.schema
    .alterTable("mail_delivery")
    .addColumn("channel", "text", (c) =>
      c
        .notNull()
        .defaultTo("email")
        .check(sql`channel in ('email', 'slack', 'teams')`),
    )
    .execute();
  await db.schema.alterTable("mail_delivery").addColumn("next_attempt_at", "timestamptz").execute();
  await sql`alter table mail_delivery drop constraint mail_delivery_purpose_check`.execute(db);
  await sql`alter table mail_delivery add constraint mail_delivery_purpose_check check (purpose in ('pulse-invitation', 'pulse-reminder', 'self-assessment-invitation', 'self-assessment-reminder', 'results-published'))`.execute(
    db,
  );
  await sql`alter table mail_delivery drop constraint mail_delivery_status_check`.execute(db);
  await sql`alter table mail_delivery add constraint mail_delivery_status_check check (status in ('pending', 'sending', 'sent', 'failed', 'unmatched'))`.execute(db);
  await sql`alter table mail_delivery drop constraint mail_delivery_person_check`.execute(db);
  await sql`alter table mail_delivery add constraint mail_delivery_person_check check (
    case when channel = 'teams' then person_id is null and team_id is not null
    else (purpose = 'pulse-reminder') = (person_id is null) end)`.execute(db);
  await sql`drop index mail_delivery_once`.execute(db);
  await sql`create unique index mail_delivery_once on mail_delivery (wave_id, purpose, day, channel, person_id, team_id) where person_id is not null`.execute(db);
  await sql`create unique index mail_delivery_team_post_once on mail_delivery (wave_id, purpose, day, team_id) where channel = 'teams'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index mail_delivery_team_post_once`.execute(db);
  await sql`delete from mail_delivery where channel <> 'email' or purpose = 'results-published' or status = 'unmatched'`.execute(db);
  await sql`drop index mail_delivery_once`.execute(db);
  await sql`create unique index mail_delivery_once on mail_delivery (wave_id, purpose, day, person_id, team_id) where person_id is not null`.execute(db);
  await sql`alter table mail_delivery drop constraint mail_delivery_person_check`.execute(db);
  await sql`alter table mail_delivery add constraint mail_delivery_person_check check ((purpose = 'pulse-reminder') = (person_id is null))`.execute(db);
  await sql`alter table mail_delivery drop constraint mail_delivery_status_check`.execute(db);
  await sql`alter table mail_delivery add constraint mail_delivery_status_check check (status in ('pending', 'sending', 'sent', 'failed'))`.execute(db);
  await sql`alter table mail_delivery drop constraint mail_delivery_purpose_check`.execute(db);
  await sql`alter table mail_delivery add constraint mail_delivery_purpose_check check (purpose in ('pulse-invitation', 'pulse-reminder', 'self-assessment-invitation', 'self-assessment-reminder'))`.execute(
    db,
  );
  await db.schema.alterTable("mail_delivery").dropColumn("next_attempt_at").dropColumn("channel").execute();
  await db.schema.dropTable("teams_webhook").execute();
  await db.schema.dropTable("chat_member").execute();
  await db.schema.dropTable("slack_connection").execute();
}
