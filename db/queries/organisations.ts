import type { Kysely } from "kysely";
import type { DB, OrganisationRow } from "../schema";

export async function findOrganisationBySlug(db: Kysely<DB>, slug: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom("organisation").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export async function findOrganisationById(db: Kysely<DB>, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom("organisation").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertOrganisation(db: Kysely<DB>, values: { slug: string; name: string }): Promise<OrganisationRow> {
  return db.insertInto("organisation").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateOrganisationSettings(
  db: Kysely<DB>,
  id: string,
  settings: { name: string; minGroupSize: number; minCommentGroupSize: number; fiscalYearStartMonth: number; timezone: string; recentJoinDays?: number; defaultLanguage?: string },
): Promise<void> {
  // Left out, the recent join window and the default language stay as they are.
  const { recentJoinDays, defaultLanguage, ...rest } = settings;
  await db
    .updateTable("organisation")
    .set({ ...rest, ...(recentJoinDays === undefined ? {} : { recentJoinDays }), ...(defaultLanguage === undefined ? {} : { defaultLanguage }) })
    .where("id", "=", id)
    .execute();
}

/** Every organisation's slug and name, by slug (an installation holds a handful; at most `limit`). */
export async function listOrganisations(db: Kysely<DB>, limit: number): Promise<Array<{ slug: string; name: string }>> {
  return db.selectFrom("organisation").select(["slug", "name"]).orderBy("slug").limit(limit).execute();
}
