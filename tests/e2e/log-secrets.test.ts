import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkIn, TestMailbox } from "../support/smtp";
import { postForm, startPulseForTeam } from "./support/flows";
import { logLines, signInOverHttp, startDemoServer, type RunningServer } from "./support/server";

// Everything that carries a credential goes through the built server — passwords (right and wrong),
// session cookies, invitation and reset links, an API token, a personal pulse link and its edit cookie —
// along with requests that make Remix log an error quoting the URL. Then the server's whole output
// (stdout and stderr) must hold none of them. Mail goes over SMTP, as in production; without SMTP_URL,
// tests/e2e/outbox-log.test.ts checks that the log names the outbox's files and none of their links.

const cookieValue = (setCookie: string | null) => {
  if (!setCookie) throw new Error("no Set-Cookie");
  return setCookie.split(";")[0]!.split("=")[1]!;
};
const unique = (label: string) => `${label} ${crypto.randomBytes(6).toString("hex")}`;

describe("the server log holds no secrets", () => {
  let server: RunningServer;
  let mailbox: TestMailbox;

  beforeAll(async () => {
    mailbox = await new TestMailbox().start();
    server = await startDemoServer(mailbox);
  });
  afterAll(async () => {
    await server?.stop();
    await mailbox?.stop();
  });

  it("after sign-ins, invitation and reset links, an API token and a pulse, the log names none of their secrets", async () => {
    const secrets = new Map<string, string>();
    /** Remembers a secret; a token's secret half is checked on its own too. */
    const remember = (what: string, value: string) => {
      secrets.set(what, value);
      const half = /\.([a-z2-7]{32})$/.exec(value)?.[1];
      if (half) secrets.set(`${what} (secret half)`, half);
    };
    const tokenOfLink = (link: string) => link.split("/").pop()!;

    // Sign-in with the demo password (which the start-up log prints on purpose, for the demo) and a failed one.
    const admin = await signInOverHttp(server, "avery.admin@northwind.example", "northwind-demo");
    remember("admin session", cookieValue(admin));
    const wrongPassword = unique("wrong password");
    const failed = await postForm(server, "/login", new URLSearchParams({ email: "avery.admin@northwind.example", password: wrongPassword }));
    expect(failed.status).toBe(400);
    remember("wrong password", wrongPassword);

    // An invitation: the link sets a password and signs the person in.
    const email = "lee.logcheck@northwind.example";
    expect((await postForm(server, "/admin/people", new URLSearchParams({ email, name: "Lee Logcheck", role: "manager", teamId: "" }), admin)).status).toBe(200);
    const invite = tokenOfLink(linkIn(await mailbox.waitFor(email)));
    remember("invitation token", invite);
    expect((await fetch(`${server.url}/invite/${invite}`)).status).toBe(200);
    const invitePassword = unique("invitation password");
    const accepted = await postForm(server, `/invite/${invite}`, new URLSearchParams({ password: invitePassword, confirm: invitePassword }));
    expect(accepted.status).toBe(302);
    remember("invitation password", invitePassword);
    remember("session from the invitation", cookieValue(accepted.headers.get("set-cookie")));

    // A password reset by emailed link, then a sign-in with the new password, then a sign-out.
    expect((await postForm(server, "/forgot-password", new URLSearchParams({ email }))).status).toBe(200);
    const reset = tokenOfLink(linkIn(await mailbox.waitFor(email, 2)));
    remember("reset token", reset);
    expect((await fetch(`${server.url}/reset-password/${reset}`)).status).toBe(200);
    const newPassword = unique("reset password");
    const changed = await postForm(server, `/reset-password/${reset}`, new URLSearchParams({ password: newPassword, confirm: newPassword }));
    expect(changed.status).toBe(302);
    remember("reset password", newPassword);
    remember("session from the reset", cookieValue(changed.headers.get("set-cookie")));
    const lee = await signInOverHttp(server, email, newPassword);
    remember("session from the new password", cookieValue(lee));
    expect((await postForm(server, "/logout", new URLSearchParams(), lee)).status).toBe(302);

    // An API token: created, used, and a wrong one tried.
    const created = await postForm(server, "/admin/api-tokens", new URLSearchParams({ intent: "create", name: "Log check" }), admin);
    const apiToken = /<code class="token[^"]*">(candor_[a-z2-7.]+)<\/code>/.exec(await created.text())![1]!;
    remember("API token", apiToken);
    const read = await fetch(`${server.url}/api/v1/team-scores`, { headers: { Authorization: `Bearer ${apiToken}` } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { organisation: string }).organisation).toBe("Northwind Sales");
    const wrongApiToken = `candor_${crypto.randomBytes(15).toString("hex")}`;
    expect((await fetch(`${server.url}/api/v1/team-scores`, { headers: { Authorization: `Bearer ${wrongApiToken}` } })).status).toBe(401);
    remember("wrong API token", wrongApiToken);

    // A pulse answered from a personal link; the edit cookie lets the browser change the answers.
    const { links } = await startPulseForTeam(server, mailbox, "Nordics", { dimensions: ["psychological_safety"], items: ["ENPS", "COMMENT"] });
    expect(links.size).toBe(3);
    const pulseLink = [...links.values()][0]!;
    const pulseToken = tokenOfLink(pulseLink);
    remember("pulse link token", pulseToken);
    const form = await (await fetch(pulseLink)).text();
    const answers = new URLSearchParams({ idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(form)![1]!, "a.COMMENT": "Stand-ups are short and useful." });
    for (const name of new Set([...form.matchAll(/type="radio" name="(a\.[A-Z0-9]+)"/g)].map((m) => m[1]!))) answers.set(name, "5");
    expect(answers.get("a.PS1")).toBe("5");
    const sent = await postForm(server, `/pulse/${pulseToken}`, answers);
    expect(sent.status).toBe(303);
    remember("pulse edit cookie", cookieValue(sent.headers.get("set-cookie")));

    // Requests that make Remix log an error with the URL in it: a data request for another route, a POST
    // below a link page (no action there).
    for (const path of [`/pulse/${pulseToken}?_data=routes%2Fteams._index`, `/invite/${invite}?_data=routes%2Fnope`, `/reset-password/${reset}?_data=root`]) {
      await (await fetch(`${server.url}${path}`)).arrayBuffer();
    }
    for (const path of [`/pulse/${pulseToken}/more`, `/reset-password/${reset}/more`]) {
      const response = await postForm(server, path, new URLSearchParams({ password: newPassword }));
      expect(response.status).toBe(405);
      await response.arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));

    const output = server.output();
    // The errors did reach the log (JSON lines: ADR 039), with their links redacted…
    const errors = logLines(output)
      .filter((line) => line.level === "error")
      .map((line) => (typeof line.err === "string" ? line.err : String((line.err as { message?: unknown } | undefined)?.message)))
      .join("\n");
    expect(errors).toMatch(/You made a POST request to "\/pulse\/\[redacted\]\/more"/);
    expect(errors).toMatch(/does not match URL "\/pulse\/\[redacted\]"/);
    // …and no secret appears anywhere in it.
    expect(secrets.size).toBeGreaterThanOrEqual(20);
    const found = [...secrets].filter(([, value]) => output.includes(value)).map(([what]) => what);
    expect(found).toEqual([]);
  });
});
