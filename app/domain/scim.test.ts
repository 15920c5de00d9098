import { describe, expect, it } from "vitest";
import {
  applyGroupPatch,
  applyUserPatch,
  candorNameOf,
  readGroupBody,
  readPatchBody,
  readScimBoolean,
  readScimPage,
  readUserBody,
  resolveScimFilter,
  ScimProblem,
  SCIM_GROUP_FILTER,
  SCIM_GROUP_SCHEMA,
  SCIM_USER_FILTER,
  SCIM_USER_SCHEMA,
  type ScimUserState,
} from "./scim";
import { parseScimFilter } from "./scim-filter";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ann: ScimUserState = { userName: "ann@example.com", externalId: "00u1", givenName: "Ann", familyName: "Lee", formatted: "Ann Lee", displayName: "Ann Lee", active: true };

/** The problem a call throws, as { status, scimType }. */
function problemOf(run: () => unknown): { status: number; scimType: string | null } {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimProblem) return { status: error.status, scimType: error.scimType };
    throw error;
  }
  throw new Error("no problem thrown");
}
const patch = (...Operations: unknown[]) => readPatchBody({ schemas: [PATCH], Operations });

describe("readUserBody", () => {
  it("reads Okta's create: userName lower-cased, names kept, the password and locale dropped", () => {
    const state = readUserBody(
      {
        schemas: [USER],
        userName: "Test.User@Example.com",
        name: { givenName: "Test", familyName: "User" },
        emails: [{ primary: true, value: "test.user@example.com", type: "work" }],
        displayName: "Test User",
        locale: "en-US",
        externalId: "00ujl29u0le5T6Aj10h7",
        groups: [],
        password: "1mz050nq",
        active: true,
      },
      null,
    );
    expect(state).toEqual({
      userName: "test.user@example.com",
      externalId: "00ujl29u0le5T6Aj10h7",
      givenName: "Test",
      familyName: "User",
      formatted: null,
      displayName: "Test User",
      active: true,
    });
    expect(JSON.stringify(state)).not.toContain("1mz050nq");
  });

  it("accepts Entra ID's enterprise extension and the User attributes Candor does not keep", () => {
    const ext = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    const state = readUserBody(
      { schemas: [USER, ext], userName: "a@b.example", active: "False", title: "AE", phoneNumbers: [], roles: [], meta: { resourceType: "User" }, [ext]: { department: "Sales" } },
      null,
    );
    expect(state.active).toBe(false);
  });

  it("refuses unknown attributes, unknown or missing schemas, and a userName that is no email address", () => {
    expect(problemOf(() => readUserBody({ schemas: [USER], userName: "a@b.example", favouriteColour: "blue" }, null))).toEqual({ status: 400, scimType: "invalidSyntax" });
    expect(problemOf(() => readUserBody({ schemas: [USER, "urn:example:made-up"], userName: "a@b.example" }, null))).toEqual({ status: 400, scimType: "invalidSyntax" });
    expect(problemOf(() => readUserBody({ userName: "a@b.example" }, null))).toEqual({ status: 400, scimType: "invalidSyntax" });
    expect(problemOf(() => readUserBody({ schemas: [USER], userName: "Test_User_1f2e" }, null))).toEqual({ status: 400, scimType: "invalidValue" });
    expect(problemOf(() => readUserBody({ schemas: [USER], userName: "a@b.example", name: { nickname: "x" } }, null))).toEqual({ status: 400, scimType: "invalidSyntax" });
    expect(problemOf(() => readUserBody({ schemas: [USER], userName: "a@b.example", active: "maybe" }, null))).toEqual({ status: 400, scimType: "invalidValue" });
    expect(problemOf(() => readUserBody([], null))).toEqual({ status: 400, scimType: "invalidSyntax" });
  });

  it("keeps active as it was when a PUT leaves it out", () => {
    expect(readUserBody({ schemas: [USER], userName: "a@b.example" }, { ...ann, active: false }).active).toBe(false);
  });
});

describe("applyUserPatch", () => {
  it("deactivates with Okta's and Entra ID's shapes, \"False\" included", () => {
    expect(applyUserPatch(ann, patch({ op: "replace", value: { active: false } })).active).toBe(false);
    expect(applyUserPatch(ann, patch({ op: "replace", path: "active", value: false })).active).toBe(false);
    expect(applyUserPatch(ann, patch({ op: "Replace", path: "active", value: "False" })).active).toBe(false);
    expect(applyUserPatch({ ...ann, active: false }, patch({ op: "add", value: { active: "True" } })).active).toBe(true);
  });

  it("applies Entra ID's attribute updates, paths as keys included, and leaves the input alone", () => {
    const after = applyUserPatch(
      ann,
      patch(
        { op: "Replace", path: 'emails[type eq "work"].value', value: "new@example.com" },
        { op: "Replace", path: "name.familyName", value: "Ng" },
        { op: "Add", value: { "name.givenName": "Anne", externalId: "ext-2" } },
        { op: "Replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "Sales" },
        { op: "Remove", path: "title" },
      ),
    );
    expect(after).toEqual({ ...ann, familyName: "Ng", givenName: "Anne", externalId: "ext-2" });
    expect(ann.familyName).toBe("Lee");
  });

  it("refuses a bad path, an unknown attribute, removing active, and an unknown op; nothing half-applied", () => {
    expect(problemOf(() => applyUserPatch(ann, patch({ op: "replace", path: "favouriteColour", value: "x" })))).toEqual({ status: 400, scimType: "invalidPath" });
    expect(problemOf(() => applyUserPatch(ann, patch({ op: "replace", value: { favouriteColour: "x" } })))).toEqual({ status: 400, scimType: "invalidPath" });
    expect(problemOf(() => applyUserPatch(ann, patch({ op: "remove", path: "active" })))).toEqual({ status: 400, scimType: "invalidValue" });
    expect(problemOf(() => applyUserPatch(ann, patch({ op: "remove" })))).toEqual({ status: 400, scimType: "noTarget" });
    expect(problemOf(() => patch({ op: "move", path: "active", value: false }))).toEqual({ status: 400, scimType: "invalidSyntax" });
    expect(problemOf(() => readPatchBody({ schemas: [PATCH], Operations: [] }))).toEqual({ status: 400, scimType: "invalidSyntax" });
    expect(problemOf(() => readPatchBody({ Operations: [{ op: "add", value: {} }] }))).toEqual({ status: 400, scimType: "invalidSyntax" });
  });
});

describe("applyGroupPatch", () => {
  const team = { displayName: "Team A", externalId: null, members: ["u1", "u2"] };
  it("adds and removes members the Okta way and the Entra ID way, and replaces them", () => {
    expect(applyGroupPatch(team, patch({ op: "add", path: "members", value: [{ value: "u3", display: "c@example.com" }] })).members).toEqual(["u1", "u2", "u3"]);
    expect(applyGroupPatch(team, patch({ op: "remove", path: 'members[value eq "u1"]' })).members).toEqual(["u2"]);
    expect(applyGroupPatch(team, patch({ op: "Remove", path: "members", value: [{ $ref: null, value: "u2" }] })).members).toEqual(["u1"]);
    expect(applyGroupPatch(team, patch({ op: "Replace", path: "members", value: [{ value: "u9" }] })).members).toEqual(["u9"]);
    expect(applyGroupPatch(team, patch({ op: "remove", path: "members" })).members).toEqual([]);
    expect(applyGroupPatch(team, patch({ op: "replace", value: { id: "t1", displayName: "Team A2" } })).displayName).toBe("Team A2");
  });

  it("refuses a member without an id and an unknown attribute", () => {
    expect(problemOf(() => applyGroupPatch(team, patch({ op: "add", path: "members", value: [{ display: "x" }] })))).toEqual({ status: 400, scimType: "invalidValue" });
    expect(problemOf(() => applyGroupPatch(team, patch({ op: "replace", path: "owner", value: "x" })))).toEqual({ status: 400, scimType: "invalidPath" });
    expect(problemOf(() => applyGroupPatch(team, patch({ op: "remove", path: 'members[display eq "x"]' })))).toEqual({ status: 400, scimType: "invalidFilter" });
  });

  it("reads a group body with Entra ID's schema", () => {
    expect(
      readGroupBody({
        schemas: [SCIM_GROUP_SCHEMA, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        externalId: "8aa1",
        displayName: "Sales",
        meta: { resourceType: "Group" },
      }),
    ).toEqual({ displayName: "Sales", externalId: "8aa1", members: null });
  });
});

describe("resolveScimFilter", () => {
  const resolve = (text: string, attributes = SCIM_USER_FILTER, core = SCIM_USER_SCHEMA) => {
    const parsed = parseScimFilter(text);
    if (!parsed.ok) throw new Error(parsed.detail);
    return resolveScimFilter(parsed.value, attributes as typeof SCIM_USER_FILTER, core);
  };
  it("maps userName, externalId, emails and value paths to fields", () => {
    expect(resolve('userName eq "Ann@Example.com"')).toEqual({ kind: "field", field: "userName", op: "eq", value: "Ann@Example.com" });
    expect(resolve('emails[type eq "work"].value eq "a@b.c"')).toEqual({
      kind: "and",
      left: { kind: "const", value: true },
      right: { kind: "field", field: "userName", op: "eq", value: "a@b.c" },
    });
    expect(resolve('externalId eq "x" and active eq true')).toMatchObject({ kind: "and" });
    expect(resolve('members[value eq "u1"]', SCIM_GROUP_FILTER as never, SCIM_GROUP_SCHEMA)).toEqual({ kind: "field", field: "member", op: "eq", value: "u1" });
  });
  it("refuses what Candor cannot filter on with invalidFilter", () => {
    for (const text of ['title eq "AE"', 'meta.lastModified gt "2011-05-13T04:42:34Z"', "userName eq 5", 'active eq "yes"', 'urn:example:x:userName eq "a"']) {
      expect(
        problemOf(() => resolve(text)),
        text,
      ).toEqual({ status: 400, scimType: "invalidFilter" });
    }
  });
});

describe("small readers", () => {
  it("reads pages within the maximum", () => {
    expect(readScimPage({})).toEqual({ startIndex: 1, offset: 0, limit: 100 });
    expect(readScimPage({ startIndex: "0", count: "-3" })).toEqual({ startIndex: 1, offset: 0, limit: 0 });
    expect(readScimPage({ startIndex: "11", count: "100000" })).toEqual({ startIndex: 11, offset: 10, limit: 200 });
    expect(problemOf(() => readScimPage({ count: "ten" }))).toEqual({ status: 400, scimType: "invalidValue" });
  });
  it("reads booleans as providers send them", () => {
    expect([readScimBoolean(true, "a"), readScimBoolean("False", "a"), readScimBoolean(" TRUE ", "a")]).toEqual([true, false, true]);
  });
  it("names a person from their given and family names first", () => {
    expect(candorNameOf(ann)).toBe("Ann Lee");
    expect(candorNameOf({ ...ann, givenName: null, familyName: null, formatted: null, displayName: null })).toBe("ann@example.com");
  });
});
