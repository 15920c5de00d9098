import type { AppContext } from "~/context.server";
import { clearLoginFailures, countLoginFailures, pruneLoginFailures, recordLoginFailure } from "#db/queries/login-failures";
import { sha256Hex } from "./crypto.server";

/** 10 failed sign-ins for one account or one client address within 10 minutes lock that key out. */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 10 * 60 * 1000;

/** The throttle's key for an account: a plain SHA-256 of the address, so erasure can find and forget it. */
export function accountThrottleKey(email: string): string {
  return sha256Hex(`account:${email.trim().toLowerCase()}`);
}

function keys(email: string, address: string | null): { account: string; address: string | null } {
  return {
    account: accountThrottleKey(email),
    address: address ? sha256Hex(`address:${address}`) : null,
  };
}

/** When sign-in is locked for this email or address: the moment it opens again; null when open. */
export async function signInLockedUntil(app: AppContext, email: string, address: string | null): Promise<Date | null> {
  const k = keys(email, address);
  const now = app.now();
  const counts = await countLoginFailures(app.db, [k.account, ...(k.address ? [k.address] : [])], new Date(now.getTime() - WINDOW_MS));
  const locked = counts.filter((c) => c.failures >= MAX_FAILURES);
  if (locked.length === 0) return null;
  // The lock lifts when the oldest failure in the window ages out.
  return new Date(Math.max(...locked.map((c) => new Date(c.oldest).getTime() + WINDOW_MS)));
}

export async function recordSignInFailure(app: AppContext, email: string, address: string | null): Promise<void> {
  const k = keys(email, address);
  await recordLoginFailure(app.db, [k.account, ...(k.address ? [k.address] : [])], app.now());
  // Keep the table small: failures older than the window no longer matter.
  if (Math.random() < 0.05) await pruneLoginFailures(app.db, new Date(app.now().getTime() - WINDOW_MS));
}

/** A successful sign-in clears the account's count (not the address's: one address may try many accounts). */
export async function clearSignInFailures(app: AppContext, email: string): Promise<void> {
  await clearLoginFailures(app.db, keys(email, null).account);
}
