// How large a request body each path accepts, and how a refusal answers: the one table the HTTP server
// (server/body-limit.ts) applies before anything reads a body (ADR 039). A body past its limit gets a 413
// and the connection is closed: nothing past the limit is read, let alone held in memory.

import type { AppConfig } from "~/config.server";
import { said } from "~/i18n/said";

const KiB = 1024;

/** Every form of a page: a few dozen fields and some text (a play's description, a comment). */
export const FORM_BODY_BYTES = 256 * KiB;
/** A pulse (its form or its ballot): about thirty short fields and one comment of at most 2,000 characters. */
export const PULSE_BODY_BYTES = 64 * KiB;
/** A roster file (people and teams), read whole. */
export const ROSTER_FILE_BYTES = 5_000_000;
/** A file of past results, read whole. */
export const HISTORY_FILE_BYTES = 20_000_000;
/** A SCIM request (RFC 7644): a User, or a Group with its members (a few thousand of them fit). */
export const SCIM_BODY_BYTES = 1_000_000;
/** Room for a multipart body's boundaries, headers and option fields around its file. */
const MULTIPART_ROOM = 1024 * KiB;

/** How a refusal is written: plain text for pages, JSON for the API and the ballot endpoints, an upload result for the CRM page's script, SCIM's error for SCIM. */
export type RefusalShape = "text" | "json" | "upload" | "scim";

export interface BodyLimit {
  bytes: number;
  shape: RefusalShape;
  /** What the person is told, with the limit in it: said (ADR 057) where a page shows it, English for programs. */
  message: string;
}

/** The pulse pages and the ballot endpoints, which take answers (their requests are never logged: ADR 039). */
export function isPulsePath(pathname: string): boolean {
  return /^\/(pulses?\/|ballots(\/|$))/.test(pathname);
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1_000_000)} MB`;
const size = (bytes: number) => (bytes >= 1_000_000 ? megabytes(bytes) : `${Math.round(bytes / KiB)} KiB`);

/** The limit of a request to `pathname`. */
export function bodyLimitOf(pathname: string, config: Pick<AppConfig, "UPLOAD_LIMIT_MB">): BodyLimit {
  const form = (bytes: number): BodyLimit => ({ bytes, shape: "text", message: said("bodyLimit.form", { size: size(bytes) }) });
  const file = (bytes: number, shape: RefusalShape): BodyLimit => ({
    bytes: bytes + MULTIPART_ROOM,
    shape,
    message: said("bodyLimit.file", { size: megabytes(bytes) }),
  });
  const path = pathname.replace(/\/+$/, "");
  if (path === "/admin/crm/upload") return file(config.UPLOAD_LIMIT_MB * 1_000_000, "upload");
  if (path === "/admin/crm") return file(config.UPLOAD_LIMIT_MB * 1_000_000, "text");
  if (path === "/admin/roster") return file(ROSTER_FILE_BYTES, "text");
  if (path === "/admin/history") return file(HISTORY_FILE_BYTES, "text");
  if (path === "/ballots" || path.endsWith("/ballot-signature")) {
    return { bytes: PULSE_BODY_BYTES, shape: "json", message: `This request is larger than ${size(PULSE_BODY_BYTES)}.` };
  }
  if (isPulsePath(path)) return { ...form(PULSE_BODY_BYTES), message: said("bodyLimit.pulse") };
  // SCIM (ADR 044): refused in SCIM's own error format.
  if (path.startsWith("/scim/"))
    return { bytes: SCIM_BODY_BYTES, shape: "scim", message: `This SCIM request is larger than ${megabytes(SCIM_BODY_BYTES)}, so nothing was changed.` };
  // The API is read-only (ADR 010): a body there is never needed.
  if (path.startsWith("/api/")) return { bytes: PULSE_BODY_BYTES, shape: "json", message: `This request is larger than ${size(PULSE_BODY_BYTES)}.` };
  return form(FORM_BODY_BYTES);
}
