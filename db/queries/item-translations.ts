import { sql, type Kysely } from "kysely";
import type { DB } from "../schema";

/** The organisation's items with their own translations (language tag → text), for the editor and uploads. */
export async function listItemTranslations(db: Kysely<DB>, organisationId: string) {
  const rows = await db.selectFrom("item").select(["id", "code", "source", "translations"]).where("organisationId", "=", organisationId).execute();
  return rows.map((r) => ({ ...r, translations: (r.translations ?? {}) as Record<string, string> }));
}

/** Replaces one item's translations (the whole object). */
export async function replaceItemTranslations(db: Kysely<DB>, organisationId: string, itemId: string, translations: Record<string, string>): Promise<void> {
  await db
    .updateTable("item")
    .set({ translations: sql`${JSON.stringify(translations)}::jsonb` })
    .where("organisationId", "=", organisationId)
    .where("id", "=", itemId)
    .execute();
}
