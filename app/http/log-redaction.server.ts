/**
 * The paths whose next segment is a credential: a personal pulse link, an invitation, a password reset.
 * Whoever reads the server log must not be able to open someone's pulse or set their password.
 */
export const SECRET_PATH_PREFIXES = ["pulse", "invite", "reset-password"] as const;

// `<id>.<secret>` in base32 (sessions, invitation and reset links, pulse links), optionally `candor_`-prefixed (API tokens).
const SECRET_TOKEN = /\b(candor_)?[a-z2-7]{24}\.[a-z2-7]{32}\b/g;
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
