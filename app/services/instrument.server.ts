import type { AppContext } from "~/context.server";
import { recordAuditByUser } from "./audit.server";
import type { SessionUser } from "~/auth/session.server";
import { DEFAULT_DIMENSIONS, DEFAULT_ITEMS, EDMONDSON_CITATION, EDMONDSON_DIMENSION, EDMONDSON_ITEMS, MANAGER_TEXTS, type Scale } from "~/domain/instrument";
import { findOrganisationById } from "#db/queries/organisations";
import {
  fillMissingManagerTexts,
  findItemByCode,
  insertMissingDimensions,
  insertMissingItems,
  listDimensions,
  listItems,
  setItemRetired,
  type DimensionRow,
  type ItemRow,
} from "#db/queries/instrument";
import type { DB } from "#db/schema";
import type { Kysely } from "kysely";
import { InputError } from "~/domain/errors";
import { dimensionInLanguage, itemInLanguage, type StoredItem } from "~/domain/item-language";
import { TRANSLATABLE_SOURCES } from "~/domain/item-translations";
import { SOURCE_LOCALE, type Locale } from "~/domain/locales";
import { itemBank } from "~/i18n/catalogues.server";
import { said } from "~/i18n/said";
import { listItemTranslations } from "#db/queries/item-translations";

/**
 * Seeds the default item bank (and Edmondson's set, kept off until switched on) for an organisation.
 * Idempotent: existing dimensions and items are left as they are.
 */
export async function ensureItemBank(db: Kysely<DB>, organisationId: string): Promise<void> {
  await insertMissingDimensions(db, organisationId, [
    ...DEFAULT_DIMENSIONS.map((d, i) => ({ ...d, source: "default" as const, position: i })),
    { ...EDMONDSON_DIMENSION, source: "edmondson" as const, position: 50 },
  ]);
  await insertMissingItems(db, organisationId, [
    ...DEFAULT_ITEMS.map((item, i) => ({ ...item, source: "default" as const, position: i, managerText: MANAGER_TEXTS[item.code] ?? null })),
    ...EDMONDSON_ITEMS.map((item, i) => ({ ...item, source: "edmondson" as const, position: 100 + i, managerText: MANAGER_TEXTS[item.code] ?? null })),
  ]);
  await fillMissingManagerTexts(db, organisationId, MANAGER_TEXTS);
}

export interface BankItem extends ItemRow {
  /** The text in the page's language (ADR 055), or in the language it falls back to. */
  shownText: string;
  shownLang: Locale;
  /** True when the page's language was asked for and the item lacks it (the page says so under the item). */
  fallback: boolean;
  /** The organisation's own translations (language tag → text), editable for custom and Edmondson items. */
  translations: Record<string, string>;
  /** Whether admins translate it here (custom and Edmondson items; Candor's own are in Candor's files). */
  translatable: boolean;
  /** Shown in a translation of Candor's that is no published validated version (Edmondson's items). */
  candorTranslation: boolean;
}

export interface ItemBank {
  dimensions: Array<DimensionRow & { shownName: string; defaultDescription: boolean; items: BankItem[] }>;
  /** Items outside any dimension: eNPS and the comment. */
  otherItems: BankItem[];
  edmondsonEnabled: boolean;
  edmondsonCitation: string;
}

const DEFAULT_DESCRIPTIONS = new Map([...DEFAULT_DIMENSIONS, EDMONDSON_DIMENSION].map((d) => [d.key, d.description]));

/**
 * The organisation's items by dimension (Edmondson's only when switched on), retired ones included, with
 * texts and dimension names in `locale` (ADR 055).
 */
export async function getItemBank(app: AppContext, user: SessionUser, locale: Locale = SOURCE_LOCALE): Promise<ItemBank> {
  await ensureItemBank(app.db, user.organisationId);
  const [org, dimensions, items, translations] = await Promise.all([
    findOrganisationById(app.db, user.organisationId),
    listDimensions(app.db, user.organisationId),
    listItems(app.db, user.organisationId),
    listItemTranslations(app.db, user.organisationId),
  ]);
  const edmondsonEnabled = org?.edmondsonEnabled ?? false;
  const own = new Map(translations.map((t) => [t.code, t.translations]));
  const shown = (item: ItemRow): BankItem => {
    const stored = { code: item.code, text: item.text, source: item.source as StoredItem["source"], translations: own.get(item.code) ?? {} };
    const inLanguage = itemInLanguage(stored, locale, org?.defaultLanguage ?? null, itemBank);
    return {
      ...item,
      shownText: inLanguage.text,
      shownLang: inLanguage.lang,
      fallback: inLanguage.fallback,
      translations: stored.translations,
      translatable: TRANSLATABLE_SOURCES.has(item.source),
      candorTranslation: item.source === "edmondson" && inLanguage.lang !== SOURCE_LOCALE && !stored.translations[inLanguage.lang],
    };
  };
  return {
    dimensions: dimensions
      .filter((d) => d.source !== "edmondson" || edmondsonEnabled)
      .map((d) => ({
        ...d,
        shownName: dimensionInLanguage(d.key, d.name, locale, itemBank) ?? d.name,
        defaultDescription: DEFAULT_DESCRIPTIONS.get(d.key) === d.description,
        items: items.filter((i) => i.dimensionKey === d.key).map(shown),
      })),
    otherItems: items.filter((i) => i.dimensionKey === null).map(shown),
    edmondsonEnabled,
    edmondsonCitation: EDMONDSON_CITATION,
  };
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "")
    .slice(0, 40);

/**
 * Adds a custom 7-point item to an existing dimension, or to a new one named by `newDimensionName`.
 * Its code is generated (C1, C2, …) unless given.
 */
export async function addCustomItem(
  app: AppContext,
  user: SessionUser,
  input: { text: string; dimensionKey: string | null; newDimensionName: string | null; reverseKeyed: boolean; managerText?: string | null },
): Promise<{ code: string }> {
  await ensureItemBank(app.db, user.organisationId);
  return app.db.transaction().execute(async (trx) => {
    let dimensionKey = input.dimensionKey;
    if (input.newDimensionName) {
      dimensionKey = `custom_${slug(input.newDimensionName)}`;
      if (dimensionKey === "custom_") throw new InputError(said("items.error.dimensionName"), { newDimensionName: said("items.error.lettersOrDigits") });
      const existing = (await listDimensions(trx, user.organisationId)).find((d) => d.key === dimensionKey || d.name.toLowerCase() === input.newDimensionName!.toLowerCase());
      if (existing) throw new InputError(said("items.error.dimensionExists", { name: existing.name }), { newDimensionName: said("items.error.alreadyExists") });
      await insertMissingDimensions(trx, user.organisationId, [
        { key: dimensionKey, name: input.newDimensionName.trim(), description: "", higherIsBetter: true, source: "custom", position: 20 },
      ]);
    } else if (!dimensionKey || !(await listDimensions(trx, user.organisationId)).some((d) => d.key === dimensionKey)) {
      throw new InputError(said("items.error.pickDimension"), { dimensionKey: said("items.error.pickDimensionShort") });
    }
    const items = await listItems(trx, user.organisationId);
    const used = new Set(items.map((i) => i.code));
    let n = items.filter((i) => i.source === "custom").length + 1;
    while (used.has(`C${n}`)) n++;
    const code = `C${n}`;
    if (items.some((i) => i.text.trim().toLowerCase() === input.text.trim().toLowerCase())) {
      throw new InputError(said("items.error.sameText"), { text: said("items.error.inBank") });
    }
    await insertMissingItems(trx, user.organisationId, [
      {
        code,
        dimensionKey,
        text: input.text.trim(),
        reverseKeyed: input.reverseKeyed,
        scale: "agree7" satisfies Scale,
        source: "custom",
        position: 200 + n,
        managerText: input.managerText?.trim() || null,
      },
    ]);
    await recordAuditByUser(trx, app, user, {
      action: "item.create",
      target: { type: "item", id: code },
      after: { code, text: input.text.trim(), dimensionKey, newDimension: input.newDimensionName?.trim() || null, reverseKeyed: input.reverseKeyed },
    });
    return { code };
  });
}

/** Retires an item (or brings it back): retired items are kept for history but offered to no new wave. */
export async function setItemRetirement(app: AppContext, user: SessionUser, code: string, retired: boolean): Promise<void> {
  const item = await findItemByCode(app.db, user.organisationId, code);
  if (!item) throw new InputError(said("items.error.noItem", { code }));
  await app.db.transaction().execute(async (trx) => {
    await setItemRetired(trx, user.organisationId, item.id, retired ? app.now() : null);
    await recordAuditByUser(trx, app, user, {
      action: retired ? "item.retire" : "item.restore",
      target: { type: "item", id: item.code },
      after: { code: item.code, text: item.text },
    });
  });
}

/** Switches Edmondson's original seven items on or off for the organisation's new programs. */
export async function setEdmondsonEnabled(app: AppContext, user: SessionUser, enabled: boolean): Promise<void> {
  await ensureItemBank(app.db, user.organisationId);
  await app.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("organisation").select("edmondsonEnabled").where("id", "=", user.organisationId).executeTakeFirstOrThrow();
    await trx.updateTable("organisation").set({ edmondsonEnabled: enabled }).where("id", "=", user.organisationId).execute();
    if (before.edmondsonEnabled === enabled) return;
    await recordAuditByUser(trx, app, user, {
      action: "organisation.edmondson-change",
      target: { type: "organisation", id: user.organisationId },
      before: { edmondsonEnabled: before.edmondsonEnabled },
      after: { edmondsonEnabled: enabled },
    });
  });
}
