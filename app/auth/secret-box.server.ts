import crypto from "node:crypto";
import type { AppConfig } from "~/config.server";

/**
 * Secrets Candor must keep in its database, encrypted under the server's secret key (CANDOR_SECRET_KEY,
 * which the database never holds): AES-256-GCM with a key derived per purpose, the row's identity as
 * associated data (a sealed value copied to another row does not open), and a version byte. Layout:
 * 0x01 ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag.
 */
export function sealSecret(config: Pick<AppConfig, "secretKey">, purpose: string, plaintext: Uint8Array, context: string): Uint8Array {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", purposeKey(config.secretKey, purpose), nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.from([1]), nonce, body, cipher.getAuthTag()]));
}

/** The plaintext of sealSecret; throws when the key, purpose or context differ, or the value was altered. */
export function openSecret(config: Pick<AppConfig, "secretKey">, purpose: string, sealed: Uint8Array, context: string): Uint8Array {
  if (sealed.length < 1 + 12 + 16 || sealed[0] !== 1) throw new Error("not a sealed secret of a version Candor knows");
  const bytes = Buffer.from(sealed);
  const decipher = crypto.createDecipheriv("aes-256-gcm", purposeKey(config.secretKey, purpose), bytes.subarray(1, 13));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(13, bytes.length - 16)), decipher.final()]));
}

function purposeKey(secretKey: Uint8Array, purpose: string): Buffer {
  return crypto.createHmac("sha256", secretKey).update(`candor secret box v1:${purpose}`).digest();
}
