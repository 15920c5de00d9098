import type { Kysely } from "kysely";
import { newSecretToken } from "~/auth/crypto.server";
import { insertWaveLink } from "#db/queries/waves";
import type { DB } from "#db/schema";

/** A new personal link to a wave for one person (the link itself is never stored, only its hash). */
export async function createWaveLink(db: Kysely<DB>, appUrl: string, waveId: string, personId: string): Promise<string> {
  const { id, token, secretHash } = newSecretToken();
  await insertWaveLink(db, { id, secretHash, waveId, personId });
  return `${appUrl}/pulse/${token}`;
}
