import type { AppContext } from "~/context.server";

export const DEMO_ORG_SLUG = "northwind";

export interface DemoSeedResult {
  created: boolean;
  /** What `npm start` prints: the demo organisation and its logins. */
  summary: string;
}

/**
 * The one place that builds the demo organisation. Runs on `npm start` and does nothing when the demo
 * organisation already exists, so restarts keep whatever the visitor changed.
 */
export async function seedDemo(app: AppContext): Promise<DemoSeedResult> {
  const existing = await app.db.selectFrom("organisation").select("id").where("slug", "=", DEMO_ORG_SLUG).executeTakeFirst();
  if (!existing) {
    await app.db.insertInto("organisation").values({ slug: DEMO_ORG_SLUG, name: "Northwind Sales" }).execute();
  }
  return {
    created: !existing,
    summary: `[candor] demo organisation: Northwind Sales (${existing ? "already seeded" : "seeded now"})`,
  };
}
