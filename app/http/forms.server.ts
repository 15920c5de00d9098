// The route edge's form handling: read the posted body, parse it with the route's zod schema, and show the
// first message per field. Service refusals are turned into form errors by `attempt` (errors.server.ts).

import type { z } from "zod";

export interface FormErrors {
  formError?: string;
  fieldErrors: Record<string, string>;
}

export type Parsed<T> = { success: true; data: T } | { success: false; errors: FormErrors };

/**
 * The posted form, or a thrown 400 for a body no page of ours sends: one that is no form at all, or a
 * value with a NUL character, which PostgreSQL text cannot hold (it would fail the query with a 500).
 */
export async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response("The form could not be read. Reload the page and send it again.", { status: 400 });
  }
  for (const [, value] of form) {
    if (typeof value === "string" && value.includes("\u0000")) {
      throw new Response("The form holds a NUL character, which cannot be saved. Remove it and send the form again.", { status: 400 });
    }
  }
  return form;
}

/** Validates form data with a zod schema; the first message per field, ready to show next to it. */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): Parsed<z.infer<S>> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    raw[key] = key in raw ? ([] as unknown[]).concat(raw[key], value) : value;
  }
  const result = schema.safeParse(raw);
  if (result.success) return { success: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  let formError: string | undefined;
  for (const issue of result.error.issues) {
    const path = issue.path.join(".");
    if (!path) formError ??= issue.message;
    else fieldErrors[path] ??= issue.message;
  }
  return { success: false, errors: { formError, fieldErrors } };
}

/** Typed empty field errors, so that every branch of an action returns the same shape. */
export const noFieldErrors = (): Record<string, string> => ({});
