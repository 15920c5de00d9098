import { describe, expect, it } from "vitest";
import { postgresSkipNotice } from "../support/postgres-urls";

describe("the notice when PostgreSQL tests are skipped", () => {
  it("names every part left out, loudly, and says nothing on a full run", () => {
    const none = postgresSkipNotice({});
    expect(none).toMatch(/^!{100}\n!! NOT A FULL RUN\n/);
    expect(none).toContain("TEST_DATABASE_URL is not set");
    expect(none).toContain("FORENSIC_DATABASE_URL is not set");
    const forensicOnly = postgresSkipNotice({ TEST_DATABASE_URL: "postgres://x@h/db" });
    expect(forensicOnly).not.toContain("TEST_DATABASE_URL is not set");
    expect(forensicOnly).toContain("FORENSIC_DATABASE_URL is not set");
    expect(postgresSkipNotice({ TEST_DATABASE_URL: "postgres://x@h/db", FORENSIC_DATABASE_URL: "postgres://y@h/db" })).toBeNull();
  });
});
