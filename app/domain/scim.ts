// SCIM 2.0 (RFC 7643/7644) as Candor reads it (ADR 044): what a provider's request body means for a person or a
// team, and the errors SCIM's own format carries. Pure: the service looks things up and writes them.
import { z } from "zod";
import { parsePatchPath, type ScimAttrPath, type ScimFilter, type ScimValue } from "./scim-filter";

export const SCIM_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const SCIM_ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** Entra ID adds its own schema to the groups it creates; nothing of it is kept. */
export const SCIM_ENTRA_GROUP_SCHEMA = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";
export const SCIM_PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SCIM_LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** The `scimType`s of RFC 7644 §3.12 that Candor answers with. */
export type ScimErrorType = "invalidFilter" | "invalidSyntax" | "invalidValue" | "invalidPath" | "noTarget" | "uniqueness" | "mutability" | "tooMany";

/**
 * A request SCIM refuses, with its status and (for a 400 or 409) its `scimType`: the route answers it in
 * SCIM's error format, and nothing was changed.
 */
export class ScimProblem extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 429,
    readonly scimType: ScimErrorType | null,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "ScimProblem";
  }
}

const bad = (scimType: ScimErrorType, detail: string) => new ScimProblem(400, scimType, detail);

/** The most resources one list answers with (RFC 7644 §3.4.2.4: a larger `count` gets this many). */
export const SCIM_MAX_PAGE = 200;
export const SCIM_DEFAULT_PAGE = 100;

/**
 * `startIndex` (1-based; below 1 reads as 1) and `count` (0 asks for the total only; above SCIM_MAX_PAGE
 * reads as SCIM_MAX_PAGE) of a list request, as an offset and a limit.
 *
 * @example readScimPage({ startIndex: "3", count: "2" }) // { startIndex: 3, offset: 2, limit: 2 }
 */
export function readScimPage(query: { startIndex?: string | null; count?: string | null }): { startIndex: number; offset: number; limit: number } {
  const int = (name: string, text: string | null | undefined, fallback: number) => {
    if (text === null || text === undefined || text === "") return fallback;
    if (!/^-?\d{1,9}$/.test(text.trim())) throw bad("invalidValue", `${name} must be a whole number, not "${text}".`);
    return Number(text.trim());
  };
  const startIndex = Math.max(1, int("startIndex", query.startIndex, 1));
  const limit = Math.min(SCIM_MAX_PAGE, Math.max(0, int("count", query.count, SCIM_DEFAULT_PAGE)));
  return { startIndex, offset: startIndex - 1, limit };
}

/** A boolean as providers send it: Entra ID has sent "True" and "False" as strings. */
export function readScimBoolean(value: unknown, name: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  throw bad("invalidValue", `${name} must be true or false, not ${JSON.stringify(value)}.`);
}

// ---------------------------------------------------------------------------------------------------------
// Request bodies

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** The core attributes of RFC 7643 §4.1 (User), lower-cased: known, though Candor keeps only some. */
const USER_ATTRIBUTES = new Set([
  "schemas",
  "id",
  "externalid",
  "meta",
  "username",
  "name",
  "displayname",
  "nickname",
  "profileurl",
  "title",
  "usertype",
  "preferredlanguage",
  "locale",
  "timezone",
  "active",
  "password",
  "emails",
  "phonenumbers",
  "ims",
  "photos",
  "addresses",
  "groups",
  "entitlements",
  "roles",
  "x509certificates",
]);
const NAME_ATTRIBUTES = new Set(["formatted", "familyname", "givenname", "middlename", "honorificprefix", "honorificsuffix"]);
const GROUP_ATTRIBUTES = new Set(["schemas", "id", "externalid", "meta", "displayname", "members"]);
/** Set by Candor, never by a request: a request's values for them are ignored (RFC 7643 §7, readOnly). */
const READ_ONLY = new Set(["id", "meta", "groups", "schemas"]);

const EmailSchema = z.email().max(320);

/** What SCIM says about a person, as Candor keeps it. */
export interface ScimUserState {
  /** The person's email address, lower-cased: Candor's sign-in name. */
  userName: string;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
  formatted: string | null;
  displayName: string | null;
  active: boolean;
}

/** A team as a SCIM group: its name, the provider's id for it, and its members' person ids. */
export interface ScimGroupState {
  displayName: string;
  externalId: string | null;
  members: string[];
}

/**
 * The name Candor shows for a person: given and family name as the provider keeps them, else the formatted
 * name, the display name, or the address.
 */
export function candorNameOf(state: ScimUserState): string {
  const joined = [state.givenName, state.familyName].filter((s): s is string => Boolean(s?.trim())).join(" ");
  const name = joined || state.formatted?.trim() || state.displayName?.trim() || state.userName;
  return name.slice(0, 200);
}

function checkSchemas(body: Json, core: string, extensions: readonly string[]): Set<string> {
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || schemas.some((s) => typeof s !== "string")) throw bad("invalidSyntax", `The body must say its schemas: "schemas": ["${core}"].`);
  const lower = new Set((schemas as string[]).map((s) => s.toLowerCase()));
  if (!lower.has(core.toLowerCase())) throw bad("invalidSyntax", `The body's schemas must include ${core}.`);
  const known = new Set([core, ...extensions].map((s) => s.toLowerCase()));
  const unknown = (schemas as string[]).filter((s) => !known.has(s.toLowerCase()));
  if (unknown.length > 0) throw bad("invalidSyntax", `Candor does not know the schema ${unknown.join(", ")}: it accepts ${[core, ...extensions].join(", ")}.`);
  return lower;
}

/** Top-level keys: core attributes (any case) or the URN of an extension named in "schemas". */
function checkKeys(body: Json, attributes: Set<string>, schemas: Set<string>, resource: string): void {
  for (const key of Object.keys(body)) {
    if (/^(urn:|https?:)/i.test(key)) {
      if (!schemas.has(key.toLowerCase())) throw bad("invalidSyntax", `The body has "${key}" but its schemas do not name it.`);
      if (!isObject(body[key])) throw bad("invalidSyntax", `"${key}" must be an object.`);
      continue;
    }
    if (!attributes.has(key.toLowerCase())) throw bad("invalidSyntax", `"${key}" is not an attribute of a SCIM ${resource}: nothing was changed.`);
  }
}

const get = (body: Json, name: string): unknown => {
  const key = Object.keys(body).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : body[key];
};

function optionalText(value: unknown, name: string, max = 200): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw bad("invalidValue", `${name} must be a string.`);
  const trimmed = value.trim();
  if (trimmed.length > max) throw bad("invalidValue", `${name} is longer than ${max} characters.`);
  return trimmed === "" ? null : trimmed;
}

function readUserName(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw bad("invalidValue", "userName is required: the person's email address.");
  const email = value.trim().toLowerCase();
  if (!EmailSchema.safeParse(email).success) {
    throw bad(
      "invalidValue",
      `userName must be the person's email address (Candor signs people in by email), not "${value}". Map the email or the user principal name to userName.`,
    );
  }
  return email;
}

function readName(value: unknown, into: Pick<ScimUserState, "givenName" | "familyName" | "formatted">): void {
  if (value === undefined || value === null) {
    into.givenName = into.familyName = into.formatted = null;
    return;
  }
  if (!isObject(value)) throw bad("invalidValue", 'name must be an object, such as { "givenName": "Ann", "familyName": "Lee" }.');
  for (const key of Object.keys(value))
    if (!NAME_ATTRIBUTES.has(key.toLowerCase())) throw bad("invalidSyntax", `"name.${key}" is not an attribute of a SCIM User: nothing was changed.`);
  into.givenName = optionalText(get(value, "givenname"), "name.givenName");
  into.familyName = optionalText(get(value, "familyname"), "name.familyName");
  into.formatted = optionalText(get(value, "formatted"), "name.formatted");
}

function checkEmails(value: unknown): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value) || value.some((e) => !isObject(e) || (get(e, "value") !== undefined && typeof get(e, "value") !== "string"))) {
    throw bad("invalidValue", 'emails must be a list such as [{ "value": "ann@example.com", "type": "work", "primary": true }].');
  }
}

/**
 * The person a POST (create) or PUT (replace) body describes (RFC 7644 §3.3, §3.5.1). Attributes of the
 * User schema that Candor does not keep (phone numbers, title, the enterprise extension, a password) are
 * accepted and dropped; an attribute or schema SCIM does not define is refused. A PUT without `active`
 * leaves it as it was.
 */
export function readUserBody(body: unknown, current: ScimUserState | null): ScimUserState {
  if (!isObject(body)) throw bad("invalidSyntax", "The body must be a JSON object (a SCIM User).");
  const schemas = checkSchemas(body, SCIM_USER_SCHEMA, [SCIM_ENTERPRISE_USER_SCHEMA]);
  checkKeys(body, USER_ATTRIBUTES, schemas, "User");
  const state: ScimUserState = {
    userName: readUserName(get(body, "username")),
    externalId: optionalText(get(body, "externalid"), "externalId", 300),
    givenName: null,
    familyName: null,
    formatted: null,
    displayName: optionalText(get(body, "displayname"), "displayName"),
    active: current?.active ?? true,
  };
  readName(get(body, "name"), state);
  checkEmails(get(body, "emails"));
  const active = get(body, "active");
  if (active !== undefined && active !== null) state.active = readScimBoolean(active, "active");
  return state;
}

/** The team a POST or PUT body describes; members are person ids, checked by the service. */
export function readGroupBody(body: unknown): { displayName: string; externalId: string | null; members: string[] | null } {
  if (!isObject(body)) throw bad("invalidSyntax", "The body must be a JSON object (a SCIM Group).");
  const schemas = checkSchemas(body, SCIM_GROUP_SCHEMA, [SCIM_ENTRA_GROUP_SCHEMA]);
  checkKeys(body, GROUP_ATTRIBUTES, schemas, "Group");
  const displayName = optionalText(get(body, "displayname"), "displayName", 100);
  if (!displayName) throw bad("invalidValue", "displayName is required: the team's name.");
  const members = get(body, "members");
  return { displayName, externalId: optionalText(get(body, "externalid"), "externalId", 300), members: members === undefined || members === null ? null : memberIds(members) };
}

function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((m) => {
    const id = isObject(m) ? get(m, "value") : undefined;
    if (typeof id !== "string" || id.trim() === "") throw bad("invalidValue", 'Each member must be { "value": "<user id>" }.');
    return id.trim();
  });
}

// ---------------------------------------------------------------------------------------------------------
// PATCH (RFC 7644 §3.5.2)

export interface ScimPatchOperation {
  op: "add" | "replace" | "remove";
  path: string | null;
  value: unknown;
}

/** The most operations one PATCH may carry. */
export const SCIM_MAX_OPERATIONS = 100;

/** The operations of a PatchOp body; `op` in any case ("Replace" is Entra ID's spelling). */
export function readPatchBody(body: unknown): ScimPatchOperation[] {
  if (!isObject(body)) throw bad("invalidSyntax", "The body must be a JSON object (a SCIM PatchOp).");
  checkSchemas(body, SCIM_PATCH_SCHEMA, []);
  for (const key of Object.keys(body)) {
    if (!["schemas", "operations"].includes(key.toLowerCase())) throw bad("invalidSyntax", `"${key}" is not part of a PatchOp: it has "schemas" and "Operations".`);
  }
  const operations = get(body, "operations");
  if (!Array.isArray(operations) || operations.length === 0) throw bad("invalidSyntax", 'A PatchOp needs "Operations": a list of { "op", "path", "value" }.');
  if (operations.length > SCIM_MAX_OPERATIONS) throw bad("invalidSyntax", `A PatchOp may carry at most ${SCIM_MAX_OPERATIONS} operations.`);
  return operations.map((operation, i) => {
    if (!isObject(operation)) throw bad("invalidSyntax", `Operation ${i + 1} must be an object.`);
    for (const key of Object.keys(operation)) {
      if (!["op", "path", "value"].includes(key.toLowerCase())) throw bad("invalidSyntax", `Operation ${i + 1} has "${key}": an operation has "op", "path" and "value".`);
    }
    const op = get(operation, "op");
    const kind = typeof op === "string" ? op.toLowerCase() : "";
    if (kind !== "add" && kind !== "replace" && kind !== "remove")
      throw bad("invalidSyntax", `Operation ${i + 1}: "op" must be add, replace or remove, not ${JSON.stringify(op)}.`);
    const path = get(operation, "path");
    if (path !== undefined && path !== null && typeof path !== "string") throw bad("invalidPath", `Operation ${i + 1}: "path" must be a string.`);
    return { op: kind, path: path === "" || path === undefined ? null : (path as string | null), value: get(operation, "value") };
  });
}

/** A path's schema must be the resource's own (or, for a User, the enterprise extension, which is dropped). */
function schemaOf(path: ScimAttrPath, core: string, ignored: readonly string[]): "core" | "ignored" {
  if (path.schema === null || path.schema.toLowerCase() === core.toLowerCase()) return "core";
  if (ignored.some((s) => s.toLowerCase() === path.schema!.toLowerCase())) return "ignored";
  throw bad("invalidPath", `Candor does not know the schema ${path.schema}.`);
}

function patchPath(text: string) {
  const parsed = parsePatchPath(text);
  if (!parsed.ok) throw bad("invalidPath", parsed.detail);
  return parsed.value;
}

/** One attribute of a User set or removed by a PATCH; `sub` is a sub-attribute (name.givenName). */
function patchUserAttribute(state: ScimUserState, op: ScimPatchOperation["op"], attribute: string, sub: string | null, value: unknown, filtered: boolean): void {
  const name = attribute.toLowerCase();
  const removing = op === "remove";
  if (READ_ONLY.has(name)) return;
  if (!USER_ATTRIBUTES.has(name)) throw bad("invalidPath", `"${attribute}" is not an attribute of a SCIM User: nothing was changed.`);
  switch (name) {
    case "active":
      if (removing) throw bad("invalidValue", "active cannot be removed: set it to false to deactivate the person.");
      state.active = readScimBoolean(value, "active");
      return;
    case "username":
      if (removing) throw bad("invalidValue", "userName cannot be removed: it is the person's email address.");
      state.userName = readUserName(value);
      return;
    case "externalid":
      state.externalId = removing ? null : optionalText(value, "externalId", 300);
      return;
    case "displayname":
      state.displayName = removing ? null : optionalText(value, "displayName");
      return;
    case "name": {
      if (sub === null) {
        if (removing) readName(null, state);
        else if (op === "add" && isObject(value)) {
          // add merges into the complex attribute (RFC 7644 §3.5.2.1).
          const merged = { givenName: state.givenName, familyName: state.familyName, formatted: state.formatted };
          readName({ ...merged, ...value }, state);
        } else readName(value, state);
        return;
      }
      const part = sub.toLowerCase();
      if (!NAME_ATTRIBUTES.has(part)) throw bad("invalidPath", `"name.${sub}" is not an attribute of a SCIM User.`);
      const text = removing ? null : optionalText(value, `name.${sub}`);
      if (part === "givenname") state.givenName = text;
      else if (part === "familyname") state.familyName = text;
      else if (part === "formatted") state.formatted = text;
      return;
    }
    case "emails":
      // Candor keeps one address, userName; the emails a provider sends are checked and not kept.
      if (!removing && !filtered && sub === null) checkEmails(Array.isArray(value) ? value : [value]);
      return;
    default:
      // A User attribute Candor does not keep (title, phoneNumbers, roles, locale…): accepted, dropped.
      return;
  }
}

/**
 * A User after a PATCH's operations, applied in order to a copy (RFC 7644 §3.5.2): with a path (`active`,
 * `name.givenName`, `emails[type eq "work"].value`) or without one (`{"op":"replace","value":{"active":false}}`,
 * as Entra ID and Okta both send; keys may be paths, `"name.givenName"`). A failing operation fails the whole
 * PATCH: the caller writes nothing.
 */
export function applyUserPatch(current: ScimUserState, operations: readonly ScimPatchOperation[]): ScimUserState {
  const state = { ...current };
  for (const operation of operations) {
    if (operation.path === null) {
      if (operation.op === "remove") throw new ScimProblem(400, "noTarget", "A remove operation needs a path.");
      if (!isObject(operation.value)) throw bad("invalidValue", `An ${operation.op} without a path needs an object value, such as { "active": false }.`);
      for (const [key, value] of Object.entries(operation.value)) {
        if (key.toLowerCase() === SCIM_ENTERPRISE_USER_SCHEMA.toLowerCase()) continue;
        const { path, filter } = patchPath(key);
        if (schemaOf(path, SCIM_USER_SCHEMA, [SCIM_ENTERPRISE_USER_SCHEMA]) === "ignored") continue;
        patchUserAttribute(state, operation.op, path.attribute, path.subAttribute, value, filter !== null);
      }
      continue;
    }
    const { path, filter } = patchPath(operation.path);
    if (schemaOf(path, SCIM_USER_SCHEMA, [SCIM_ENTERPRISE_USER_SCHEMA]) === "ignored") continue;
    if (operation.op !== "remove" && operation.value === undefined) throw bad("invalidValue", `The ${operation.op} of "${operation.path}" has no value.`);
    patchUserAttribute(state, operation.op, path.attribute, path.subAttribute, operation.value, filter !== null);
  }
  return state;
}

/** Whether a member `{ value }` matches a path's filter (`value eq "…"`, joined by and/or/not). */
function memberMatches(filter: ScimFilter, id: string): boolean {
  switch (filter.kind) {
    case "and":
      return memberMatches(filter.left, id) && memberMatches(filter.right, id);
    case "or":
      return memberMatches(filter.left, id) || memberMatches(filter.right, id);
    case "not":
      return !memberMatches(filter.filter, id);
    case "compare":
      if (filter.path.attribute.toLowerCase() === "value" && (filter.op === "eq" || filter.op === "ne") && typeof filter.value === "string") {
        return (filter.value.toLowerCase() === id.toLowerCase()) === (filter.op === "eq");
      }
      throw bad("invalidFilter", 'Members are picked by their id: members[value eq "<user id>"].');
    case "present":
    case "valuePath":
      throw bad("invalidFilter", 'Members are picked by their id: members[value eq "<user id>"].');
  }
}

function patchGroupAttribute(state: ScimGroupState, op: ScimPatchOperation["op"], attribute: string, value: unknown, filter: ScimFilter | null): void {
  const name = attribute.toLowerCase();
  if (READ_ONLY.has(name)) return;
  switch (name) {
    case "displayname": {
      if (op === "remove") throw bad("invalidValue", "displayName cannot be removed: it is the team's name.");
      const text = optionalText(value, "displayName", 100);
      if (!text) throw bad("invalidValue", "displayName cannot be empty.");
      state.displayName = text;
      return;
    }
    case "externalid":
      state.externalId = op === "remove" ? null : optionalText(value, "externalId", 300);
      return;
    case "members": {
      if (filter) {
        if (op !== "remove") throw bad("invalidPath", 'A filter on members is for remove: members[value eq "<user id>"].');
        state.members = state.members.filter((id) => !memberMatches(filter, id));
        return;
      }
      if (op === "remove") {
        // Entra ID removes members with path "members" and the members as the value; without a value, all go.
        const gone = value === undefined || value === null ? null : new Set(memberIds(value).map((id) => id.toLowerCase()));
        state.members = gone === null ? [] : state.members.filter((id) => !gone.has(id.toLowerCase()));
        return;
      }
      const ids = value === null ? [] : memberIds(value);
      state.members = op === "replace" ? [...new Set(ids)] : [...new Set([...state.members, ...ids])];
      return;
    }
    default:
      throw bad("invalidPath", `"${attribute}" is not an attribute of a SCIM Group: nothing was changed.`);
  }
}

/**
 * A Group after a PATCH's operations, applied in order to a copy: displayName, externalId, and members
 * added (`{"op":"add","path":"members","value":[{"value":"<id>"}]}`), removed (`members[value eq "<id>"]`, or
 * Entra ID's path "members" with the members as the value) or replaced.
 */
export function applyGroupPatch(current: ScimGroupState, operations: readonly ScimPatchOperation[]): ScimGroupState {
  const state = { ...current, members: [...current.members] };
  for (const operation of operations) {
    if (operation.path === null) {
      if (operation.op === "remove") throw new ScimProblem(400, "noTarget", "A remove operation needs a path.");
      if (!isObject(operation.value)) throw bad("invalidValue", `An ${operation.op} without a path needs an object value, such as { "displayName": "Team A" }.`);
      for (const [key, value] of Object.entries(operation.value)) {
        if (/^(urn:|https?:)/i.test(key)) continue;
        patchGroupAttribute(state, operation.op, key, value, null);
      }
      continue;
    }
    const { path, filter } = patchPath(operation.path);
    if (schemaOf(path, SCIM_GROUP_SCHEMA, [SCIM_ENTRA_GROUP_SCHEMA]) === "ignored") continue;
    if (path.subAttribute) throw bad("invalidPath", `"${operation.path}" is not a path Candor can change on a Group.`);
    if (operation.op !== "remove" && operation.value === undefined) throw bad("invalidValue", `The ${operation.op} of "${operation.path}" has no value.`);
    patchGroupAttribute(state, operation.op, path.attribute, operation.value, filter);
  }
  return state;
}

// ---------------------------------------------------------------------------------------------------------
// Filters, resolved against what Candor can look up

/** A filter as conditions on the columns a service can query: `field`s it names, constants, and/or/not. */
export type ScimCondition<F extends string> =
  | { kind: "field"; field: F; op: "eq" | "ne" | "co" | "sw" | "ew"; value: string | boolean }
  | { kind: "present"; field: F }
  | { kind: "const"; value: boolean }
  | { kind: "and" | "or"; left: ScimCondition<F>; right: ScimCondition<F> }
  | { kind: "not"; inner: ScimCondition<F> };

/**
 * What a resource can be filtered on, by lower-cased path (`username`, `emails.value`, `name.familyname`): a
 * field of the given type, or a constant rule (Candor's one email is of type "work" and primary).
 */
export type ScimFilterAttributes<F extends string> = Record<string, { field: F; type: "string" | "boolean" } | { constant: (op: string, value: ScimValue) => boolean }>;

/**
 * Turns a parsed filter into conditions on `attributes`, or fails with invalidFilter naming what Candor
 * cannot filter on. `core` is the resource's schema URN, which a path may carry.
 */
export function resolveScimFilter<F extends string>(filter: ScimFilter, attributes: ScimFilterAttributes<F>, core: string, prefix = ""): ScimCondition<F> {
  const keyOf = (path: ScimAttrPath) => {
    if (path.schema !== null && path.schema.toLowerCase() !== core.toLowerCase()) throw bad("invalidFilter", `Candor cannot filter on ${path.schema}:${path.attribute}.`);
    return prefix + path.attribute.toLowerCase() + (path.subAttribute ? `.${path.subAttribute.toLowerCase()}` : "");
  };
  const lookUp = (path: ScimAttrPath) => {
    const key = keyOf(path);
    const attribute = attributes[key];
    if (!attribute) {
      const names = Object.keys(attributes).filter((k) => !k.includes("."));
      throw bad("invalidFilter", `Candor cannot filter on "${key}"; it filters on ${names.join(", ")}.`);
    }
    return attribute;
  };
  switch (filter.kind) {
    case "and":
    case "or":
      return { kind: filter.kind, left: resolveScimFilter(filter.left, attributes, core, prefix), right: resolveScimFilter(filter.right, attributes, core, prefix) };
    case "not":
      return { kind: "not", inner: resolveScimFilter(filter.filter, attributes, core, prefix) };
    case "valuePath":
      if (prefix) throw bad("invalidFilter", "A filter in brackets cannot hold another.");
      return resolveScimFilter(filter.filter, attributes, core, `${keyOf(filter.path)}.`);
    case "present": {
      const attribute = lookUp(filter.path);
      return "constant" in attribute ? { kind: "const", value: true } : { kind: "present", field: attribute.field };
    }
    case "compare": {
      const attribute = lookUp(filter.path);
      if (filter.op === "gt" || filter.op === "ge" || filter.op === "lt" || filter.op === "le") {
        throw bad("invalidFilter", `Candor does not filter with "${filter.op}"; it uses eq, ne, co, sw, ew, pr, and, or, not.`);
      }
      if ("constant" in attribute) return { kind: "const", value: attribute.constant(filter.op, filter.value) };
      if (attribute.type === "boolean") {
        if (typeof filter.value !== "boolean" || (filter.op !== "eq" && filter.op !== "ne"))
          throw bad("invalidFilter", `"${keyOf(filter.path)}" is compared with eq or ne and true or false.`);
        return { kind: "field", field: attribute.field, op: filter.op, value: filter.value };
      }
      if (typeof filter.value !== "string") throw bad("invalidFilter", `"${keyOf(filter.path)}" is compared with a quoted string.`);
      return { kind: "field", field: attribute.field, op: filter.op, value: filter.value };
    }
  }
}

/** The fields a User filter can name (person and scim_user columns). */
export type ScimUserField = "id" | "userName" | "externalId" | "name" | "givenName" | "familyName" | "active";

/** What a User list can be filtered on. userName is the email (compared in any case); every email is a primary "work" one. */
export const SCIM_USER_FILTER: ScimFilterAttributes<ScimUserField> = {
  id: { field: "id", type: "string" },
  username: { field: "userName", type: "string" },
  externalid: { field: "externalId", type: "string" },
  displayname: { field: "name", type: "string" },
  "name.formatted": { field: "name", type: "string" },
  "name.givenname": { field: "givenName", type: "string" },
  "name.familyname": { field: "familyName", type: "string" },
  active: { field: "active", type: "boolean" },
  emails: { field: "userName", type: "string" },
  "emails.value": { field: "userName", type: "string" },
  "emails.type": { constant: (op, value) => typeof value === "string" && (value.toLowerCase() === "work") === (op === "eq") },
  "emails.primary": { constant: (op, value) => value === (op === "eq") },
};

export type ScimGroupField = "id" | "displayName" | "externalId" | "member";

/** What a Group list can be filtered on: its name, ids, and a member (`members[value eq "<user id>"]`). */
export const SCIM_GROUP_FILTER: ScimFilterAttributes<ScimGroupField> = {
  id: { field: "id", type: "string" },
  displayname: { field: "displayName", type: "string" },
  externalid: { field: "externalId", type: "string" },
  members: { field: "member", type: "string" },
  "members.value": { field: "member", type: "string" },
};
