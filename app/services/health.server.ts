import { pingDatabase } from "#db/client";
import type { AppContext } from "~/context.server";

export type Health = { ok: true } | { ok: false; reason: string };

/** Whether the database answers within `timeoutMs`: the health check behind GET /healthz. */
export async function checkHealth(app: AppContext, timeoutMs = 2000): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([pingDatabase(app.db), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
