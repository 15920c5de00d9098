// How mail leaves the process (SMTP, or .eml files in the outbox folder): infrastructure the app context holds.
// What the mails say is the services' business (app/services/mail.server.ts).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type Nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import type { AppConfig } from "./config.server";
import type { Logger } from "./log.server";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  /** What kind of delivery this is, for the start-up log. */
  description: string;
}

/**
 * A transport made on the first message: nodemailer is loaded then. Most processes send no mail (the CLI,
 * a server that has just started), and loading it took 0.09 s of every start.
 */
function lazyTransport(create: (nodemailer: typeof Nodemailer) => Transporter): () => Promise<Transporter> {
  let transport: Promise<Transporter> | null = null;
  return () => (transport ??= import("nodemailer").then((m) => create(m.default)));
}

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise each message is written as an .eml file under
 * OUTBOX_DIR, so a demo needs no mail server. The log says where the file is and nothing else: the
 * message's link opens a pulse or sets a password, and the log is read by more people than the mail.
 */
export function createMailer(config: Pick<AppConfig, "SMTP_URL" | "MAIL_FROM" | "OUTBOX_DIR">, log: Logger): Mailer {
  if (config.SMTP_URL) {
    const smtpUrl = config.SMTP_URL;
    const host = new URL(smtpUrl).host;
    const transport = lazyTransport((nodemailer) => nodemailer.createTransport(smtpUrl));
    return {
      description: `SMTP via ${host}`,
      async send(mail) {
        await (await transport()).sendMail({ from: config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      },
    };
  }
  const transport = lazyTransport((nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }));
  const dir = path.resolve(config.OUTBOX_DIR);
  return {
    description: `files in ${dir} (set SMTP_URL to send real mail)`,
    async send(mail) {
      const info = await (await transport()).sendMail({ from: config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${crypto.randomBytes(3).toString("hex")}.eml`);
      fs.writeFileSync(file, info.message as Buffer);
      log.info("mail saved to the outbox", { file });
    },
  };
}
