import type { AppContext } from "~/context.server";

export interface HomeSummary {
  organisations: { slug: string; name: string }[];
}

/** What the public start page shows: which organisations this installation hosts. */
export async function getHomeSummary(app: AppContext): Promise<HomeSummary> {
  const organisations = await app.db
    .selectFrom("organisation")
    .select(["slug", "name"])
    .orderBy("name")
    .limit(20)
    .execute();
  return { organisations };
}
