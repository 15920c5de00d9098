import fs from "node:fs";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/** A real SMTP listener on a free port; tests point SMTP_URL at it and read what Candor sent. */
export class TestMailbox {
  readonly messages: ReceivedMail[] = [];
  /** Addresses the server refuses at RCPT TO, with the reply it gives (as a real server does for a bounce). */
  private readonly refused = new Map<string, { code: number; text: string }>();
  private server: SMTPServer;
  private waiters: Array<() => void> = [];
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.refused.get(address.address.toLowerCase());
        if (!refusal) return callback();
        const error = new Error(refusal.text) as Error & { responseCode: number };
        error.responseCode = refusal.code;
        callback(error);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          // A message that cannot be parsed is refused to the sender instead of rejecting unseen.
          simpleParser(raw).then(
            (parsed) => {
              this.messages.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
                subject: parsed.subject ?? "",
                text: parsed.text ?? "",
                html: typeof parsed.html === "string" ? parsed.html : "",
                raw,
              });
              for (const wake of this.waiters.splice(0)) wake();
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Refuses mail to an address from now on: 550 (the mailbox does not exist, for good) by default, or 451
   * (try again later). `accept` takes it back.
   */
  refuse(address: string, code = 550, text = code >= 500 ? `5.1.1 <${address}>: Recipient address rejected: User unknown` : "4.3.0 Mailbox busy, try again later"): void {
    this.refused.set(address.toLowerCase(), { code, text });
  }

  accept(address: string): void {
    this.refused.delete(address.toLowerCase());
  }

  /** Messages to one address, oldest first. */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase()));
  }

  /** Waits for the n-th message to an address (1-based) to arrive. */
  async waitFor(address: string, count = 1, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(address).length < count) {
      if (Date.now() > deadline) throw new Error(`no message #${count} to ${address} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.to(address)[count - 1]!;
  }
}

/** The first http(s) link in a message's text. */
export function linkIn(mail: ReceivedMail): string {
  const match = /https?:\/\/\S+/.exec(mail.text);
  if (!match) throw new Error(`no link in message "${mail.subject}"`);
  return match[0];
}

/** A message Candor wrote to its outbox (no SMTP_URL), read like one received over SMTP. */
export async function readOutboxMail(file: string): Promise<ReceivedMail> {
  const raw = await fs.promises.readFile(file, "utf8");
  const parsed = await simpleParser(raw);
  const addresses = (parsed.to ? [parsed.to].flat() : []).flatMap((a) => a.value.map((v) => v.address ?? ""));
  return {
    from: parsed.from?.value[0]?.address ?? "",
    to: addresses,
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : "",
    raw,
  };
}
