import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { InputError } from "~/domain/errors";
import { parseTranslationFile, TRANSLATABLE_SOURCES, translationsFromFields, type TranslationProblem } from "~/domain/item-translations";
import { LOCALES } from "~/domain/locales";
import { said } from "~/i18n/said";
import { listItemTranslations, replaceItemTranslations } from "#db/queries/item-translations";
import { recordAuditByUser } from "./audit.server";
import { ensureItemBank } from "./instrument.server";

/**
 * An organisation's own translations of its custom and Edmondson items (ADR 055, ADR 058), written by its
 * admins and enablement (the routes check the role): one item at a time in the editor, or many from a file,
 * all or nothing. Every change is audited with the item's translations before and after.
 */

/** Candor's languages in their order, keeping only texts in them. */
const ordered = (translations: Record<string, string>): Record<string, string> =>
  Object.fromEntries(LOCALES.filter((l) => typeof translations[l] === "string" && translations[l] !== "").map((l) => [l, translations[l]!]));

/** Sets one item's texts in each language from the editor's fields (`t.<lang>`; an empty field removes that language). */
export async function saveItemTranslations(app: AppContext, user: SessionUser, code: string, fields: Record<string, unknown>): Promise<{ code: string; changed: boolean }> {
  await ensureItemBank(app.db, user.organisationId);
  const { translations, fieldErrors } = translationsFromFields(fields);
  if (Object.keys(fieldErrors).length > 0) throw new InputError(said("items.translation.fix"), fieldErrors);
  return app.db.transaction().execute(async (trx) => {
    const item = (await listItemTranslations(trx, user.organisationId)).find((i) => i.code === code);
    if (!item) throw new InputError(said("items.error.noItem", { code }));
    if (!TRANSLATABLE_SOURCES.has(item.source)) throw new InputError(said("items.upload.candorItem", { code }));
    // Languages Candor does not have (none can be written here) are kept as they were.
    const others = Object.fromEntries(Object.entries(item.translations).filter(([l]) => !(LOCALES as readonly string[]).includes(l)));
    const after = { ...ordered(translations), ...others };
    const before = item.translations;
    if (JSON.stringify(after) === JSON.stringify({ ...ordered(before), ...others })) return { code, changed: false };
    await replaceItemTranslations(trx, user.organisationId, item.id, after);
    await recordAuditByUser(trx, app, user, {
      action: "item.translations-change",
      target: { type: "item", id: code },
      before: { translations: before },
      after: { translations: after },
    });
    return { code, changed: true };
  });
}

export type TranslationUpload = { ok: true; items: number; translations: number } | { ok: false; problems: TranslationProblem[] };

/** A translation file (CSV: code,lang,text): every line applied, or none (the problems, each with its line and key). */
export async function uploadItemTranslations(app: AppContext, user: SessionUser, text: string): Promise<TranslationUpload> {
  await ensureItemBank(app.db, user.organisationId);
  return app.db.transaction().execute(async (trx) => {
    const items = await listItemTranslations(trx, user.organisationId);
    const parsed = parseTranslationFile(text, new Map(items.map((i) => [i.code, { source: i.source }])));
    if (!parsed.ok) return parsed;
    let changed = 0;
    for (const item of items) {
      const update = parsed.updates.get(item.code);
      if (!update) continue;
      const after = { ...item.translations, ...update };
      if (JSON.stringify(after) === JSON.stringify(item.translations)) continue;
      await replaceItemTranslations(trx, user.organisationId, item.id, after);
      await recordAuditByUser(trx, app, user, {
        action: "item.translations-change",
        target: { type: "item", id: item.code },
        before: { translations: item.translations },
        after: { translations: after, from: "upload" },
      });
      changed++;
    }
    return { ok: true, items: changed, translations: parsed.count };
  });
}
