/**
 * The paths whose next segment is a credential: a personal pulse link, an invitation, a password reset.
 * Whoever reads the server log must not be able to open someone's pulse or set their password.
 */
export const SECRET_PATH_PREFIXES = ["pulse", "invite", "reset-password"] as const;

// `<id>.<secret>` in base32 (sessions, invitation and reset links, pulse links), optionally `candor_`-prefixed (API
// tokens) or `candor_scim_`-prefixed (SCIM tokens).
const SECRET_TOKEN = /\b(candor_(?:scim_)?)?[a-z2-7]{24}\.[a-z2-7]{32}\b/g;
// A pulse edit secret: the value of a rep's edit cookie for a wave, or the form key it was (ADR 006). With
// it, whoever reads the log could open and change that rep's answers until the wave closes.
const EDIT_SECRET = /(candor_pulse_[0-9a-f]{32}=|idempotencyKey=|"idempotencyKey":\s*")[a-z2-7]{26}\b/g;
// The segment after a secret path, whatever its shape (a mistyped or truncated link is still most of a secret).
const SECRET_SEGMENT = new RegExp(`(/(?:${SECRET_PATH_PREFIXES.join("|")})/)[^/?#\\s"'\`<>]+`, "gi");

/**
 * Text bound for the server log with every credential replaced by `[redacted]`: link tokens in paths
 * (Remix's own errors quote the request URL, e.g. "Route … does not match URL /pulse/…"), session and
 * link tokens wherever they appear, API tokens (which keep their `candor_` prefix so that the kind
 * of credential stays visible), and pulse edit secrets (in the edit cookie or as the form key).
 *
 * @example redactSecrets('no action for "/invite/abc.def"') // 'no action for "/invite/[redacted]"'
 */
export function redactSecrets(text: string): string {
  return text
    .replace(SECRET_TOKEN, (_match, prefix: string | undefined) => `${prefix ?? ""}[redacted]`)
    .replace(EDIT_SECRET, "$1[redacted]")
    .replace(SECRET_SEGMENT, "$1[redacted]");
}

// Links: an absolute URL, or a path. An email address inside one (`?email=ann@example.com`,
// `/people/ann%40example.com`) names whoever followed it; the same address elsewhere in a message (the demo's
// logins, for one) is left alone.
const LINK = /\bhttps?:\/\/[^\s"'`<>]+|(?<![\w.@%-])\/[^\s"'`<>]+/gi;
const EMAIL_IN_LINK = /[a-z0-9._%+-]+(?:@|%40)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

/** Text with every email address inside a link replaced by `[email]`. */
export function redactEmailsInLinks(text: string): string {
  return text.replace(LINK, (link) => link.replace(EMAIL_IN_LINK, "[email]"));
}

// Fields whose value is a credential whatever it looks like: passwords (and a form's confirmation of one),
// secrets, tokens, cookies and authorization headers, in any case and spelling (`set-cookie`, `apiToken`).
const SECRET_FIELD = /pass(word|wd)?|confirm|secret|token|cookie|authori[sz]ation|api[-_]?key/i;

/** Whether a field of that name is a credential, so that its value never reaches the log. */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/**
 * A value bound for the log with every credential removed, the one place that decides what the log may
 * hold: the value of a secret field (by its name) becomes `[redacted]`, and every string, at any depth, goes
 * through redactSecrets and redactEmailsInLinks. Errors become `{ name, message, code, stack, cause }`
 * first; byte arrays their length; a value that contains itself `[cycle]`.
 */
export function redactForLog(value: unknown, ancestors: object[] = []): unknown {
  if (typeof value === "string") return redactEmailsInLinks(redactSecrets(value));
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null || typeof value !== "object") return value;
  if (ancestors.includes(value)) return "[cycle]";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  const inside = [...ancestors, value];
  if (value instanceof Error) {
    const { code, cause } = value as { code?: unknown; cause?: unknown };
    return redactForLog({ name: value.name, message: value.message, code, stack: value.stack, cause }, inside);
  }
  if (Array.isArray(value)) return value.map((item) => redactForLog(item, inside));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    out[key] = isSecretField(key) && item !== null ? "[redacted]" : redactForLog(item, inside);
  }
  return out;
}
