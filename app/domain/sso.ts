// Sign-in through an organisation's identity provider (ADR 042): which connection covers an email, and the
// shape of a connection's settings. Pure: the service reads and writes them.
import { said } from "~/i18n/said";
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
      .min(1, said("adminSso.domainsNeeded"))
      .max(20, said("adminSso.domainsMax", { max: 20 }))
      .superRefine((domains, ctx) => {
        const bad = domains.filter((d) => !DOMAIN.test(d));
        if (bad.length > 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: said("adminSso.notDomain", { domains: bad.join(", ") }) });
      }),
  );

/** What every connection has, whatever its kind. */
export const SsoConnectionBaseSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, said("adminSso.nameNeeded"))
    .max(60, said("adminSso.nameMax", { max: 60 })),
  emailDomains: EmailDomainsSchema,
  enabled: z.boolean(),
});

const httpsUrl = (what: "issuer" | "ssoUrl") =>
  z
    .string()
    .trim()
    .min(1, said("adminSso.urlNeeded", { what }))
    .max(500)
    .url(said("adminSso.urlInvalid", { what }))
    // http only for a provider on this machine (a test or a local provider), never across the network.
    .refine((u) => /^https:\/\//i.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(u), said("adminSso.urlHttps", { what }));

/** An OpenID Connect provider's settings as an admin enters them. The secret may be left blank to keep the saved one. */
export const OidcSettingsSchema = z.object({
  issuer: httpsUrl("issuer").transform((u) => u.replace(/\/+$/, "")),
  clientId: z.string().trim().min(1, said("adminSso.clientIdNeeded")).max(300),
  clientSecret: z.string().trim().max(500).optional(),
});
export type OidcSettings = z.infer<typeof OidcSettingsSchema>;

/** A SAML provider's settings: its entity id, its sign-in address and the certificate(s) it signs with. */
export const SamlSettingsSchema = z.object({
  idpEntityId: z.string().trim().min(1, said("adminSso.entityIdNeeded")).max(500),
  idpSsoUrl: httpsUrl("ssoUrl"),
  idpCertificates: z
    .string()
    .trim()
    .min(1, said("adminSso.certificateNeeded"))
    .max(20000)
    .refine((pem) => /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem), said("adminSso.certificatePem")),
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
  "connection-off": said("sso.problem.connectionOff"),
  "no-email": said("sso.problem.noEmail"),
  "email-not-verified": said("sso.problem.emailNotVerified"),
  "domain-not-allowed": said("sso.problem.domainNotAllowed"),
  "no-account": said("sso.problem.noAccount"),
  deactivated: said("sso.problem.deactivated"),
  "linked-elsewhere": said("sso.problem.linkedElsewhere"),
} as const;
export type SsoProblem = keyof typeof SSO_PROBLEMS;
