import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOutboxMail, type ReceivedMail } from "../support/smtp";
import { postForm } from "./support/flows";
import { logLines, signInOverHttp, startOutboxDemoServer, type RunningServer } from "./support/server";

// Issue 23: without SMTP_URL, every mail's link (personal pulse links, invitations, password resets) was
// printed in the server log, so whoever reads the log could answer as any rep or take over an account.
// Here the built server runs as the demo does, mail to the outbox: the log says where each message was
// saved and nothing else, and no link, token or half of one appears anywhere in its output. Its lines are
// JSON with levels, and answering a pulse leaves no request line at all (ADR 039).

const OUTBOX_LINE = "mail saved to the outbox";

describe("outbox mode: the log says where the mail is, never its link", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startOutboxDemoServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Every message the log says was saved, read from its file. */
  async function outbox(): Promise<ReceivedMail[]> {
    const files = logLines(server.output())
      .filter((line) => line.msg === OUTBOX_LINE)
      .map((line) => String(line.file));
    return Promise.all(files.map((file) => readOutboxMail(file)));
  }

  /** Waits until `count` messages with this subject are in the outbox (and no more arrive for a moment). */
  async function waitForMail(subject: RegExp, count: number): Promise<ReceivedMail[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = (await outbox()).filter((m) => subject.test(m.subject));
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`expected ${count} mails "${subject.source}", found ${found.length}:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const linkOf = (mail: ReceivedMail) => {
    const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
    if (!link) throw new Error(`no link in "${mail.subject}"`);
    return link;
  };

  it("invitation, reset and personal pulse links are in the .eml files and nowhere in the log", async () => {
    const admin = await signInOverHttp(server, "avery.admin@northwind.example", "northwind-demo");
    const invited = "ola.outbox@northwind.example";
    expect((await postForm(server, "/admin/people", new URLSearchParams({ email: invited, name: "Ola Outbox", role: "manager", teamId: "" }), admin)).status).toBe(200);
    expect((await postForm(server, "/forgot-password", new URLSearchParams({ email: "grace.lindqvist@northwind.example" }))).status).toBe(200);

    // Enablement opens a pulse for one team today: its reps get personal links.
    const enablement = await signInOverHttp(server, "eli.enablement@northwind.example", "northwind-demo");
    const form = await (await fetch(`${server.url}/programs/new`, { headers: { Cookie: enablement } })).text();
    const teamId = /id="team-([0-9a-f-]{36})"[^>]*\/?>\s*<label[^>]*>Nordics/.exec(form)![1]!;
    const program = new URLSearchParams({ name: "Nordics outbox check", cadence: "once", startsOn: new Date().toISOString().slice(0, 10), openDays: "5", reminderDays: "" });
    program.append("dimensionKeys", "psychological_safety");
    program.append("teamIds", teamId);
    expect((await postForm(server, "/programs/new", program, enablement)).status).toBe(302);

    const [invitation] = await waitForMail(/invit/i, 1);
    const [reset] = await waitForMail(/reset/i, 1);
    const pulses = await waitForMail(/pulse is open: Nordics/, 3);
    const links = [invitation!, reset!, ...pulses].map(linkOf);
    expect(links.map((link) => new URL(link).pathname.split("/")[1])).toEqual(["invite", "reset-password", "pulse", "pulse", "pulse"]);

    const output = server.output();
    for (const link of links) {
      const token = link.split("/").pop()!;
      expect(token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{32}$/);
      for (const secret of [link, token, token.split(".")[1]!]) expect(output).not.toContain(secret);
    }
    // The outbox's lines say where the file is, and nothing else: not the subject, not the recipient.
    const outboxLines = logLines(output).filter((line) => line.msg === OUTBOX_LINE);
    expect(outboxLines.length).toBeGreaterThanOrEqual(5);
    for (const line of outboxLines) {
      expect(Object.keys(line).sort()).toEqual(["file", "level", "msg", "time"]);
      expect(line.file).toMatch(/\/outbox\/[^/]+\.eml$/);
    }
    expect(output).not.toContain(invited);
  });

  it("every line is JSON with a level; pages get a request line, answering a pulse leaves none", async () => {
    // A rep answers from their personal link, as the form does without JavaScript.
    const [pulse] = await waitForMail(/pulse is open: Nordics/, 3);
    const link = linkOf(pulse!);
    const before = server.output().length;

    const page = await (await fetch(link)).text();
    const answers = new URLSearchParams({ idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(page)![1]! });
    for (const name of new Set([...page.matchAll(/type="radio" name="(a\.[A-Z0-9]+)"/g)].map((m) => m[1]!))) answers.set(name, "5");
    const sent = await postForm(server, new URL(link).pathname, answers);
    expect(sent.status).toBe(303);
    await (await fetch(`${server.url}${sent.headers.get("location")!}`, { headers: { Cookie: sent.headers.get("set-cookie")!.split(";")[0]! } })).text();
    // A page that is not a pulse, for contrast: it is logged.
    await (await fetch(`${server.url}/login`)).text();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const output = server.output();
    const lines = output.trim().split("\n");
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ level: expect.stringMatching(/^(debug|info|warn|error)$/), msg: expect.any(String) });
    const after = logLines(output.slice(before));
    const requests = after.filter((line) => line.msg === "request");
    expect(requests.map((line) => [line.method, line.path, line.status])).toEqual([["GET", "/login", 200]]);
    expect(output.slice(before)).not.toMatch(/\/pulses?\/|\/ballots/);
  });
});
