/**
 * The users file given with a Salesforce export whose owners are user ids ("005…"): Salesforce's User
 * object exported as it comes (Data Loader, Workbench, sfdx: Id, Email, Name) or a users report ("User ID",
 * "Email", "Full Name"), read into a map from id to the owner to store.
 */
import { normalizeHeaderLabel } from "~/domain/crm";
import { said } from "~/i18n/said";
import { RecordDecoder } from "./decode-records.server";
import { invalidFile } from "./outcome.server";

const ID_LABELS = ["id", "user id"];
const EMAIL_LABELS = ["email", "email address"];
const NAME_LABELS = ["name", "full name"];

/**
 * Reads a users file (any encoding and separator the import reads) into a map from each user's id (its
 * first 15 characters: an 18-character id is the 15-character one and a checksum) to the user's email, or
 * name when the email is empty. Throws ImportStop ("invalid-file") for a file without an Id column, or
 * without an Email or Name column, naming the file.
 */
export function readUsersFile(bytes: Uint8Array, fileName: string): Map<string, string> {
  const decoder = new RecordDecoder("auto");
  const records = [...decoder.push(bytes), ...decoder.end()].flat();
  const headerAt = records.findIndex((r) => r.values.some((v) => v.trim() !== ""));
  const labels = headerAt < 0 ? [] : records[headerAt]!.values.map(normalizeHeaderLabel);
  const column = (candidates: readonly string[]) => labels.findIndex((l) => candidates.includes(l));
  const id = column(ID_LABELS);
  const email = column(EMAIL_LABELS);
  const name = column(NAME_LABELS);
  if (id < 0 || (email < 0 && name < 0)) {
    throw invalidFile(said("crm.import.usersColumns", { file: fileName }));
  }
  const users = new Map<string, string>();
  for (const record of records.slice(headerAt + 1)) {
    const key = (record.values[id] ?? "").trim();
    const owner = (record.values[email] ?? "").trim() || (record.values[name] ?? "").trim();
    if (key.length >= 15 && owner !== "") users.set(key.slice(0, 15), owner);
  }
  return users;
}
