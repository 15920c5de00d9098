import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { OrganisationSettingsSchema, type OrganisationSettings } from "~/domain/organisation-settings";
import { findOrganisationById, findOrganisationBySlug, insertOrganisation, updateOrganisationSettings } from "#db/queries/organisations";
import type { OrganisationRow } from "#db/schema";
import { InputError } from "~/domain/errors";
import type { Locale } from "~/domain/locales";
import { parseLanguage } from "./locale.server";
import { ensureItemBank } from "./instrument.server";
import { ensureDefaultPlays } from "./playbook.server";
import { recordAudit, recordAuditByUser, type AuditActor, type AuditSource } from "./audit.server";

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * Creates an organisation; its slug is its short name in URLs and CLI commands. `by`: who, for the audit log
 * (default: the CLI).
 */
export async function createOrganisation(
  app: AppContext,
  input: { slug: string; name: string },
  by: { actor: AuditActor; source: AuditSource } = { actor: { kind: "system", name: "cli" }, source: "cli" },
): Promise<OrganisationRow> {
  const slug = input.slug.trim().toLowerCase();
  if (!SLUG.test(slug)) {
    throw new InputError(`"${input.slug}" is not a valid slug: use 2–63 lowercase letters, digits and dashes.`, { slug: "Use lowercase letters, digits and dashes" });
  }
  if (!input.name.trim()) throw new InputError("Give the organisation a name.", { name: "Enter a name" });
  if (await findOrganisationBySlug(app.db, slug)) {
    throw new InputError(`An organisation with the slug "${slug}" already exists.`, { slug: "Already taken" });
  }
  return app.db.transaction().execute(async (trx) => {
    const organisation = await insertOrganisation(trx, { slug, name: input.name.trim() });
    await ensureItemBank(trx, organisation.id);
    await ensureDefaultPlays(trx, organisation.id);
    await recordAudit(trx, {
      organisationId: organisation.id,
      ...by,
      action: "organisation.create",
      target: { type: "organisation", id: organisation.id },
      after: { slug: organisation.slug, name: organisation.name },
      at: app.now(),
    });
    return organisation;
  });
}

export async function requireOrganisationBySlug(app: AppContext, slug: string): Promise<OrganisationRow> {
  const organisation = await findOrganisationBySlug(app.db, slug);
  if (!organisation) throw new InputError(`There is no organisation with the slug "${slug}".`);
  return organisation;
}

export async function getOrganisationSettings(app: AppContext, user: SessionUser): Promise<OrganisationSettings> {
  const org = await findOrganisationById(app.db, user.organisationId);
  if (!org) throw new Error("organisation of a signed-in user is missing");
  return {
    name: org.name,
    minGroupSize: org.minGroupSize,
    minCommentGroupSize: org.minCommentGroupSize,
    fiscalYearStartMonth: org.fiscalYearStartMonth,
    timezone: org.timezone,
    recentJoinDays: org.recentJoinDays,
    defaultLanguage: org.defaultLanguage,
  };
}

/** The organisation's default language from the settings form: a language Candor has, or an InputError next to the field. */
function defaultLanguageOf(value: string, pageLocale: Locale): Locale {
  try {
    return parseLanguage(value, pageLocale);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.message, { defaultLanguage: error.message });
    throw error;
  }
}

/**
 * Saves the organisation's settings (admins only; the route checks the role). Thresholds and the recent
 * join window take effect for waves that open afterwards: an open or closed wave keeps the ones locked
 * when it opened.
 */
export async function updateSettings(app: AppContext, user: SessionUser, settings: OrganisationSettings, pageLocale: Locale = "en"): Promise<void> {
  const parsed = OrganisationSettingsSchema.parse(settings);
  const valid = { ...parsed, defaultLanguage: parsed.defaultLanguage === undefined ? undefined : defaultLanguageOf(parsed.defaultLanguage, pageLocale) };
  await app.db.transaction().execute(async (trx) => {
    const org = await findOrganisationById(trx, user.organisationId);
    if (!org) throw new Error("organisation of a signed-in user is missing");
    await updateOrganisationSettings(trx, user.organisationId, valid);
    // Only what changed, before and after: "changed the minimum group from 5 to 7".
    const before: Record<string, string | number> = {};
    const after: Record<string, string | number> = {};
    for (const field of ["name", "minGroupSize", "minCommentGroupSize", "fiscalYearStartMonth", "timezone", "recentJoinDays", "defaultLanguage"] as const) {
      const value = valid[field];
      if (value === undefined || value === org[field]) continue;
      before[field] = org[field];
      after[field] = value;
    }
    if (Object.keys(after).length === 0) return;
    await recordAuditByUser(trx, app, user, { action: "organisation.settings-change", target: { type: "organisation", id: user.organisationId }, before, after });
  });
}
