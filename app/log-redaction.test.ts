import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { newApiToken } from "~/auth/api-tokens.server";
import { newScimToken } from "~/auth/scim-tokens.server";
import { newSecretToken } from "~/auth/crypto.server";
import { redactSecrets, SECRET_PATH_PREFIXES } from "./log-redaction.server";

describe("redactSecrets", () => {
  const { token } = newSecretToken();

  it("redacts the token of every link page in a quoted URL, as Remix's errors print it", () => {
    for (const prefix of SECRET_PATH_PREFIXES) {
      const line = `Error: You made a POST request to "/${prefix}/${token}/more" but did not provide an \`action\` for route "routes/$"`;
      expect(redactSecrets(line)).toBe(`Error: You made a POST request to "/${prefix}/[redacted]/more" but did not provide an \`action\` for route "routes/$"`);
    }
  });

  it("redacts a link segment of any shape, in any case, with a query after it", () => {
    expect(redactSecrets("GET /PULSE/half-a-token?x=1")).toBe("GET /PULSE/[redacted]?x=1");
    expect(redactSecrets("database unavailable during POST /reset-password/abc%20def")).toBe("database unavailable during POST /reset-password/[redacted]");
    expect(redactSecrets("https://candor.example/invite/abc")).toBe("https://candor.example/invite/[redacted]");
  });

  it("redacts session and API tokens wherever they appear, keeping the API token's prefix", () => {
    const api = newApiToken().token;
    expect(redactSecrets(`Cookie: candor_session=${token}; other=1`)).toBe("Cookie: candor_session=[redacted]; other=1");
    expect(redactSecrets(`Authorization: Bearer ${api}`)).toBe("Authorization: Bearer candor_[redacted]");
    expect(redactSecrets(`Authorization: Bearer ${newScimToken().token}`)).toBe("Authorization: Bearer candor_scim_[redacted]");
  });

  it("redacts a pulse edit secret in its cookie, a form body or JSON", () => {
    const secret = "abcdefghijklmnopqrstuvwxyz";
    const cookie = `candor_pulse_${"0123456789abcdef".repeat(2)}`;
    expect(redactSecrets(`Cookie: ${cookie}=${secret}; candor_session=${token}`)).toBe(`Cookie: ${cookie}=[redacted]; candor_session=[redacted]`);
    expect(redactSecrets(`body: idempotencyKey=${secret}&a.PS1=4`)).toBe("body: idempotencyKey=[redacted]&a.PS1=4");
    expect(redactSecrets(`{"idempotencyKey": "${secret}","a.PS1":"4"}`)).toBe('{"idempotencyKey": "[redacted]","a.PS1":"4"}');
  });

  it("leaves ordinary paths, ids and messages alone", () => {
    const line = 'Route "routes/teams._index" does not match URL "/teams/0743e2e8-dbbd-4252-b4c9-1d23247d8660" (pulses/abc, /pulses/abc)';
    expect(redactSecrets(line)).toBe(line);
  });

  it("covers every route whose URL carries a $token", () => {
    const tokenRoutes = fs
      .readdirSync(new URL("./routes", import.meta.url))
      .filter((file) => /(^|\.)\$token(\.|$)/.test(file.replace(/\.tsx?$/, "")))
      .map((file) => file.split(".$token")[0]!.replace(/\./g, "/"));
    expect(tokenRoutes.sort()).toEqual([...SECRET_PATH_PREFIXES].sort());
  });
});
