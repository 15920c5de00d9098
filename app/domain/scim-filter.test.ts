import { describe, expect, it } from "vitest";
import { parsePatchPath, parseScimFilter, type ScimFilter } from "./scim-filter";

const ok = (text: string): ScimFilter => {
  const parsed = parseScimFilter(text);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.value;
};
const path = (attribute: string, subAttribute: string | null = null, schema: string | null = null) => ({ schema, attribute, subAttribute });

describe("parseScimFilter", () => {
  // The examples of RFC 7644 §3.4.2.2, every one.
  it("reads every example filter of RFC 7644 §3.4.2.2", () => {
    const examples = [
      'userName Eq "john"',
      'Username eq "john"',
      'userName eq "bjensen"',
      'name.familyName co "O\'Malley"',
      'userName sw "J"',
      'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
      "title pr",
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      'meta.lastModified ge "2011-05-13T04:42:34Z"',
      'meta.lastModified lt "2011-05-13T04:42:34Z"',
      'meta.lastModified le "2011-05-13T04:42:34Z"',
      'title pr and userType eq "Employee"',
      'title pr or userType eq "Intern"',
      'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      'userType eq "Employee" and (emails.type eq "work")',
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    ];
    for (const text of examples) expect(parseScimFilter(text).ok, text).toBe(true);
  });

  it("gives the tree: operators in any case, and before or, parentheses, not, value paths", () => {
    expect(ok('userName Eq "john"')).toEqual({ kind: "compare", path: path("userName"), op: "eq", value: "john" });
    expect(ok('urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"')).toEqual({
      kind: "compare",
      path: path("userName", null, "urn:ietf:params:scim:schemas:core:2.0:User"),
      op: "sw",
      value: "J",
    });
    expect(ok('a eq "1" or b eq "2" and c eq "3"')).toEqual({
      kind: "or",
      left: { kind: "compare", path: path("a"), op: "eq", value: "1" },
      right: { kind: "and", left: { kind: "compare", path: path("b"), op: "eq", value: "2" }, right: { kind: "compare", path: path("c"), op: "eq", value: "3" } },
    });
    expect(ok("not (active eq true) AND title pr")).toEqual({
      kind: "and",
      left: { kind: "not", filter: { kind: "compare", path: path("active"), op: "eq", value: true } },
      right: { kind: "present", path: path("title") },
    });
    expect(ok('emails[type eq "work"]')).toEqual({ kind: "valuePath", path: path("emails"), filter: { kind: "compare", path: path("type"), op: "eq", value: "work" } });
  });

  it('reads Entra ID\'s emails[type eq "work"].value eq "…" as both conditions on one value', () => {
    expect(ok('emails[type eq "work"].value eq "ann@example.com"')).toEqual({
      kind: "valuePath",
      path: path("emails"),
      filter: {
        kind: "and",
        left: { kind: "compare", path: path("type"), op: "eq", value: "work" },
        right: { kind: "compare", path: path("value"), op: "eq", value: "ann@example.com" },
      },
    });
  });

  it("reads values as JSON: escapes, numbers, true, false, null", () => {
    expect(ok('displayName eq "Say \\"hi\\""')).toMatchObject({ value: 'Say "hi"' });
    expect(ok("x eq 42")).toMatchObject({ value: 42 });
    expect(ok("x eq null")).toMatchObject({ value: null });
    expect(ok("x eq FALSE")).toMatchObject({ value: false });
  });

  it("refuses what is not a filter, saying where", () => {
    const detail = (text: string) => {
      const parsed = parseScimFilter(text);
      return parsed.ok ? "read" : parsed.detail;
    };
    expect(detail("")).toBe("The filter is empty.");
    expect(detail("userName eq")).toBe("The filter cannot be read: expected a value (a quoted string, a number, true, false or null) but the filter ended.");
    expect(detail('userName equals "x"')).toBe("The filter cannot be read: expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) but found equals.");
    expect(detail('userName eq "x')).toBe("The filter cannot be read: a quoted value is not closed.");
    expect(detail('(userName eq "x"')).toBe('The filter cannot be read: expected ")" but the filter ended.');
    expect(detail('userName eq "x" garbage')).toBe("The filter cannot be read: unexpected garbage after the end of the filter.");
    expect(detail('userName eq "x"; drop table person')).toBe('The filter cannot be read: unexpected character ";" at position 16.');
    expect(detail("x eq 'single'")).toBe(`The filter cannot be read: unexpected character "'" at position 6.`);
    expect(detail(`${"(".repeat(30)}a pr${")".repeat(30)}`)).toBe("The filter cannot be read: the filter is nested too deeply.");
    expect(detail(`a eq "${"x".repeat(1000)}"`)).toBe("The filter is longer than 1000 characters.");
  });
});

describe("parsePatchPath", () => {
  it("reads the paths Okta and Entra ID send", () => {
    expect(parsePatchPath("active")).toEqual({ ok: true, value: { path: path("active"), filter: null } });
    expect(parsePatchPath("name.givenName")).toEqual({ ok: true, value: { path: path("name", "givenName"), filter: null } });
    expect(parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toEqual({
      ok: true,
      value: { path: path("members"), filter: { kind: "compare", path: path("value"), op: "eq", value: "2819c223-7f76-453a-919d-413861904646" } },
    });
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      ok: true,
      value: { path: path("emails", "value"), filter: { kind: "compare", path: path("type"), op: "eq", value: "work" } },
    });
    expect(parsePatchPath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")).toEqual({
      ok: true,
      value: { path: path("department", null, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"), filter: null },
    });
  });

  it("refuses what is not a path", () => {
    expect(parsePatchPath("na me").ok).toBe(false);
    expect(parsePatchPath('members[value eq "x"').ok).toBe(false);
    expect(parsePatchPath("members[value eq ]").ok).toBe(false);
    expect(parsePatchPath('members[value eq "x"]junk').ok).toBe(false);
  });
});
