import type { Kysely } from "kysely";
import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { createSession } from "~/auth/session.server";
import { openSecret, sealSecret } from "~/auth/secret-box.server";
import { findOrganisationById } from "#db/queries/organisations";
import { findPerson, findPersonByEmail, insertPerson } from "#db/queries/people";
import type { DB, SsoConnectionRow } from "#db/schema";
import {
  countSsoIdentities,
  deleteSsoConnection,
  findDomainsClaimedElsewhere,
  findEnabledConnectionsForDomain,
  findPersonBySsoSubject,
  findSsoConnection,
  findSsoConnectionForSignIn,
  findSsoPolicy,
  findSsoSubjectOfPerson,
  insertSsoConnection,
  insertSsoIdentity,
  listActiveAdmins,
  listSsoConnections,
  markSsoConnectionTested,
  touchSsoIdentity,
  updateSsoConnection,
  updateSsoPolicy,
  type SsoConnectionValues,
  type SsoPolicy,
} from "#db/queries/sso";
import { ConflictError, InputError, NotFoundError } from "~/domain/errors";
import { SSO_KIND_WORDS, SSO_PROBLEMS, coversEmail, emailDomain, type OidcSettings, type SamlSettings, type SsoClaims, type SsoKind, type SsoProblem } from "~/domain/sso";
import { isUuid } from "~/domain/ids";
import { recordAudit, recordAuditByUser } from "./audit.server";
import { createOnce, earlierSubmission } from "./form-submissions.server";

// One home for what SSO sign-in decides (ADR 042), whatever the protocol: the OpenID Connect and SAML
// routes check the provider's answer in their own way and then hand Candor's side to this module: which
// person it is, whether an account is made, the session, and the audit entries.

const SECRET_PURPOSE = "sso-oidc-client-secret";

/** Where a connection's sign-in starts (the protocol's route redirects to the provider). */
export function ssoStartPath(connection: { id: string; kind: SsoKind }, redirectTo?: string): string {
  const path = `/sso/${connection.kind}/${connection.id}/start`;
  return redirectTo && redirectTo !== "/" ? `${path}?redirectTo=${encodeURIComponent(redirectTo)}` : path;
}

export interface SsoOption {
  connectionId: string;
  kind: SsoKind;
  name: string;
  organisationName: string;
  startPath: string;
}

/** The switched-on connections that cover this email's domain (the login page's "Sign in with …" buttons). */
export async function ssoOptionsForEmail(app: AppContext, email: string, redirectTo?: string): Promise<SsoOption[]> {
  const domain = emailDomain(email);
  if (!domain) return [];
  const rows = await findEnabledConnectionsForDomain(app.db, domain);
  return rows.map((r) => ({ connectionId: r.id, kind: r.kind, name: r.name, organisationName: r.organisationName, startPath: ssoStartPath(r, redirectTo) }));
}

/** What a password sign-in of this person must do instead when their organisation requires SSO: null when a password is fine. */
export async function ssoRequiredFor(app: AppContext, person: { id: string; organisationId: string }, redirectTo?: string): Promise<SsoOption[] | null> {
  const policy = await findSsoPolicy(app.db, person.organisationId);
  if (!policy?.ssoRequired || policy.ssoBreakGlassPersonId === person.id) return null;
  const organisation = await findOrganisationById(app.db, person.organisationId);
  const connections = (await listSsoConnections(app.db, person.organisationId)).filter((c) => c.enabled);
  return connections.map((c) => ({ connectionId: c.id, kind: c.kind, name: c.name, organisationName: organisation?.name ?? "", startPath: ssoStartPath(c, redirectTo) }));
}

/** A connection as the sign-in flow needs it (signed out: by id alone), or null when there is none. */
export async function getSsoConnectionForSignIn(app: AppContext, connectionId: string): Promise<(SsoConnectionRow & { organisationName: string }) | null> {
  if (!isUuid(connectionId)) return null;
  return (await findSsoConnectionForSignIn(app.db, connectionId)) ?? null;
}

/** The OIDC client secret of a connection, opened with the server's secret key; null when none is saved. */
export function oidcClientSecret(app: Pick<AppContext, "config">, connection: Pick<SsoConnectionRow, "id" | "oidcClientSecretSealed">): string | null {
  if (!connection.oidcClientSecretSealed) return null;
  return new TextDecoder().decode(openSecret(app.config, SECRET_PURPOSE, connection.oidcClientSecretSealed, connection.id));
}

/** What Candor makes of a provider's answer: the person it signs in, an account it would make, or why not. */
export type SsoDecision =
  | { kind: "existing"; personId: string; name: string; email: string; via: "subject"; identityId: string }
  | { kind: "existing"; personId: string; name: string; email: string; via: "email" }
  | { kind: "create"; email: string; name: string }
  | { kind: "refused"; problem: SsoProblem };

/**
 * Decides who a provider's answer signs in, without changing anything. A person tied to the provider
 * account (its subject) is that person; otherwise a verified email in one of the connection's domains finds
 * the account with that email in the connection's organisation, or, when the organisation allows it, one is
 * to be made. Another organisation's people are never found: a connection only signs in its own.
 */
export async function decideSsoSignIn(db: Kysely<DB>, connection: SsoConnectionRow, claims: SsoClaims): Promise<SsoDecision> {
  const tied = await findPersonBySsoSubject(db, connection.id, claims.subject);
  if (tied && tied.organisationId === connection.organisationId) {
    if (!tied.active || tied.erasedAt) return { kind: "refused", problem: "deactivated" };
    return { kind: "existing", personId: tied.id, name: tied.name, email: tied.email, via: "subject", identityId: tied.identityId };
  }
  if (!claims.email) return { kind: "refused", problem: "no-email" };
  if (!claims.emailVerified) return { kind: "refused", problem: "email-not-verified" };
  if (!coversEmail(connection.emailDomains, claims.email)) return { kind: "refused", problem: "domain-not-allowed" };
  const person = await findPersonByEmail(db, connection.organisationId, claims.email);
  if (person) {
    if (!person.active || person.erasedAt) return { kind: "refused", problem: "deactivated" };
    const subject = await findSsoSubjectOfPerson(db, connection.id, person.id);
    if (subject !== undefined && subject !== claims.subject) return { kind: "refused", problem: "linked-elsewhere" };
    return { kind: "existing", personId: person.id, name: person.name, email: person.email, via: "email" };
  }
  const policy = await findSsoPolicy(db, connection.organisationId);
  if (!policy?.ssoCreateAccounts) return { kind: "refused", problem: "no-account" };
  const email = claims.email.trim().toLowerCase();
  return { kind: "create", email, name: claims.name?.trim() || email.split("@")[0]! };
}

export type SsoSignInResult = { ok: true; token: string; expiresAt: Date; personId: string; created: boolean } | { ok: false; problem: SsoProblem; message: string };

/**
 * Signs a person in from a provider's checked answer (the protocol route has verified it came from the
 * connection's provider, for this sign-in): ties the provider account to the person on first use, makes an
 * account when the organisation allows it (a rep in no team, placed later by an admin), and starts a Candor
 * session. Nothing from the provider (its tokens or assertion) is kept, only the account's subject.
 */
export async function completeSsoSignIn(app: AppContext, connectionId: string, claims: SsoClaims): Promise<SsoSignInResult> {
  const connection = await getSsoConnectionForSignIn(app, connectionId);
  if (!connection || !connection.enabled) return refused("connection-off");
  return app.db.transaction().execute(async (trx) => {
    const decision = await decideSsoSignIn(trx, connection, claims);
    if (decision.kind === "refused") return refused(decision.problem);
    const at = app.now();
    let personId: string;
    let created = false;
    if (decision.kind === "create") {
      const person = await insertPerson(trx, { organisationId: connection.organisationId, email: decision.email, name: decision.name, role: "rep" });
      personId = person.id;
      created = true;
      await insertSsoIdentity(trx, { organisationId: connection.organisationId, connectionId: connection.id, personId, subject: claims.subject }, at);
      await recordAudit(trx, {
        organisationId: connection.organisationId,
        actor: { kind: "person", personId },
        source: "sso",
        action: "person.sso-create",
        target: { type: "person", id: personId },
        after: { role: "rep", connection: connection.name, connectionId: connection.id },
        personal: [{ personId, after: { name: decision.name, email: decision.email } }],
        at,
      });
    } else {
      personId = decision.personId;
      if (decision.via === "email") {
        await insertSsoIdentity(trx, { organisationId: connection.organisationId, connectionId: connection.id, personId, subject: claims.subject }, at);
        await recordAudit(trx, {
          organisationId: connection.organisationId,
          actor: { kind: "person", personId },
          source: "sso",
          action: "person.sso-link",
          target: { type: "person", id: personId },
          after: { connection: connection.name, connectionId: connection.id },
          at,
        });
      } else {
        await touchSsoIdentity(trx, decision.identityId, at);
      }
    }
    const session = await createSession({ ...app, db: trx }, { id: personId, organisationId: connection.organisationId });
    return { ok: true as const, ...session, personId, created };
  });
}

function refused(problem: SsoProblem): { ok: false; problem: SsoProblem; message: string } {
  return { ok: false, problem, message: SSO_PROBLEMS[problem] };
}

/** The admin's "test the connection": what the provider sent and what Candor made of it, in words. */
export interface SsoTestReport {
  connectionName: string;
  claims: Array<{ name: string; value: string }>;
  outcome: string;
  ok: boolean;
}

/**
 * Describes what a sign-in with these claims would do, without signing anyone in or changing any account,
 * and records that the connection answered (its "last tested" time). `received` is what the provider sent,
 * as name/value pairs (claims or attributes), shown to the admin as they came.
 */
export async function reportSsoTest(
  app: AppContext,
  admin: SessionUser,
  connectionId: string,
  claims: SsoClaims,
  received: Array<{ name: string; value: string }>,
): Promise<SsoTestReport> {
  const connection = await requireConnection(app, admin, connectionId);
  const decision = await decideSsoSignIn(app.db, connection, claims);
  await markSsoConnectionTested(app.db, admin.organisationId, connection.id, app.now());
  const outcome =
    decision.kind === "existing"
      ? said("adminSso.testWouldSignIn", { name: decision.name, email: decision.email, via: decision.via === "subject" ? "subject" : "email" })
      : decision.kind === "create"
        ? said("adminSso.testWouldCreate", { email: decision.email })
        : said("adminSso.testWouldRefuse", { problem: SSO_PROBLEMS[decision.problem] });
  return { connectionName: connection.name, claims: received.slice(0, 100), outcome, ok: decision.kind !== "refused" };
}

// ---- Administration (admins only: the routes check the role) ----

export interface SsoConnectionSummary {
  id: string;
  kind: SsoKind;
  kindWords: string;
  name: string;
  emailDomains: string[];
  enabled: boolean;
  lastTestedAt: Date | null;
  people: number;
  editPath: string;
}

export interface SsoOverview {
  connections: SsoConnectionSummary[];
  policy: SsoPolicy;
  admins: Array<{ id: string; name: string; email: string }>;
  organisationName: string;
}

export async function getSsoOverview(app: AppContext, admin: SessionUser): Promise<SsoOverview> {
  const [connections, counts, policy, admins] = await Promise.all([
    listSsoConnections(app.db, admin.organisationId),
    countSsoIdentities(app.db, admin.organisationId),
    findSsoPolicy(app.db, admin.organisationId),
    listActiveAdmins(app.db, admin.organisationId),
  ]);
  return {
    connections: connections.map((c) => ({
      id: c.id,
      kind: c.kind,
      kindWords: SSO_KIND_WORDS[c.kind],
      name: c.name,
      emailDomains: c.emailDomains,
      enabled: c.enabled,
      lastTestedAt: c.lastTestedAt,
      people: counts.get(c.id) ?? 0,
      editPath: `/admin/sso/${c.kind}/${c.id}`,
    })),
    policy: policy ?? { ssoRequired: false, ssoCreateAccounts: false, ssoBreakGlassPersonId: null },
    admins,
    organisationName: admin.organisationName,
  };
}

/** One connection of the admin's organisation; NotFoundError for an unknown id or another organisation's. */
export async function requireConnection(app: AppContext, admin: SessionUser, connectionId: string): Promise<SsoConnectionRow> {
  const connection = isUuid(connectionId) ? await findSsoConnection(app.db, admin.organisationId, connectionId) : undefined;
  if (!connection) throw new NotFoundError(said("adminSso.noSuchProvider"));
  return connection;
}

export type SsoConnectionInput = { name: string; emailDomains: string[]; enabled: boolean; submissionKey?: string } & (
  | { kind: "oidc"; oidc: OidcSettings }
  | { kind: "saml"; saml: SamlSettings }
);

/**
 * Adds (id null) or changes a connection. A domain belongs to one organisation's connections: a domain
 * another organisation has claimed is refused (else its login button could send that company's people to a
 * provider someone else runs). An OIDC secret left blank keeps the saved one; a new connection needs one.
 * The "add" form sent twice with its key adds one provider (ADR 041): the repeat answers with the first's id.
 */
export async function saveSsoConnection(app: AppContext, admin: SessionUser, id: string | null, input: SsoConnectionInput): Promise<string> {
  if (id === null) {
    // A repeat of an add that went through: the provider it made, before checks its own row would now fail.
    const earlier = await earlierSubmission(app, admin, "sso-connection", input.submissionKey);
    if (earlier) return earlier;
  }
  const claimed = await findDomainsClaimedElsewhere(app.db, admin.organisationId, input.emailDomains);
  if (claimed.length > 0) {
    throw new InputError(said("adminSso.domainsClaimed", { domains: claimed.join(", "), count: claimed.length }), {
      emailDomains: said("adminSso.domainClaimedField"),
    });
  }
  const existing = id === null ? null : await requireConnection(app, admin, id);
  if (existing && existing.kind !== input.kind) throw new InputError(said("adminSso.kindFixed"));
  if (input.kind === "oidc" && !input.oidc.clientSecret && !existing?.oidcClientSecretSealed) {
    throw new InputError(said("adminSso.enterSecretSentence"), { clientSecret: said("adminSso.enterSecret") });
  }
  const at = app.now();
  const save = async (trx: Kysely<DB>) => {
    const values: SsoConnectionValues = { kind: input.kind, name: input.name, emailDomains: input.emailDomains, enabled: input.enabled };
    if (input.kind === "oidc") {
      values.oidcIssuer = input.oidc.issuer;
      values.oidcClientId = input.oidc.clientId;
    } else {
      values.samlIdpEntityId = input.saml.idpEntityId;
      values.samlIdpSsoUrl = input.saml.idpSsoUrl;
      values.samlIdpCertificates = input.saml.idpCertificates;
    }
    const connectionId = existing?.id ?? crypto.randomUUID();
    const secret = input.kind === "oidc" && input.oidc.clientSecret ? input.oidc.clientSecret : null;
    // The secret is sealed to the connection's id: copied to another row, it does not open.
    if (secret) values.oidcClientSecretSealed = sealSecret(app.config, SECRET_PURPOSE, new TextEncoder().encode(secret), connectionId);
    const after = auditValues(values, secret !== null);
    if (existing) {
      await updateSsoConnection(trx, admin.organisationId, existing.id, values, at);
      const before = auditValues(existing, false);
      const changedBefore: Record<string, string | boolean | string[]> = {};
      const changedAfter: Record<string, string | boolean | string[]> = {};
      for (const [k, v] of Object.entries(after)) {
        if (k === "clientSecret" ? v === "changed" : JSON.stringify(before[k]) !== JSON.stringify(v)) {
          if (k !== "clientSecret") changedBefore[k] = before[k] ?? "";
          changedAfter[k] = v;
        }
      }
      if (Object.keys(changedAfter).length > 0) {
        await recordAuditByUser(trx, app, admin, {
          action: "sso.connection-change",
          target: { type: "sso-connection", id: existing.id },
          before: { name: existing.name, ...changedBefore },
          after: { name: values.name, ...changedAfter },
        });
      }
    } else {
      await insertSsoConnection(trx, admin.organisationId, { ...values, id: connectionId }, at);
      await recordAuditByUser(trx, app, admin, { action: "sso.connection-create", target: { type: "sso-connection", id: connectionId }, after });
    }
    return connectionId;
  };
  if (existing) return app.db.transaction().execute(save);
  return (await createOnce(app, admin, "sso-connection", input.submissionKey, save)).id;
}

// What the audit log keeps of a connection: its settings, never its secret (only that it changed).
function auditValues(c: Partial<SsoConnectionValues>, secretChanged: boolean): Record<string, string | boolean | string[]> {
  const values: Record<string, string | boolean | string[]> = { kind: c.kind ?? "", name: c.name ?? "", emailDomains: c.emailDomains ?? [], enabled: c.enabled ?? false };
  if (c.kind === "oidc") {
    values.issuer = c.oidcIssuer ?? "";
    values.clientId = c.oidcClientId ?? "";
    if (secretChanged) values.clientSecret = "changed";
  } else if (c.kind === "saml") {
    values.idpEntityId = c.samlIdpEntityId ?? "";
    values.idpSsoUrl = c.samlIdpSsoUrl ?? "";
    values.idpCertificates = c.samlIdpCertificates ? "saved" : "";
  }
  return values;
}

/**
 * Removes a connection; the people tied to it keep their accounts. Refused while SSO is required and this
 * is the last switched-on connection (the organisation could not sign in).
 */
export async function removeSsoConnection(app: AppContext, admin: SessionUser, connectionId: string): Promise<void> {
  const connection = await requireConnection(app, admin, connectionId);
  await app.db.transaction().execute(async (trx) => {
    const policy = await findSsoPolicy(trx, admin.organisationId);
    const others = (await listSsoConnections(trx, admin.organisationId)).filter((c) => c.enabled && c.id !== connection.id);
    if (policy?.ssoRequired && others.length === 0) {
      throw new ConflictError(said("adminSso.lastProvider"));
    }
    await deleteSsoConnection(trx, admin.organisationId, connection.id);
    await recordAuditByUser(trx, app, admin, { action: "sso.connection-delete", target: { type: "sso-connection", id: connection.id }, before: { name: connection.name } });
  });
}

/**
 * The organisation's sign-in rules. Requiring SSO needs a switched-on connection that has been tested (so
 * nobody is locked out by a typo) and a break-glass admin: an active admin of the organisation who keeps
 * their password, for the day the provider is down.
 */
export async function saveSsoPolicy(app: AppContext, admin: SessionUser, policy: SsoPolicy): Promise<void> {
  await app.db.transaction().execute(async (trx) => {
    const before = await findSsoPolicy(trx, admin.organisationId);
    if (!before) throw new Error("organisation of a signed-in user is missing");
    if (policy.ssoBreakGlassPersonId) {
      const person = isUuid(policy.ssoBreakGlassPersonId) ? await findPerson(trx, admin.organisationId, policy.ssoBreakGlassPersonId) : undefined;
      if (!person || person.role !== "admin" || !person.active || person.erasedAt) {
        throw new InputError(said("adminSso.breakGlassActive"), { ssoBreakGlassPersonId: said("adminSso.pickActiveAdmin") });
      }
    }
    if (policy.ssoRequired) {
      const connections = (await listSsoConnections(trx, admin.organisationId)).filter((c) => c.enabled);
      if (connections.length === 0) throw new InputError(said("adminSso.switchOnFirst"), { ssoRequired: said("adminSso.noneOn") });
      if (!connections.some((c) => c.lastTestedAt)) {
        throw new InputError(said("adminSso.testFirst"), {
          ssoRequired: said("adminSso.noneTested"),
        });
      }
      if (!policy.ssoBreakGlassPersonId) {
        throw new InputError(said("adminSso.chooseBreakGlass"), { ssoBreakGlassPersonId: said("adminSso.pickBreakGlass") });
      }
    }
    await updateSsoPolicy(trx, admin.organisationId, policy);
    const changed = (["ssoRequired", "ssoCreateAccounts"] as const).filter((k) => before[k] !== policy[k]);
    const beforeValues: Record<string, boolean | string | null> = {};
    const afterValues: Record<string, boolean | string | null> = {};
    for (const k of changed) {
      beforeValues[k] = before[k];
      afterValues[k] = policy[k];
    }
    // By id ("personId": the log names them as they are now, or as erased); the chain keeps no names.
    if (before.ssoBreakGlassPersonId !== policy.ssoBreakGlassPersonId) {
      beforeValues.personId = before.ssoBreakGlassPersonId;
      afterValues.personId = policy.ssoBreakGlassPersonId;
    }
    if (Object.keys(afterValues).length === 0) return;
    await recordAuditByUser(trx, app, admin, { action: "sso.policy-change", target: { type: "organisation", id: admin.organisationId }, before: beforeValues, after: afterValues });
  });
}
