// Sign-in through an organisation's identity provider (ADR 042): which connection covers an email, and the
// shape of a connection's settings. Pure: the service reads and writes them.
import { z } from "zod";

export const SSO_KINDS = ["oidc", "saml"] as const;
export type SsoKind = (typeof SSO_KINDS)[number];

export const SSO_KIND_WORDS: Record<SsoKind, string> = { oidc: "OpenID Connect", saml: "SAML 2.0" };

// A DNS name of at least two labels: letters, digits and dashes, no leading or trailing dash.
const DOMAIN = /^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The domain of an email address, lowercased ("Ana@Example.COM" → "example.com"), or null when the text is
 * not an address.
 *
 * @example emailDomain("ana@sales.example.com") // "sales.example.com"
 */
export function emailDomain(email: string): string | null {
  const at = email.trim().lastIndexOf("@");
  if (at < 1) return null;
  const domain = email
    .trim()
    .slice(at + 1)
    .toLowerCase();
  return DOMAIN.test(domain) ? domain : null;
}

/**
 * Reads the domains an admin typed (separated by commas, spaces or new lines; an "@" in front is dropped),
 * lowercased, each once. Throws nothing: the schema below says what is wrong.
 *
 * @example parseDomainList("@Example.com, sales.example.com") // ["example.com", "sales.example.com"]
 */
export function parseDomainList(text: string): string[] {
  const domains = text
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter((d) => d !== "");
  return [...new Set(domains)];
}

/** Whether an email belongs to one of a connection's domains (exactly: a sub-domain must be listed itself). */
export function coversEmail(domains: readonly string[], email: string): boolean {
  const domain = emailDomain(email);
  return domain !== null && domains.includes(domain);
}

export const EmailDomainsSchema = z
  .string()
  .transform(parseDomainList)
  .pipe(
    z
      .array(z.string())
      .min(1, "Enter at least one email domain, like example.com")
      .max(20, "Enter at most 20 domains")
      .superRefine((domains, ctx) => {
        const bad = domains.filter((d) => !DOMAIN.test(d));
        if (bad.length > 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Not a domain: ${bad.join(", ")} (write it like example.com)` });
      }),
  );

/** What every connection has, whatever its kind. */
export const SsoConnectionBaseSchema = z.object({
  name: z.string().trim().min(1, "Give the provider a name people will recognise, like Okta").max(60, "Use at most 60 characters"),
  emailDomains: EmailDomainsSchema,
  enabled: z.boolean(),
});

const httpsUrl = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .max(500)
    .url(`The ${what} must be a web address`)
    // http only for a provider on this machine (a test or a local provider), never across the network.
    .refine((u) => /^https:\/\//i.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(u), `The ${what} must start with https://`);

/** An OpenID Connect provider's settings as an admin enters them. The secret may be left blank to keep the saved one. */
export const OidcSettingsSchema = z.object({
  issuer: httpsUrl("issuer URL").transform((u) => u.replace(/\/+$/, "")),
  clientId: z.string().trim().min(1, "Enter the client id").max(300),
  clientSecret: z.string().trim().max(500).optional(),
});
export type OidcSettings = z.infer<typeof OidcSettingsSchema>;

/** A SAML provider's settings: its entity id, its sign-in address and the certificate(s) it signs with. */
export const SamlSettingsSchema = z.object({
  idpEntityId: z.string().trim().min(1, "Enter the provider's entity id (issuer)").max(500),
  idpSsoUrl: httpsUrl("provider's sign-in address (SSO URL)"),
  idpCertificates: z
    .string()
    .trim()
    .min(1, "Paste the provider's signing certificate")
    .max(20000)
    .refine((pem) => /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem), "Paste the certificate in PEM form (-----BEGIN CERTIFICATE----- …)"),
});
export type SamlSettings = z.infer<typeof SamlSettingsSchema>;

/** What a provider told Candor about the person signing in, whatever the protocol. */
export interface SsoClaims {
  /** The provider's stable id of the account (OIDC `sub`, SAML NameID). */
  subject: string;
  email: string | null;
  /** OIDC's `email_verified`; a SAML assertion signed by the organisation's provider counts as verified. */
  emailVerified: boolean;
  name: string | null;
}

/** Why an SSO sign-in was refused, in words for the person (and the admin's test page). */
export const SSO_PROBLEMS = {
  "connection-off": "This sign-in is not switched on. Ask your Candor administrator.",
  "no-email": "Your identity provider did not send an email address, so Candor cannot tell whose account this is. Ask your administrator to release the email claim.",
  "email-not-verified": "Your identity provider says your email address is not verified, so Candor cannot use it to find your account.",
  "domain-not-allowed": "Your email address is not in a domain this sign-in is set up for. Ask your Candor administrator.",
  "no-account": "There is no Candor account for your email address in this organisation, and accounts are not made at sign-in. Ask your Candor administrator to add you.",
  deactivated: "Your Candor account is deactivated. Ask your Candor administrator.",
  "linked-elsewhere": "Your Candor account is already tied to another account at this identity provider. Ask your Candor administrator.",
} as const;
export type SsoProblem = keyof typeof SSO_PROBLEMS;
