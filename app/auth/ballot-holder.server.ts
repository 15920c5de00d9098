import crypto from "node:crypto";
import type { AppConfig } from "~/config.server";

/**
 * Who holds a ballot signature for a wave, as the database keeps it: HMAC-SHA-256 under a key derived
 * from the server's secret key (CANDOR_SECRET_KEY, never in the database), of the wave and the person
 * (ADR 021). The server can tell whether a given person has a ballot; someone with the database, its WAL
 * and the logs but not the key cannot tell whose a holder is, and so cannot pair a signature request with
 * the ballot that follows it by time.
 */
export function ballotHolder(config: Pick<AppConfig, "secretKey">, waveId: string, personId: string): Uint8Array {
  return new Uint8Array(crypto.createHmac("sha256", holderKey(config.secretKey)).update(`${waveId}:${personId}`).digest());
}

const derived = new WeakMap<Uint8Array, Buffer>();

function holderKey(secretKey: Uint8Array): Buffer {
  let key = derived.get(secretKey);
  if (!key) {
    key = crypto.createHmac("sha256", secretKey).update("candor ballot holder v1").digest();
    derived.set(secretKey, key);
  }
  return key;
}
