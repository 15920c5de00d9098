/**
 * A request a person made that cannot be carried out as asked (an email already taken, a team moved
 * under itself). Routes show the message next to the field, or above the form; nothing was changed.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "InputError";
  }
}
