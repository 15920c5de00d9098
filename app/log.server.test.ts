import { describe, expect, it } from "vitest";
import { newApiToken } from "~/auth/api-tokens.server";
import { newSecretToken } from "~/auth/crypto.server";
import { createLogger, type LogFields } from "./log.server";

/** A logger whose lines are kept, parsed. */
function capture(level: "debug" | "info" | "warn" | "error" | "silent" = "debug", bindings?: LogFields) {
  const lines: string[] = [];
  const log = createLogger({ level, bindings, write: (line) => lines.push(line), now: () => new Date("2025-03-04T05:06:07.089Z") });
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("createLogger", () => {
  it("writes one JSON object a line: time, level, message, then the fields", () => {
    const { log, lines } = capture();
    log.info("listening on http://localhost:3000", { port: 3000 });
    expect(lines).toEqual(['{"time":"2025-03-04T05:06:07.089Z","level":"info","msg":"listening on http://localhost:3000","port":3000}\n']);
  });

  it("writes the lines of LOG_LEVEL and above only; silent writes none", () => {
    const levels = (level: "debug" | "info" | "warn" | "error" | "silent") => {
      const { log, records } = capture(level);
      log.debug("d");
      log.info("i");
      log.warn("w");
      log.error("e");
      return records().map((r) => r.level);
    };
    expect(levels("debug")).toEqual(["debug", "info", "warn", "error"]);
    expect(levels("info")).toEqual(["info", "warn", "error"]);
    expect(levels("warn")).toEqual(["warn", "error"]);
    expect(levels("error")).toEqual(["error"]);
    expect(levels("silent")).toEqual([]);
    expect(capture("warn").log.enabled("info")).toBe(false);
  });

  it("gives a child's lines its fields", () => {
    const { log, records } = capture("info", { pid: 7 });
    log.child({ component: "jobs" }).info("opened 1 wave(s)", { opened: 1 });
    expect(records()).toEqual([{ time: "2025-03-04T05:06:07.089Z", level: "info", msg: "opened 1 wave(s)", pid: 7, component: "jobs", opened: 1 }]);
  });

  it("writes an error's name, message, code and stack, and its cause", () => {
    const { log, records } = capture();
    const error = Object.assign(new Error("connect ECONNREFUSED", { cause: new TypeError("socket") }), { code: "ECONNREFUSED" });
    log.error("could not start", { err: error });
    const err = records()[0]!.err as Record<string, unknown>;
    expect(err).toMatchObject({ name: "Error", message: "connect ECONNREFUSED", code: "ECONNREFUSED", cause: { name: "TypeError", message: "socket" } });
    expect(err.stack).toMatch(/^Error: connect ECONNREFUSED\n\s+at /);
  });

  it("never writes a credential: secret fields by name, tokens, links' secrets and emails in links anywhere", () => {
    const { log, lines } = capture();
    const { token } = newSecretToken();
    const apiToken = newApiToken().token;
    log.error(`no action for "/invite/${token}" or https://candor.example/pulse/${token}`, {
      password: "hunter2 hunter2",
      newPassword: "correct horse",
      confirm: "correct horse",
      headers: { authorization: `Bearer ${apiToken}`, cookie: `candor_session=${token}`, "set-cookie": "candor_session=x", accept: "text/html" },
      apiToken,
      nested: [{ note: `session ${token}` }],
      link: "https://candor.example/login?email=ann.rep@example.com&next=%2F",
      path: "/people/ann.rep%40example.com/edit",
      err: new Error(`failed on /reset-password/${token}`),
    });
    const line = lines.join("");
    for (const secret of ["hunter2", "correct horse", apiToken, token, token.split(".")[1]!, "candor_session=x", "ann.rep"]) expect(line).not.toContain(secret);
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(record).toMatchObject({
      msg: 'no action for "/invite/[redacted]" or https://candor.example/pulse/[redacted]',
      password: "[redacted]",
      newPassword: "[redacted]",
      confirm: "[redacted]",
      headers: { authorization: "[redacted]", cookie: "[redacted]", "set-cookie": "[redacted]", accept: "text/html" },
      apiToken: "[redacted]",
      nested: [{ note: "session [redacted]" }],
      link: "https://candor.example/login?email=[email]&next=%2F",
      path: "/people/[email]/edit",
      err: { message: "failed on /reset-password/[redacted]" },
    });
  });

  it("leaves an email outside a link alone (the demo's logins), and survives cycles, bigints and bytes", () => {
    const { log, records } = capture();
    const cyclic: Record<string, unknown> = { name: "a" };
    cyclic.self = cyclic;
    log.info("demo organisation ready", { logins: { admin: "avery.admin@northwind.example" }, cyclic, big: 2n ** 64n, bytes: new Uint8Array(3), when: new Date(0) });
    expect(records()[0]).toMatchObject({
      logins: { admin: "avery.admin@northwind.example" },
      cyclic: { name: "a", self: "[cycle]" },
      big: "18446744073709551616",
      bytes: "[3 bytes]",
      when: "1970-01-01T00:00:00.000Z",
    });
  });
});
