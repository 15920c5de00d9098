import type { AppContext } from "~/context.server";
import { said } from "~/i18n/said";
import { requireRole, type SessionUser } from "~/auth/guards.server";
import { ballotHolder } from "~/auth/ballot-holder.server";
import { accountThrottleKeys } from "~/auth/throttle.server";
import { ConflictError, InputError, NotFoundError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import type { Role } from "~/domain/roles";
import { applyErasure, countErasure, countKept, ownerTextsOf, type ErasureCounts, type ErasureKept, type ErasureTarget, type HolderOf } from "#db/queries/erasure";
import { recordActivation } from "#db/queries/memberships";
import { findPerson } from "#db/queries/people";
import { eraseScimSubject } from "#db/queries/scim";
import { forgetAuditSubject, recordAudit } from "./audit.server";
import type { DB } from "#db/schema";
import type { Kysely } from "kysely";

export type { ErasureCounts, ErasureKept };

/** What the confirmation page shows before an admin erases someone. */
export interface ErasurePreview {
  person: { id: string; name: string; email: string; role: Role; active: boolean };
  /** When they were erased; null while they are not. */
  erasedAt: Date | null;
  /** True when the admin looks at themselves: nobody erases their own account. */
  isSelf: boolean;
  removes: ErasureCounts;
  keeps: ErasureKept;
  /** The names of the API tokens they created (they stop working). */
  apiTokenNames: string[];
}

async function requirePersonOf(app: AppContext, actor: SessionUser, personId: string) {
  const person = isUuid(personId) ? await findPerson(app.db, actor.organisationId, personId) : undefined;
  if (!person) throw new NotFoundError(said("adminPeople.notFound"));
  return person;
}

const targetOf = (person: { id: string; organisationId: string; name: string; email: string }): ErasureTarget => ({
  organisationId: person.organisationId,
  personId: person.id,
  name: person.name,
  email: person.email,
  throttleKeys: accountThrottleKeys(person.email),
});

/** The person's ballot records in open waves, as the server computes them (the database cannot: ADR 021). */
async function openWaveHolders(app: AppContext, db: Kysely<DB>, personId: string): Promise<HolderOf> {
  const waves = await db
    .selectFrom("waveAudience as a")
    .innerJoin("wave", "wave.id", "a.waveId")
    .select("a.waveId")
    .where("a.personId", "=", personId)
    .where("wave.status", "=", "open")
    .execute();
  return waves.map((w) => ({ waveId: w.waveId, holder: ballotHolder(app.config, w.waveId, personId) }));
}

/**
 * What erasing a person would remove and what stays without their name, for the admin's confirmation page.
 * Admins only; another organisation's person (or a malformed id) is not found.
 */
export async function previewErasure(app: AppContext, actor: SessionUser, personId: string): Promise<ErasurePreview> {
  requireRole(actor, "admin");
  const person = await requirePersonOf(app, actor, personId);
  const target = targetOf(person);
  const erased = person.erasedAt !== null;
  const [removes, keeps, tokens] = await Promise.all([
    erased ? Promise.resolve(noRemovals()) : countErasure(app.db, target, await openWaveHolders(app, app.db, person.id), await ownerTextsOf(app.db, target)),
    countKept(app.db, target),
    app.db.selectFrom("apiToken").select("name").where("organisationId", "=", actor.organisationId).where("createdBy", "=", person.id).orderBy("name").execute(),
  ]);
  return {
    person: { id: person.id, name: person.name, email: person.email, role: person.role, active: person.active },
    erasedAt: person.erasedAt,
    isSelf: person.id === actor.personId,
    removes,
    keeps,
    apiTokenNames: erased ? [] : tokens.map((t) => t.name),
  };
}

function noRemovals(): ErasureCounts {
  return {
    sessions: 0,
    accountLinks: 0,
    ssoAccounts: 0,
    apiTokens: 0,
    pulseLinks: 0,
    participations: 0,
    openBallotRecords: 0,
    formSubmissions: 0,
    emailRecords: 0,
    chatSettings: 0,
    crmDeals: 0,
    crmOwnerMappings: 0,
    actionPlanOwners: 0,
    signInFailures: 0,
    auditDetails: 0,
  };
}

/**
 * Erases a person (ADR 037): their name, email and password, sessions, invitation and reset links, their ties to identity-provider accounts, the API
 * tokens they created, personal pulse links, who-was-asked and who-took-part records (kept as counts per
 * wave that name nobody), open-wave ballot records, and every place their name or address was copied to
 * (CRM deal owners, action plan owners, skipped CRM rows, sign-in throttle records, their details beside audit
 * entries). The erasure is audited (`person.erase`, by id, with the counts). Their row stays as the
 * tombstone "Erased person", so team history, self-assessments and plans keep their references and every
 * result is unchanged; anonymous answers were never theirs by record and stay. The admin confirms by
 * typing the person's email address. Not oneself; not twice.
 */
export async function erasePerson(app: AppContext, actor: SessionUser, personId: string, input: { confirmation: string }): Promise<{ removed: ErasureCounts }> {
  requireRole(actor, "admin");
  const person = await requirePersonOf(app, actor, personId);
  if (person.id === actor.personId) throw new InputError(said("adminPeople.erase.self"));
  if (person.erasedAt) throw new ConflictError(said("adminPeople.erase.already"));
  if (input.confirmation.trim().toLowerCase() !== person.email.trim().toLowerCase()) {
    throw new InputError(said("adminPeople.erase.typeExactly"), { confirmation: said("adminPeople.erase.typeToConfirm", { email: person.email }) });
  }
  return app.db.transaction().execute(async (trx) => {
    // The row lock makes a second erasure of the same person wait, then find it erased.
    const locked = await trx.selectFrom("person").select(["erasedAt", "active"]).where("id", "=", person.id).forUpdate().executeTakeFirstOrThrow();
    if (locked.erasedAt) throw new ConflictError(said("adminPeople.erase.already"));
    // Leaving the audience is recorded as for a deactivation (issue 19's membership events).
    if (locked.active) await recordActivation(trx, person.organisationId, person.id, "left", { actorId: actor.personId, source: "admin", at: app.now() });
    const target = targetOf(person);
    // What SCIM kept of them (ADR 044): their externalId and names as the provider sent them, and the logged
    // requests about them or quoting them.
    await eraseScimSubject(trx, { organisationId: person.organisationId, personId: person.id, needles: [person.email, person.name] });
    const removed: ErasureCounts = {
      ...(await applyErasure(trx, target, await openWaveHolders(app, trx, person.id), await ownerTextsOf(trx, target), app.now())),
      auditDetails: await forgetAuditSubject(trx, person.organisationId, person.id),
    };
    // The entry names them by id only, with what was removed: counts, never a name or an address.
    await recordAudit(trx, {
      organisationId: person.organisationId,
      actor: { kind: "person", personId: actor.personId },
      action: "person.erase",
      target: { type: "person", id: person.id },
      source: "ui",
      before: { role: person.role, active: person.active },
      after: { erased: true, removed: { ...removed } },
      at: app.now(),
    });
    return { removed };
  });
}
