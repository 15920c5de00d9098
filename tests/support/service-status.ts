import { isServiceError } from "../../app/domain/errors";
import { statusOf } from "../../app/http/errors.server";

/**
 * The HTTP status a route would answer for a service call: 200 when it returns, the route edge's status for a
 * service error (app/http/errors.server.ts), a thrown Response's own status. Anything else is a bug: rethrown.
 */
export async function statusOfCall(run: () => Promise<unknown>): Promise<number> {
  try {
    await run();
    return 200;
  } catch (error) {
    if (isServiceError(error)) return statusOf(error);
    if (error instanceof Response) return error.status;
    throw error;
  }
}
