import { sayInEnglish } from "~/i18n/catalogues.server";
import { describe, expect, it } from "vitest";
import { bodyLimitOf, FORM_BODY_BYTES, HISTORY_FILE_BYTES, isPulsePath, PULSE_BODY_BYTES, ROSTER_FILE_BYTES, SCIM_BODY_BYTES } from "./body-limits.server";

const config = { UPLOAD_LIMIT_MB: 500 };
const MULTIPART_ROOM = 1024 * 1024;

describe("bodyLimitOf", () => {
  it("gives every kind of path its limit and the shape of its refusal", () => {
    const of = (path: string) => {
      const { bytes, shape } = bodyLimitOf(path, config);
      return { bytes, shape };
    };
    expect(of("/forgot-password")).toEqual({ bytes: FORM_BODY_BYTES, shape: "text" });
    expect(of("/programs/new")).toEqual({ bytes: FORM_BODY_BYTES, shape: "text" });
    expect(of("/pulses/0743e2e8-dbbd-4252-b4c9-1d23247d8660")).toEqual({ bytes: PULSE_BODY_BYTES, shape: "text" });
    expect(of("/pulse/abc.def")).toEqual({ bytes: PULSE_BODY_BYTES, shape: "text" });
    expect(of("/pulse/abc.def/ballot-signature")).toEqual({ bytes: PULSE_BODY_BYTES, shape: "json" });
    expect(of("/ballots")).toEqual({ bytes: PULSE_BODY_BYTES, shape: "json" });
    expect(of("/api/v1/team-scores")).toEqual({ bytes: PULSE_BODY_BYTES, shape: "json" });
    expect(of("/scim/v2/Groups/x")).toEqual({ bytes: SCIM_BODY_BYTES, shape: "scim" });
    expect(of("/admin/roster")).toEqual({ bytes: ROSTER_FILE_BYTES + MULTIPART_ROOM, shape: "text" });
    expect(of("/admin/history/")).toEqual({ bytes: HISTORY_FILE_BYTES + MULTIPART_ROOM, shape: "text" });
    expect(of("/admin/crm")).toEqual({ bytes: 500_000_000 + MULTIPART_ROOM, shape: "text" });
    expect(of("/admin/crm/upload")).toEqual({ bytes: 500_000_000 + MULTIPART_ROOM, shape: "upload" });
  });

  it("says the limit in words", () => {
    expect(sayInEnglish(bodyLimitOf("/login", config).message)).toBe("This form is larger than Candor accepts (256 KiB), so nothing was saved.");
    expect(sayInEnglish(bodyLimitOf("/admin/crm/upload", { UPLOAD_LIMIT_MB: 20 }).message)).toBe("The file is larger than the upload limit of 20 MB, so nothing was imported.");
  });
});

describe("isPulsePath", () => {
  it("is the pulse pages and the ballot endpoints, nothing else", () => {
    for (const path of ["/pulse/x", "/pulses/x", "/pulses/x/ballot-signature", "/ballots"]) expect(isPulsePath(path), path).toBe(true);
    for (const path of ["/", "/pulsesx", "/programs/x", "/ballotsx", "/self-assessments/a/b", "/teams/pulse"]) expect(isPulsePath(path), path).toBe(false);
  });
});
