import { describe, expect, it } from "vitest";
import { said } from "~/i18n/said";
import { EmailDomainsSchema, coversEmail, emailDomain, parseDomainList } from "./sso";

describe("email domains", () => {
  it("reads an email's domain, lowercased, or null when it is not an address", () => {
    expect(emailDomain("Ana@Sales.Example.COM ")).toBe("sales.example.com");
    expect(emailDomain("ana@localhost")).toBeNull();
    expect(emailDomain("@example.com")).toBeNull();
    expect(emailDomain("no at sign")).toBeNull();
    expect(emailDomain("a@b@example.com")).toBe("example.com");
  });

  it("reads the list an admin typed, each domain once, an @ in front dropped", () => {
    expect(parseDomainList(" @Example.com, sales.example.com;\nexample.com ")).toEqual(["example.com", "sales.example.com"]);
    expect(parseDomainList("  ")).toEqual([]);
  });

  it("covers an email only by an exact domain: a sub-domain or a look-alike is not covered", () => {
    expect(coversEmail(["example.com"], "ana@EXAMPLE.com")).toBe(true);
    expect(coversEmail(["example.com"], "ana@sales.example.com")).toBe(false);
    expect(coversEmail(["example.com"], "ana@example.com.evil.test")).toBe(false);
    expect(coversEmail(["example.com"], "ana@notexample.com")).toBe(false);
  });

  it("says which typed domains are not domains", () => {
    expect(EmailDomainsSchema.safeParse("example.com, sales.example.co.uk").data).toEqual(["example.com", "sales.example.co.uk"]);
    const bad = EmailDomainsSchema.safeParse("example.com, not a domain, -x.com");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe(said("adminSso.notDomain", { domains: "not, a, domain, -x.com" }));
    expect(EmailDomainsSchema.safeParse("").error?.issues[0]?.message).toBe(said("adminSso.domainsNeeded"));
  });
});
