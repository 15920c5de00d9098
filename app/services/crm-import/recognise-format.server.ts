/**
 * Stage 2 of a CRM import: the header → the file's format and which column holds each field, or the
 * reason it cannot be read as it is.
 */
import crypto from "node:crypto";
import { said } from "~/i18n/said";
import { applyManualMapping, sentences, detectFormat, formatName, missingColumnMessage, normalizeHeaderLabel, type ColumnMapping, type CrmFormat } from "~/domain/crm";
import type { CrmImportOptions, CrmImportRefusal } from "./outcome.server";

/** A stable key for a header, to remember a generic file's column mapping for the next upload. */
export function headerKey(header: readonly string[]): string {
  return crypto.createHash("sha256").update(header.map(normalizeHeaderLabel).join("\u0001")).digest("hex").slice(0, 32);
}

export type Recognition = { ok: true; format: CrmFormat; mapping: ColumnMapping } | { ok: false; refusal: CrmImportRefusal };

/**
 * The format and column mapping of a file from its header (labels trimmed): a Salesforce, HubSpot or
 * Pipedrive export recognised by its labels, or a generic file read with the mapping the admin saved for
 * this header (`saved`, looked up by headerKey), or the reason it cannot be read: no saved mapping
 * ("needs-mapping"), another format than the one asked for, a required column missing.
 *
 * @example recogniseFormat(["Deal", "Rep"], "auto", null) // { ok: false, refusal: { status: "needs-mapping", … } }
 */
export function recogniseFormat(header: string[], requested: CrmImportOptions["format"], saved: Record<string, string> | null): Recognition {
  const detected = detectFormat(header);
  if (!detected) {
    if (requested === "auto" || requested === "generic") return fromSavedMapping(header, saved);
    return refuse(said("crm.import.notFormat", { format: formatName(requested) }));
  }
  if (requested === "generic" || (detected.format === "generic" && saved)) return fromSavedMapping(header, saved);
  if (requested !== "auto" && detected.format !== requested) {
    return refuse(said("crm.import.otherFormat", { detected: formatName(detected.format), requested: formatName(requested) }));
  }
  if (detected.missing.length > 0) return refuse(missingColumnMessage(detected.format, detected.missing));
  return { ok: true, format: detected.format, mapping: detected.mapping };
}

/** A generic file, read with the admin's saved mapping for its header. */
function fromSavedMapping(header: string[], saved: Record<string, string> | null): Recognition {
  if (!saved) {
    return {
      ok: false,
      refusal: {
        status: "needs-mapping",
        message: said("crm.import.needsMapping"),
        header,
        samples: [],
      },
    };
  }
  const mapped = applyManualMapping(header, saved);
  if (!mapped.ok) return refuse(sentences(mapped.problems));
  return { ok: true, format: "generic", mapping: mapped.mapping };
}

const refuse = (message: string): Recognition => ({ ok: false, refusal: { status: "invalid-file", message } });
