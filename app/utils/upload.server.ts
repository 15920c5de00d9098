import {
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
} from "@remix-run/node";
import { decodeUploadedText } from "~/domain/text-encoding";

/** An upload that cannot be read: too large, or not a form at all. The message is for the person. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

/** Reads a multipart form whose files are small enough to hold in memory (rosters, history files). */
export async function readSmallUpload(request: Request, maxBytes: number): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (!type.startsWith("multipart/form-data")) return await request.formData();
    return await parseMultipartFormData(request, composeUploadHandlers(createMemoryUploadHandler({ maxPartSize: maxBytes })));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      throw new UploadError(`The file is larger than ${Math.round(maxBytes / 1_000_000)} MB.`, 413);
    }
    throw new UploadError("The upload could not be read. Choose the file again and resend the form.", 400);
  }
}

/** The text of an uploaded file field, or of a textarea carrying the same content; null when empty. */
export async function uploadedText(form: FormData, field: string): Promise<string | null> {
  const value = form.get(field);
  if (typeof value === "string") return value.trim() ? value : null;
  if (!value || value.size === 0) return null;
  return decodeUploadedText(new Uint8Array(await value.arrayBuffer())).text;
}

/**
 * The CSV file an admin uploaded in field `field` (or, on a second step, resent as text in `fallback`):
 * its text and name, or the message and status to answer with.
 */
export async function readUploadedCsv(
  request: Request,
  options: { maxBytes: number; field: string; fallback?: string },
): Promise<{ ok: true; text: string; fileName: string; form: FormData } | { ok: false; message: string; status: 400 | 413 }> {
  let form: FormData;
  try {
    form = await readSmallUpload(request, options.maxBytes);
  } catch (error) {
    if (error instanceof UploadError) return { ok: false, message: error.message, status: error.status };
    throw error;
  }
  const file = form.get(options.field);
  const text = (await uploadedText(form, options.field)) ?? (options.fallback ? await uploadedText(form, options.fallback) : null);
  if (!text) return { ok: false, message: "Choose a CSV file to import.", status: 400 };
  return { ok: true, text, fileName: file && typeof file !== "string" ? file.name : "upload.csv", form };
}
