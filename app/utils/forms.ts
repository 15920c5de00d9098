import { data } from "@remix-run/node";
import type { z } from "zod";
import { InputError } from "~/services/errors";

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

/** A 400 answer carrying form errors for `useActionData`. */
export function invalid(errors: FormErrors, extra: Record<string, unknown> = {}) {
  return data({ ok: false as const, ...extra, ...errors }, { status: 400 });
}

/** Runs a service call; an InputError becomes a 400 with its message and field errors. */
export async function orInvalid<T>(run: () => Promise<T>) {
  try {
    return { ok: true as const, value: await run() };
  } catch (error) {
    if (error instanceof InputError) {
      return { ok: false as const, response: invalid({ formError: error.message, fieldErrors: error.fieldErrors }) };
    }
    throw error;
  }
}

/** Typed empty field errors, so that every branch of an action returns the same shape. */
export const noFieldErrors = (): Record<string, string> => ({});
