// The stage and column mappings `import-crm` applies and saves before it imports: --map-stage, --map-column
// and --mapping (a JSON file), read into what the CRM page saves (saveCrmMappings).
import fs from "node:fs";
import { z } from "zod";
import { CANONICAL_FIELDS, type CanonicalField, type DealStatus } from "~/domain/crm";
import { UsageError } from "./context";

const STATUSES = ["open", "won", "lost"] as const;

/** A canonical field by its name as Candor's template writes it (crmId, crm_id, "crm id", CRMID). */
function fieldNamed(name: string): CanonicalField | undefined {
  const key = name.replace(/[\s_-]/g, "").toLowerCase();
  return CANONICAL_FIELDS.find((f) => f.toLowerCase() === key);
}

const MappingFile = z.strictObject({
  stages: z.record(z.string(), z.enum(STATUSES)).optional(),
  columns: z.record(z.string(), z.string()).optional(),
});

export interface CliMappings {
  stages: Record<string, DealStatus>;
  /** Null when no column was mapped. */
  columns: Partial<Record<CanonicalField, string>> | null;
}

/** "Label=value" split at its last "=", so that a stage label may hold one. */
function pair(text: string, option: string, shape: string): [string, string] {
  const at = text.lastIndexOf("=");
  if (at <= 0 || at === text.length - 1) throw new UsageError(`--${option} takes ${shape}, such as --${option} "${option === "map-stage" ? "Closed: won=won" : "crmId=Deal ID"}".`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

const list = (value: string | boolean | string[] | undefined): string[] => (Array.isArray(value) ? value : typeof value === "string" ? [value] : []);

/**
 * The mappings the options give: `--mapping file.json` ({"stages": {"Closed: won": "won"}, "columns":
 * {"crmId": "Deal ID"}}) first, then each `--map-stage "Stage=won"` and `--map-column "field=Column"` over
 * it. Every problem is a UsageError naming the option.
 */
export function readCliMappings(values: Record<string, string | boolean | string[] | undefined>): CliMappings {
  const stages: Record<string, DealStatus> = {};
  const columns: Partial<Record<CanonicalField, string>> = {};
  const setColumn = (name: string, label: string, option: string) => {
    const field = fieldNamed(name);
    if (!field) throw new UsageError(`${option}: "${name}" is no field; the fields are ${CANONICAL_FIELDS.join(", ")}.`);
    columns[field] = label;
  };
  if (typeof values.mapping === "string") {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(values.mapping, "utf8"));
    } catch (error) {
      throw new UsageError(`--mapping: ${values.mapping} is not a readable JSON file (${(error as Error).message}).`);
    }
    const parsed = MappingFile.safeParse(json);
    if (!parsed.success) {
      throw new UsageError(
        `--mapping: ${values.mapping} must look like {"stages": {"Closed: won": "won"}, "columns": {"crmId": "Deal ID"}} (${parsed.error.issues.map((i) => `${i.path.join(".") || "file"}: ${i.message}`).join("; ")}).`,
      );
    }
    Object.assign(stages, parsed.data.stages);
    for (const [name, label] of Object.entries(parsed.data.columns ?? {})) setColumn(name, label, "--mapping");
  }
  for (const text of list(values["map-stage"])) {
    const [stage, status] = pair(text, "map-stage", '"Stage=open|won|lost"');
    if (!(STATUSES as readonly string[]).includes(status.toLowerCase())) throw new UsageError(`--map-stage: "${status}" is not open, won or lost.`);
    stages[stage] = status.toLowerCase() as DealStatus;
  }
  for (const text of list(values["map-column"])) {
    const [name, label] = pair(text, "map-column", '"field=Column label"');
    setColumn(name, label, "--map-column");
  }
  return { stages, columns: Object.keys(columns).length > 0 ? columns : null };
}
