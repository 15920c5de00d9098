import { z } from "zod";
import { said } from "~/i18n/said";

/**
 * Building blocks for the zod schemas that route actions parse their forms with (`parseForm` in
 * app/http/forms.server.ts). They only give the form its shape; what a value must be (a title's length, a date
 * that exists) is the use case's rule, checked in the service, whose field errors the form then shows.
 */

/** A text field: what was sent, or "" when it was not sent at all. */
export const formText = z
  .string()
  .max(100_000, said("form.tooLong"))
  .optional()
  .transform((value) => value ?? "");

/** A field sent any number of times (checkboxes, a multiple select): always a list. */
export const formList = z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(z.string().max(100_000, said("form.tooLong"))));
