import type { OutgoingMail } from "~/mailer.server";
import { negotiateLocale, textDirection, type Locale } from "~/domain/locales";

/** Escapes text for the HTML part of a message. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A plain message with one button: the shape of every Candor email. */
export function actionMail(options: {
  to: string;
  subject: string;
  paragraphs: string[];
  action: string;
  link: string;
  footer?: string;
  /** "Or open this address: …" in the mail's language (English when left out). */
  orOpen?: (link: string) => string;
  /** The mail's language, for the HTML part's lang and dir (none when left out). */
  lang?: string;
}): OutgoingMail {
  const text = [...options.paragraphs, `${options.action}: ${options.link}`, ...(options.footer ? [options.footer] : [])].join("\n\n");
  const open = options.orOpen ? escapeHtml(options.orOpen(options.link)) : `Or open this address: ${escapeHtml(options.link)}`;
  const lang = options.lang ? ` lang="${escapeHtml(options.lang)}" dir="${textDirection(options.lang)}"` : "";
  const html = `<!doctype html><html${lang}><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1f2b">
${options.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
<p><a href="${escapeHtml(options.link)}" style="display:inline-block;padding:10px 16px;background:#1d4e89;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(options.action)}</a></p>
<p style="color:#4a5365;font-size:14px">${open}</p>
${options.footer ? `<p style="color:#4a5365;font-size:14px">${escapeHtml(options.footer)}</p>` : ""}
</body></html>`;
  return { to: options.to, subject: options.subject, text, html };
}

/** The language of a person's mail (ADR 055): their own setting, else their organisation's default (no browser to ask). */
export function mailLocale(person: { language: string | null }, organisationDefault: string | null | undefined): Locale {
  return negotiateLocale({ person: person.language, organisation: organisationDefault });
}
