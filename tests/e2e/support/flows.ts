import { expect } from "vitest";
import { linkIn, type TestMailbox } from "../../support/smtp";
import { signInOverHttp, type RunningServer } from "./server";

const KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
export const formKey = () => Array.from({ length: 26 }, () => KEY_ALPHABET[Math.floor(Math.random() * 32)]).join("");

/** POSTs a form as a browser on the server's own origin would. */
export function postForm(server: RunningServer, path: string, form: URLSearchParams, cookie?: string) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { ...(cookie ? { Cookie: cookie } : {}), Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: form,
  });
}

/**
 * Enablement (demo login) starts a one-off pulse for one demo team today and waits for the invitations;
 * returns the program id and each invited rep's personal link.
 */
export async function startPulseForTeam(
  server: RunningServer,
  mailbox: TestMailbox,
  teamName: string,
  options: { dimensions: string[]; items?: string[] },
): Promise<{ programId: string; links: Map<string, string>; enablementCookie: string }> {
  const cookie = await signInOverHttp(server, "eli.enablement@northwind.example", "northwind-demo");
  const page = await (await fetch(`${server.url}/programs/new`, { headers: { Cookie: cookie } })).text();
  const teamId = new RegExp(`id="team-([0-9a-f-]{36})"[^>]*/?>\\s*<label[^>]*>${teamName}`).exec(page)?.[1];
  expect(teamId, `team ${teamName} on the form`).toBeDefined();
  const form = new URLSearchParams({ name: `${teamName} check-in`, cadence: "once", startsOn: new Date().toISOString().slice(0, 10), openDays: "5", reminderDays: "" });
  for (const d of options.dimensions) form.append("dimensionKeys", d);
  for (const code of options.items ?? []) form.append("itemCodes", code);
  form.append("teamIds", teamId!);
  const created = await postForm(server, "/programs/new", form, cookie);
  expect(created.status).toBe(302);
  const programId = /\/programs\/([0-9a-f-]{36})/.exec(created.headers.get("location") ?? "")![1]!;
  const subject = `Your team pulse is open: ${teamName}`;
  const deadline = Date.now() + 15_000;
  let last = -1;
  while (Date.now() < deadline) {
    const count = mailbox.messages.filter((m) => m.subject === subject).length;
    if (count > 0 && count === last) break;
    last = count;
    await new Promise((r) => setTimeout(r, 300));
  }
  const links = new Map(mailbox.messages.filter((m) => m.subject === subject).map((m) => [m.to[0]!, linkIn(m)]));
  return { programId, links, enablementCookie: cookie };
}
