import { unstable_parseMultipartFormData as parseMultipartFormData, type AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { said } from "~/i18n/said";
import type { SessionUser } from "~/auth/session.server";
import { importCrmFile, type CrmImportResult } from "~/services/crm-import.server";

const OptionsSchema = z.object({
  format: z.enum(["auto", "salesforce", "hubspot", "pipedrive", "generic"]).catch("auto"),
  // A snapshot date in a plausible range: year 0000 passes as an ISO date and fails in the database.
  asOf: z.iso
    .date()
    .refine((d) => d >= "2000-01-01" && d <= "2099-12-31")
    .optional()
    .or(z.literal("").transform(() => undefined))
    .catch(undefined),
  encoding: z.enum(["auto", "utf-8", "windows-1252"]).catch("auto"),
  dates: z.enum(["auto", "us", "eu"]).catch("auto"),
  importValidRows: z
    .literal("on")
    .optional()
    .transform((v) => v === "on")
    .catch(false),
});

class UploadTooLarge extends Error {}

/** An error of the import itself (not of reading the request), to be told apart from the parser's own. */
class ImportFailed extends Error {
  constructor(readonly failure: unknown) {
    super("the CRM import failed");
  }
}

async function* limited(data: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of data) {
    total += chunk.length;
    if (total > maxBytes) throw new UploadTooLarge();
    yield chunk;
  }
}

/** The users file's bytes, whole: it is small (a line per Salesforce user). */
const USERS_FILE_BYTES = 10_000_000;

class UsersFileTooLarge extends Error {}

async function bytesOf(data: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.length;
    if (size > USERS_FILE_BYTES) throw new UsersFileTooLarge();
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

async function textOf(data: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.length;
    if (size > 10_000) throw new UploadTooLarge();
    parts.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(parts));
}

/**
 * The HTTP status of an import's outcome, the same for the CRM page's form and its upload endpoint: done (200),
 * a file or rows that are wrong (400: fix the file), or a file that is fine but needs a decision first — its
 * columns mapped or its date order chosen (409, like any conflict: ADR 031).
 */
export function statusOfImport(result: CrmImportResult): 200 | 400 | 409 {
  switch (result.status) {
    case "imported":
    case "unchanged":
      return 200;
    case "invalid-file":
    case "rejected":
      return 400;
    case "needs-mapping":
    case "needs-date-order":
      return 409;
  }
}

/**
 * Reads a CRM upload as it streams in: the form's option fields come first in the multipart body (they
 * precede the file input on the page), then the file goes straight into the import, never held whole.
 */
export async function handleCrmUpload(context: AppLoadContext, request: Request, user: SessionUser): Promise<CrmImportResult> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) return { status: "invalid-file", message: said("crm.upload.useForm") };
  const fields: Record<string, string> = {};
  let users: { bytes: Uint8Array; fileName: string } | undefined;
  let result: CrmImportResult | null = null;
  const limitMb = context.app.config.UPLOAD_LIMIT_MB;
  try {
    await parseMultipartFormData(request, async (part) => {
      // The optional users file comes before the export (the form's order): held whole, it is small.
      if (part.name === "users" && typeof part.filename === "string") {
        const bytes = await bytesOf(part.data);
        if (part.filename && bytes.length > 0) users = { bytes, fileName: part.filename };
        return undefined;
      }
      if (part.name !== "file" || typeof part.filename !== "string") {
        fields[part.name] = await textOf(part.data);
        return fields[part.name];
      }
      if (!part.filename) {
        for await (const chunk of part.data) void chunk;
        return undefined;
      }
      const options = OptionsSchema.parse(fields);
      try {
        result = await importCrmFile(context.app, user.organisationId, limited(part.data, limitMb * 1_000_000), {
          ...options,
          fileName: part.filename,
          importedBy: user.personId,
          users,
          // An upload on the CRM page waits as a preview until the admin confirms it (ADR 051).
          status: "preview",
        });
      } catch (error) {
        if (error instanceof UploadTooLarge) throw error;
        throw new ImportFailed(error);
      }
      return "imported";
    });
  } catch (error) {
    if (error instanceof UploadTooLarge) return { status: "invalid-file", message: said("crm.upload.overLimit", { limit: limitMb }) };
    if (error instanceof UsersFileTooLarge) return { status: "invalid-file", message: said("crm.upload.usersTooLarge", { limit: USERS_FILE_BYTES / 1_000_000 }) };
    if (error instanceof ImportFailed) throw error.failure;
    // Anything else is the multipart body itself failing to parse (a part without a name, a broken
    // boundary…): a bad request, not a fault of the server.
    return { status: "invalid-file", message: said("crm.upload.unreadable") };
  }
  return result ?? { status: "invalid-file", message: said("crm.upload.chooseFile") };
}
