import type { Kysely } from "kysely";
import type { AppContext } from "~/context.server";
import { isServiceError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import {
  applyGroupPatch,
  applyUserPatch,
  candorNameOf,
  readGroupBody,
  readPatchBody,
  readScimPage,
  readUserBody,
  resolveScimFilter,
  ScimProblem,
  SCIM_ENTERPRISE_USER_SCHEMA,
  SCIM_ERROR_SCHEMA,
  SCIM_GROUP_FILTER,
  SCIM_GROUP_SCHEMA,
  SCIM_LIST_SCHEMA,
  SCIM_MAX_PAGE,
  SCIM_USER_FILTER,
  SCIM_USER_SCHEMA,
  type ScimGroupState,
  type ScimUserState,
} from "~/domain/scim";
import { parseScimFilter } from "~/domain/scim-filter";
import { isSecretField } from "~/log-redaction.server";
import {
  countOtherActiveAdmins,
  existingPeople,
  findDeletedScimTeamByName,
  findPersonByExternalId,
  findPersonForScim,
  findScimPerson,
  findScimTeam,
  insertScimRequest,
  listScimMembers,
  listScimPeople,
  listScimTeams,
  upsertScimGroup,
  upsertScimUser,
  type ScimPersonRow,
  type ScimTeamRow,
} from "#db/queries/scim";
import type { DB } from "#db/schema";
import { addPersonAs, changeEmailAs, movePersonToTeam, organisationToday, recordAuditAs, renamePersonAs, setPersonActive, type PeopleChangeAuthor } from "./people.server";
import { checkTeamName, createTeamAs, renameTeamAs } from "./teams.server";

// SCIM 2.0 provisioning (issue 24, part 3; ADR 044): an identity provider keeps Candor's people and teams in
// step with it. Users are people (userName = their email), Groups are teams. Every change goes through the
// services the admin pages use (people.server.ts, teams.server.ts), recorded with source "scim" and the SCIM
// token as the actor; each request is one transaction, so a refused request changes nothing.

/** The SCIM request as the route read it. */
export interface ScimRequest {
  method: string;
  /** The path after /scim/v2, split: ["Users", "<id>"]. */
  segments: string[];
  /** The path and query as sent, for the request log. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when there is none), or why it could not be read. */
  body: { ok: true; value: unknown } | { ok: false; detail: string } | undefined;
}

export interface ScimAnswer {
  status: number;
  /** null for 204. */
  body: unknown;
  location?: string;
}

interface ScimToken {
  organisationId: string;
  tokenId: string;
}

/** A SCIM error body (RFC 7644 §3.12). */
export function scimErrorBody(status: number, scimType: string | null, detail: string) {
  return { schemas: [SCIM_ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

/** The identity provider, through its token, as the author of a change. */
function scimAuthor(app: AppContext, token: ScimToken): PeopleChangeAuthor {
  return {
    organisationId: token.organisationId,
    membership: { actorId: null, source: "scim", at: app.now() },
    audit: { actor: { kind: "scim-token", tokenId: token.tokenId }, source: "scim" },
  };
}

const baseUrl = (app: AppContext) => `${app.config.appUrl}/scim/v2`;

// --- Resources as SCIM shows them ---------------------------------------------------------------------------

function userResource(app: AppContext, row: ScimPersonRow) {
  return {
    schemas: [SCIM_USER_SCHEMA],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    userName: row.email.toLowerCase(),
    name: { formatted: row.name, ...(row.givenName ? { givenName: row.givenName } : {}), ...(row.familyName ? { familyName: row.familyName } : {}) },
    displayName: row.name,
    emails: [{ value: row.email.toLowerCase(), type: "work", primary: true }],
    active: row.active,
    groups: row.teamId ? [{ value: row.teamId, display: row.teamName, $ref: `${baseUrl(app)}/Groups/${row.teamId}` }] : [],
    meta: {
      resourceType: "User",
      created: row.createdAt.toISOString(),
      lastModified: (row.updatedAt ?? row.createdAt).toISOString(),
      location: `${baseUrl(app)}/Users/${row.id}`,
    },
  };
}

function groupResource(app: AppContext, row: ScimTeamRow, members: Array<{ id: string; email: string }> | null) {
  return {
    schemas: [SCIM_GROUP_SCHEMA],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    displayName: row.name,
    ...(members ? { members: members.map((m) => ({ value: m.id, display: m.email, $ref: `${baseUrl(app)}/Users/${m.id}`, type: "User" })) } : {}),
    meta: { resourceType: "Group", created: row.createdAt.toISOString(), location: `${baseUrl(app)}/Groups/${row.id}` },
  };
}

const stateOf = (row: ScimPersonRow): ScimUserState => ({
  userName: row.email.toLowerCase(),
  externalId: row.externalId,
  givenName: row.givenName,
  familyName: row.familyName,
  formatted: row.name,
  displayName: row.name,
  active: row.active,
});

// --- Discovery ------------------------------------------------------------------------------------------------

function serviceProviderConfig(app: AppContext) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: `${app.config.appUrl}/admin/scim`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_MAX_PAGE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: "oauthbearertoken", name: "Bearer token", description: "A SCIM token made by an admin on Admin → Provisioning (SCIM).", primary: true }],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl(app)}/ServiceProviderConfig` },
  };
}

function resourceTypes(app: AppContext) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A person of the organisation; userName is their email address.",
      schema: SCIM_USER_SCHEMA,
      schemaExtensions: [{ schema: SCIM_ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${baseUrl(app)}/ResourceTypes/User` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A team of the organisation.",
      schema: SCIM_GROUP_SCHEMA,
      schemaExtensions: [],
      meta: { resourceType: "ResourceType", location: `${baseUrl(app)}/ResourceTypes/Group` },
    },
  ];
}

const attribute = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

/** The attributes Candor keeps (RFC 7643 §7); other User attributes are accepted and not kept. */
function schemas(app: AppContext) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: SCIM_USER_SCHEMA,
      name: "User",
      description: "A person. Candor keeps userName (the email address), name, externalId and active.",
      attributes: [
        attribute("userName", "string", { required: true, uniqueness: "server" }),
        attribute("externalId", "string", { caseExact: true }),
        attribute("name", "complex", {
          subAttributes: [attribute("formatted", "string"), attribute("givenName", "string"), attribute("familyName", "string")],
        }),
        attribute("displayName", "string"),
        attribute("active", "boolean"),
        attribute("emails", "complex", { multiValued: true, description: "One work address, the same as userName.", subAttributes: [attribute("value", "string")] }),
        attribute("groups", "complex", { multiValued: true, mutability: "readOnly", subAttributes: [attribute("value", "string"), attribute("display", "string")] }),
      ],
      meta: { resourceType: "Schema", location: `${baseUrl(app)}/Schemas/${SCIM_USER_SCHEMA}` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: SCIM_GROUP_SCHEMA,
      name: "Group",
      description: "A team.",
      attributes: [
        attribute("displayName", "string", { required: true, uniqueness: "server" }),
        attribute("externalId", "string", { caseExact: true }),
        attribute("members", "complex", { multiValued: true, subAttributes: [attribute("value", "string", { mutability: "immutable" }), attribute("display", "string")] }),
      ],
      meta: { resourceType: "Schema", location: `${baseUrl(app)}/Schemas/${SCIM_GROUP_SCHEMA}` },
    },
  ];
}

const listOf = (resources: unknown[], total = resources.length, startIndex = 1) => ({
  schemas: [SCIM_LIST_SCHEMA],
  totalResults: total,
  startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
});

// --- Users --------------------------------------------------------------------------------------------------

interface Outcome {
  answer: ScimAnswer;
  /** What Candor made of it, for the request log. */
  outcome: string;
  personId?: string | null;
}

async function requirePerson(db: Kysely<DB>, organisationId: string, id: string): Promise<ScimPersonRow> {
  const row = isUuid(id) ? await findScimPerson(db, organisationId, id) : undefined;
  if (!row) throw new ScimProblem(404, null, `There is no User ${id}.`);
  return row;
}

async function requireTeam(db: Kysely<DB>, organisationId: string, id: string): Promise<ScimTeamRow> {
  const row = isUuid(id) ? await findScimTeam(db, organisationId, id) : undefined;
  if (!row) throw new ScimProblem(404, null, `There is no Group ${id}.`);
  return row;
}

function filterOf(query: URLSearchParams) {
  const text = query.get("filter");
  if (text === null) return null;
  const parsed = parseScimFilter(text);
  if (!parsed.ok) throw new ScimProblem(400, "invalidFilter", parsed.detail);
  return parsed.value;
}

async function listUsers(app: AppContext, token: ScimToken, query: URLSearchParams): Promise<Outcome> {
  const filter = filterOf(query);
  const condition = filter ? resolveScimFilter(filter, SCIM_USER_FILTER, SCIM_USER_SCHEMA) : null;
  const page = readScimPage({ startIndex: query.get("startIndex"), count: query.get("count") });
  const { total, rows } = await listScimPeople(app.db, token.organisationId, condition, page);
  return {
    answer: {
      status: 200,
      body: listOf(
        rows.map((r) => userResource(app, r)),
        total,
        page.startIndex,
      ),
    },
    outcome: `Listed ${rows.length} of ${total} users.`,
    personId: rows.length === 1 ? rows[0]!.id : null,
  };
}

/**
 * Writes a User's new state over the old, in the caller's transaction, through the people services:
 * address (refused when another person has it), name, SCIM's own attributes, then active (deactivation ends
 * their sessions and takes them out of future audiences). Returns what changed, in words.
 */
async function writeUser(trx: Kysely<DB>, app: AppContext, author: PeopleChangeAuthor, row: ScimPersonRow, before: ScimUserState, after: ScimUserState): Promise<string[]> {
  const changed: string[] = [];
  if (after.userName !== row.email.toLowerCase()) {
    const taken = await findPersonForScim(trx, author.organisationId, after.userName);
    if (taken && taken.id !== row.id) throw new ScimProblem(409, "uniqueness", `Another person already has the userName ${after.userName}.`);
    await changeEmailAs(trx, app, author, { id: row.id, email: row.email }, after.userName);
    changed.push("email address");
  }
  if (after.externalId && after.externalId !== before.externalId && (await findPersonByExternalId(trx, author.organisationId, after.externalId, row.id))) {
    throw new ScimProblem(409, "uniqueness", `Another person already has the externalId ${after.externalId}.`);
  }
  const name = candorNameOf(after);
  if (name !== row.name) {
    await renamePersonAs(trx, app, author, row, name);
    changed.push("name");
  }
  await upsertScimUser(trx, {
    personId: row.id,
    organisationId: author.organisationId,
    externalId: after.externalId,
    givenName: after.givenName,
    familyName: after.familyName,
    updatedAt: app.now(),
    deletedAt: null,
  });
  if (after.active !== row.active) {
    if (!after.active && row.role === "admin" && (await countOtherActiveAdmins(trx, author.organisationId, row.id)) === 0) {
      throw new ScimProblem(400, "mutability", "This is the organisation's last active admin: Candor does not deactivate them over SCIM. Make another admin first.");
    }
    await setPersonActive(trx, app, author, row, after.active);
    changed.push(after.active ? "reactivated" : "deactivated (sessions ended, out of future pulses)");
  }
  return changed;
}

async function createUser(app: AppContext, token: ScimToken, body: unknown): Promise<Outcome> {
  const state = readUserBody(body, null);
  const author = scimAuthor(app, token);
  const id = await app.db.transaction().execute(async (trx) => {
    const existing = await findPersonForScim(trx, token.organisationId, state.userName);
    if (existing && (existing.erasedAt || existing.deletedAt === null)) throw new ScimProblem(409, "uniqueness", `A person with the userName ${state.userName} already exists.`);
    if (state.externalId && (await findPersonByExternalId(trx, token.organisationId, state.externalId, existing?.id ?? null))) {
      throw new ScimProblem(409, "uniqueness", `A person with the externalId ${state.externalId} already exists.`);
    }
    // A person the provider deleted earlier comes back: the same Candor account, history and all.
    const personId = existing?.id ?? (await addPersonAs(trx, app, author, { email: state.userName, name: candorNameOf(state) }));
    if (existing)
      await upsertScimUser(trx, { personId, organisationId: token.organisationId, externalId: null, givenName: null, familyName: null, updatedAt: app.now(), deletedAt: null });
    const row = (await findScimPerson(trx, token.organisationId, personId))!;
    await writeUser(trx, app, author, row, stateOf(row), state);
    return personId;
  });
  const row = (await findScimPerson(app.db, token.organisationId, id))!;
  return {
    answer: { status: 201, body: userResource(app, row), location: `${baseUrl(app)}/Users/${id}` },
    outcome: `Created ${row.name} as a rep in no team${row.active ? "" : ", deactivated"}.`,
    personId: id,
  };
}

async function changeUser(app: AppContext, token: ScimToken, id: string, next: (current: ScimUserState) => ScimUserState, verb: string): Promise<Outcome> {
  const author = scimAuthor(app, token);
  const changed = await app.db.transaction().execute(async (trx) => {
    const row = await requirePerson(trx, token.organisationId, id);
    const before = stateOf(row);
    return writeUser(trx, app, author, row, before, next(before));
  });
  const row = await requirePerson(app.db, token.organisationId, id);
  return {
    answer: { status: 200, body: userResource(app, row) },
    outcome: `${verb} ${row.name}: ${changed.length > 0 ? changed.join(", ") : "nothing changed"}.`,
    personId: row.id,
  };
}

/**
 * DELETE deactivates (ADR 044): the person cannot sign in, their sessions end, no later pulse asks them, and
 * they are no longer a SCIM User (a GET answers 404). Nothing is erased; their anonymous answers were never
 * theirs by record. Creating the same userName again brings the same account back.
 */
async function deleteUser(app: AppContext, token: ScimToken, id: string): Promise<Outcome> {
  const author = scimAuthor(app, token);
  const row = await app.db.transaction().execute(async (trx) => {
    const row = await requirePerson(trx, token.organisationId, id);
    await writeUser(trx, app, author, row, stateOf(row), { ...stateOf(row), active: false });
    await upsertScimUser(trx, {
      personId: row.id,
      organisationId: token.organisationId,
      externalId: row.externalId,
      givenName: row.givenName,
      familyName: row.familyName,
      updatedAt: app.now(),
      deletedAt: app.now(),
    });
    return row;
  });
  return { answer: { status: 204, body: null }, outcome: `Deleted ${row.name}: deactivated (sessions ended, out of future pulses); nothing erased.`, personId: row.id };
}

// --- Groups -------------------------------------------------------------------------------------------------

const wantsMembers = (query: URLSearchParams) =>
  !(query.get("excludedAttributes") ?? "")
    .split(",")
    .map((a) => a.trim().toLowerCase())
    .includes("members");

async function listGroups(app: AppContext, token: ScimToken, query: URLSearchParams): Promise<Outcome> {
  const filter = filterOf(query);
  const condition = filter ? resolveScimFilter(filter, SCIM_GROUP_FILTER, SCIM_GROUP_SCHEMA) : null;
  const page = readScimPage({ startIndex: query.get("startIndex"), count: query.get("count") });
  const { total, rows } = await listScimTeams(app.db, token.organisationId, condition, page);
  const members = wantsMembers(query)
    ? await listScimMembers(
        app.db,
        token.organisationId,
        rows.map((r) => r.id),
      )
    : null;
  return {
    answer: {
      status: 200,
      body: listOf(
        rows.map((r) => groupResource(app, r, members?.get(r.id) ?? null)),
        total,
        page.startIndex,
      ),
    },
    outcome: `Listed ${rows.length} of ${total} groups.`,
  };
}

async function groupAnswer(app: AppContext, token: ScimToken, teamId: string, status: number, query: URLSearchParams): Promise<ScimAnswer> {
  const row = await requireTeam(app.db, token.organisationId, teamId);
  const members = wantsMembers(query) ? ((await listScimMembers(app.db, token.organisationId, [row.id])).get(row.id) ?? []) : null;
  return { status, body: groupResource(app, row, members), ...(status === 201 ? { location: `${baseUrl(app)}/Groups/${row.id}` } : {}) };
}

/**
 * Writes a Group's new state over the old in the caller's transaction: the team's name (refused when another
 * team has it), its externalId, and its members. A person added joins this team from today and leaves the
 * one they were in (a person is in one team at a time); a person removed is in no team from today.
 */
async function writeGroup(
  trx: Kysely<DB>,
  app: AppContext,
  author: PeopleChangeAuthor,
  team: ScimTeamRow,
  before: ScimGroupState,
  after: ScimGroupState,
  today: string,
): Promise<string[]> {
  const changed: string[] = [];
  if (after.displayName !== team.name) {
    try {
      await checkTeamName(trx, author.organisationId, after.displayName, team.id);
    } catch (error) {
      if (isServiceError(error)) throw new ScimProblem(409, "uniqueness", `Another team is already called "${after.displayName}".`);
      throw error;
    }
    await renameTeamAs(trx, app, author, team, after.displayName);
    changed.push(`renamed to "${after.displayName}"`);
  }
  await upsertScimGroup(trx, { teamId: team.id, organisationId: author.organisationId, externalId: after.externalId, deletedAt: null });
  const was = new Set(before.members.map((id) => id.toLowerCase()));
  const is = new Set(after.members.map((id) => id.toLowerCase()));
  const added = [...is].filter((id) => !was.has(id));
  const removed = [...was].filter((id) => !is.has(id));
  const known = await existingPeople(
    trx,
    author.organisationId,
    added.filter((id) => isUuid(id)),
  );
  const unknown = added.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new ScimProblem(400, "invalidValue", `There is no User ${unknown.join(", ")}: nothing was changed.`);
  for (const id of removed) await movePersonToTeam(trx, app, author, id, null, today);
  for (const id of added) await movePersonToTeam(trx, app, author, id, team.id, today);
  if (added.length > 0) changed.push(`${added.length} joined`);
  if (removed.length > 0) changed.push(`${removed.length} left`);
  return changed;
}

async function currentGroup(trx: Kysely<DB>, organisationId: string, team: ScimTeamRow): Promise<ScimGroupState> {
  const members = (await listScimMembers(trx, organisationId, [team.id])).get(team.id) ?? [];
  return { displayName: team.name, externalId: team.externalId, members: members.map((m) => m.id) };
}

async function createGroup(app: AppContext, token: ScimToken, body: unknown, query: URLSearchParams): Promise<Outcome> {
  const input = readGroupBody(body);
  const author = scimAuthor(app, token);
  const today = await organisationToday(app, token.organisationId);
  const teamId = await app.db.transaction().execute(async (trx) => {
    // A group the provider deleted earlier comes back as the same team.
    let id = await findDeletedScimTeamByName(trx, token.organisationId, input.displayName);
    if (!id) {
      try {
        await checkTeamName(trx, token.organisationId, input.displayName);
      } catch (error) {
        if (isServiceError(error)) throw new ScimProblem(409, "uniqueness", `A group called "${input.displayName}" already exists.`);
        throw error;
      }
      id = await createTeamAs(trx, app, author, input.displayName);
    }
    await upsertScimGroup(trx, { teamId: id, organisationId: token.organisationId, externalId: input.externalId, deletedAt: null });
    const team = (await findScimTeam(trx, token.organisationId, id))!;
    const before = await currentGroup(trx, token.organisationId, team);
    await writeGroup(trx, app, author, team, before, { ...before, externalId: input.externalId, members: input.members ?? before.members }, today);
    return id;
  });
  return {
    answer: await groupAnswer(app, token, teamId, 201, query),
    outcome: `Created the team "${input.displayName}"${input.members?.length ? ` with ${input.members.length} members` : ""}.`,
  };
}

async function changeGroup(
  app: AppContext,
  token: ScimToken,
  id: string,
  next: (current: ScimGroupState) => ScimGroupState,
  verb: string,
  query: URLSearchParams,
): Promise<Outcome> {
  const author = scimAuthor(app, token);
  const today = await organisationToday(app, token.organisationId);
  const { name, changed } = await app.db.transaction().execute(async (trx) => {
    const team = await requireTeam(trx, token.organisationId, id);
    const before = await currentGroup(trx, token.organisationId, team);
    return { name: team.name, changed: await writeGroup(trx, app, author, team, before, next(before), today) };
  });
  return { answer: await groupAnswer(app, token, id, 200, query), outcome: `${verb} the team "${name}": ${changed.length > 0 ? changed.join(", ") : "nothing changed"}.` };
}

/**
 * DELETE of a Group: its members leave the team from today and it is no longer a SCIM group; the team stays,
 * with its history and results (ADR 044). Creating a group of that name again brings it back.
 */
async function deleteGroup(app: AppContext, token: ScimToken, id: string): Promise<Outcome> {
  const author = scimAuthor(app, token);
  const today = await organisationToday(app, token.organisationId);
  const name = await app.db.transaction().execute(async (trx) => {
    const team = await requireTeam(trx, token.organisationId, id);
    const before = await currentGroup(trx, token.organisationId, team);
    for (const member of before.members) await movePersonToTeam(trx, app, author, member, null, today);
    await upsertScimGroup(trx, { teamId: team.id, organisationId: token.organisationId, externalId: team.externalId, deletedAt: app.now() });
    await recordAuditAs(trx, app, author, {
      action: "team.remove-from-scim",
      target: { type: "team", id: team.id },
      after: { name: team.name, membersRemoved: before.members.length },
    });
    return team.name;
  });
  return { answer: { status: 204, body: null }, outcome: `Deleted the group "${name}": its members left the team; the team and its history stay.` };
}

// --- Dispatch -----------------------------------------------------------------------------------------------

const notAllowed = (method: string, path: string) => new ScimProblem(405, null, `${method} is not allowed on ${path}.`);

function requireBody(request: ScimRequest): unknown {
  if (!request.body) throw new ScimProblem(400, "invalidSyntax", "This request needs a JSON body.");
  if (!request.body.ok) throw new ScimProblem(400, "invalidSyntax", request.body.detail);
  return request.body.value;
}

async function dispatch(app: AppContext, token: ScimToken, request: ScimRequest): Promise<Outcome> {
  const [resource = "", id, ...rest] = request.segments;
  const { method, query } = request;
  const path = `/${request.segments.join("/")}`;
  if (rest.length > 0) throw new ScimProblem(404, null, `There is nothing at ${path}.`);
  const get = (body: unknown, outcome: string): Outcome => ({ answer: { status: 200, body }, outcome });
  switch (resource.toLowerCase()) {
    case "serviceproviderconfig":
      if (method !== "GET") throw notAllowed(method, path);
      return get(serviceProviderConfig(app), "Discovery.");
    case "resourcetypes": {
      if (method !== "GET") throw notAllowed(method, path);
      const types = resourceTypes(app);
      if (id === undefined) return get(listOf(types), "Discovery.");
      const type = types.find((t) => t.id.toLowerCase() === id.toLowerCase());
      if (!type) throw new ScimProblem(404, null, `There is no resource type ${id}.`);
      return get(type, "Discovery.");
    }
    case "schemas": {
      if (method !== "GET") throw notAllowed(method, path);
      const all = schemas(app);
      if (id === undefined) return get(listOf(all), "Discovery.");
      const schema = all.find((s) => s.id.toLowerCase() === decodeURIComponent(id).toLowerCase());
      if (!schema) throw new ScimProblem(404, null, `There is no schema ${id}.`);
      return get(schema, "Discovery.");
    }
    case "users":
      if (id === undefined) {
        if (method === "GET") return listUsers(app, token, query);
        if (method === "POST") return createUser(app, token, requireBody(request));
        throw notAllowed(method, path);
      }
      switch (method) {
        case "GET": {
          const row = await requirePerson(app.db, token.organisationId, id);
          return { answer: { status: 200, body: userResource(app, row) }, outcome: `Read ${row.name}.`, personId: row.id };
        }
        case "PUT": {
          const body = requireBody(request);
          return changeUser(app, token, id, (current) => readUserBody(body, current), "Replaced");
        }
        case "PATCH": {
          const operations = readPatchBody(requireBody(request));
          return changeUser(app, token, id, (current) => applyUserPatch(current, operations), "Patched");
        }
        case "DELETE":
          return deleteUser(app, token, id);
        default:
          throw notAllowed(method, path);
      }
    case "groups":
      if (id === undefined) {
        if (method === "GET") return listGroups(app, token, query);
        if (method === "POST") return createGroup(app, token, requireBody(request), query);
        throw notAllowed(method, path);
      }
      switch (method) {
        case "GET": {
          const answer = await groupAnswer(app, token, id, 200, query);
          return { answer, outcome: `Read the team "${(answer.body as { displayName: string }).displayName}".` };
        }
        case "PUT": {
          const input = readGroupBody(requireBody(request));
          // Members left out of a PUT stay as they are: a rename must not empty a team.
          return changeGroup(
            app,
            token,
            id,
            (current) => ({ displayName: input.displayName, externalId: input.externalId, members: input.members ?? current.members }),
            "Replaced",
            query,
          );
        }
        case "PATCH": {
          const operations = readPatchBody(requireBody(request));
          return changeGroup(app, token, id, (current) => applyGroupPatch(current, operations), "Patched", query);
        }
        case "DELETE":
          return deleteGroup(app, token, id);
        default:
          throw notAllowed(method, path);
      }
    default:
      throw new ScimProblem(404, null, `There is nothing at ${path}: SCIM's resources are /Users and /Groups.`);
  }
}

/** The path as people read it (and as erasure finds an address in it): `filter=userName eq "ann@…"`, not `%22ann%40…`. */
function readablePath(path: string): string {
  try {
    return decodeURIComponent(path.replaceAll("+", " "));
  } catch {
    return path;
  }
}

/** The body as the request log keeps it: passwords and other secrets out, cut short past a few kilobytes. */
function loggedBody(request: ScimRequest): unknown {
  if (!request.body) return null;
  if (!request.body.ok) return { unreadable: request.body.detail.slice(0, 200) };
  const clean = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return value.slice(0, 50).map((v) => clean(v, depth + 1));
    if (typeof value === "object" && value !== null) {
      if (depth > 6) return "…";
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretField(k) ? "[not kept]" : clean(v, depth + 1)]));
    }
    return typeof value === "string" ? value.slice(0, 300) : value;
  };
  const cleaned = clean(request.body.value, 0);
  const text = JSON.stringify(cleaned);
  return text.length > 8000 ? { cutShort: true, attributes: typeof cleaned === "object" && cleaned ? Object.keys(cleaned) : [] } : cleaned;
}

/**
 * Answers one SCIM request of an authenticated token: discovery, Users and Groups (RFC 7644), each change in
 * one transaction. A refused request (a ScimProblem, or a service's error) is answered in SCIM's error format
 * and changed nothing. Every request but discovery is logged for the admin page, with what Candor made of it.
 */
export async function answerScimRequest(app: AppContext, token: ScimToken, request: ScimRequest): Promise<ScimAnswer> {
  let result: Outcome;
  try {
    result = await dispatch(app, token, request);
  } catch (error) {
    let problem: ScimProblem;
    if (error instanceof ScimProblem) problem = error;
    // Two requests that create the same person or team at once (providers send in parallel): the second meets a unique index.
    else if ((error as { code?: unknown })?.code === "23505")
      problem = new ScimProblem(409, "uniqueness", "That userName, externalId or group name was taken by a request sent at the same moment.");
    else if (isServiceError(error))
      problem = new ScimProblem(
        error.kind === "not-found" ? 404 : error.kind === "conflict" ? 409 : error.kind === "forbidden" ? 403 : 400,
        error.kind === "invalid" ? "invalidValue" : null,
        error.message,
      );
    else throw error;
    result = { answer: { status: problem.status, body: scimErrorBody(problem.status, problem.scimType, problem.detail) }, outcome: `Refused: ${problem.detail}` };
  }
  const discovery = /^(serviceproviderconfig|resourcetypes|schemas)$/i.test(request.segments[0] ?? "");
  if (!discovery) {
    await insertScimRequest(app.db, {
      organisationId: token.organisationId,
      tokenId: token.tokenId,
      occurredAt: app.now(),
      method: request.method,
      path: readablePath(request.path).slice(0, 500),
      status: result.answer.status,
      personId: result.personId ?? null,
      received: loggedBody(request),
      outcome: result.outcome.slice(0, 500),
    });
  }
  return result.answer;
}
