import { said } from "~/i18n/said";

/**
 * The errors a use case raises when it cannot do what was asked, by kind. Services, guards and the domain
 * throw these and nothing HTTP-shaped; the route edge (app/http/errors.server.ts) is the one place that turns
 * a kind into a status code and a response, for pages, the API and the CLI alike.
 *
 * - `not-found`: what was asked for does not exist for this person (another organisation's record looks
 *   exactly like a missing one).
 * - `forbidden`: it exists, and this person may not see or change it.
 * - `invalid`: the request itself is wrong (a field out of range, an email already taken); nothing was changed,
 *   and the message (and any field errors) say what to fix.
 * - `conflict`: the request is well formed but cannot be carried out in the present state (a file that needs
 *   its columns mapped first, a wave already closed); nothing was changed.
 */
export type ServiceErrorKind = "not-found" | "forbidden" | "invalid" | "conflict";

// The server bundle (server/) and Remix's bundle (app/) each hold a copy of this module, so `instanceof` fails for
// an error thrown in one and caught in the other: a registered symbol marks service errors across both.
const SERVICE_ERROR = Symbol.for("candor.ServiceError");

export abstract class ServiceError extends Error {
  abstract readonly kind: ServiceErrorKind;
  readonly [SERVICE_ERROR] = true;
}

/** Whether `error` is a ServiceError, from this copy of the module or another bundle's. */
export function isServiceError(error: unknown): error is ServiceError {
  return typeof error === "object" && error !== null && (error as { [SERVICE_ERROR]?: unknown })[SERVICE_ERROR] === true;
}

export class NotFoundError extends ServiceError {
  readonly kind = "not-found" as const;
  constructor(message = "Not found") {
    super(message);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends ServiceError {
  readonly kind = "forbidden" as const;
  /** By default "You do not have access to this page.", said (ADR 057): in the reader's language on a page, English in the API. */
  constructor(message = said("error.forbidden")) {
    super(message);
    this.name = "ForbiddenError";
  }
}

/**
 * A request a person made that cannot be carried out as asked (an email already taken, a team moved
 * under itself). Routes show the message next to the field, or above the form; nothing was changed.
 */
export class InputError extends ServiceError {
  readonly kind = "invalid" as const;
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "InputError";
  }
}

export class ConflictError extends ServiceError {
  readonly kind = "conflict" as const;
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}
