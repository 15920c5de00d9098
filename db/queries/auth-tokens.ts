import type { Kysely } from "kysely";
import type { AuthTokenPurpose, DB, Role } from "../schema";

export async function insertAuthToken(
  db: Kysely<DB>,
  token: { id: string; secretHash: Uint8Array; organisationId: string; personId: string; purpose: AuthTokenPurpose; expiresAt: Date },
): Promise<void> {
  await db.insertInto("authToken").values(token).execute();
}

export async function findAuthToken(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("authToken")
    .innerJoin("person", "person.id", "authToken.personId")
    .innerJoin("organisation", "organisation.id", "authToken.organisationId")
    .select([
      "authToken.id",
      "authToken.secretHash",
      "authToken.purpose",
      "authToken.expiresAt",
      "authToken.usedAt",
      "authToken.personId",
      "authToken.organisationId",
      "organisation.name as organisationName",
      "person.email",
      "person.name",
      "person.active",
      (eb) => eb.ref("person.role").$castTo<Role>().as("role"),
    ])
    .where("authToken.id", "=", id)
    .executeTakeFirst();
}

/** Marks a token used, only if it was still unused: returns false when another request got there first. */
export async function consumeAuthToken(db: Kysely<DB>, id: string, at: Date): Promise<boolean> {
  const result = await db.updateTable("authToken").set({ usedAt: at }).where("id", "=", id).where("usedAt", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Voids a person's unused tokens of one purpose (a new invitation replaces the old link). */
export async function voidAuthTokens(db: Kysely<DB>, personId: string, purpose: AuthTokenPurpose, at: Date): Promise<void> {
  await db.updateTable("authToken").set({ usedAt: at }).where("personId", "=", personId).where("purpose", "=", purpose).where("usedAt", "is", null).execute();
}
