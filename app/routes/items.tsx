import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { addCustomItem, getItemBank, setEdmondsonEnabled, setItemRetirement } from "~/services/instrument.server";
import { saveItemTranslations, uploadItemTranslations } from "~/services/item-translations.server";
import { getLanguageCounts } from "~/services/language-counts.server";
import { requestLocale, requestTranslator } from "~/services/locale.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { readUploadedCsv } from "~/utils/upload.server";
import { ITEM_TEXT_MAX, TRANSLATION_COLUMNS, type TranslationProblem } from "~/domain/item-translations";
import { LOCALE_NAMES, LOCALES, type Locale } from "~/domain/locales";
import { formatsFor } from "~/domain/format";
import { Said, useI18n, useRich } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";
import type { MessageKey } from "~/i18n/translate";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "items.title", "Item bank");

/** A translation file is small: every item of a large bank in every language fits well under this. */
const TRANSLATION_FILE_BYTES = 200_000;

const emptyToNull = z.literal("").transform(() => null);
const ItemActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    text: z
      .string()
      .trim()
      .min(8, said("items.error.textShort"))
      .max(300, said("items.error.textLong", { max: 300 })),
    dimensionKey: z.string().min(1).or(emptyToNull),
    newDimensionName: z
      .string()
      .trim()
      .max(80, said("items.error.textLong", { max: 80 }))
      .min(1)
      .or(emptyToNull),
    reverseKeyed: z
      .literal("on")
      .optional()
      .transform((v) => v === "on"),
  }),
  z.object({ intent: z.literal("retire"), code: z.string().min(1) }),
  z.object({ intent: z.literal("restore"), code: z.string().min(1) }),
  z.object({ intent: z.literal("edmondson"), enabled: z.enum(["on", "off"]) }),
  z.object({ intent: z.literal("translate"), code: z.string().min(1).max(64) }),
]);

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const locale = await requestLocale(context, request);
  const [bank, languageCounts] = await Promise.all([getItemBank(context.app, user, locale), getLanguageCounts(context.app, user)]);
  return { ...bank, languageCounts };
}

type ActionResult = {
  done: string | null;
  formError: string | undefined;
  fieldErrors: Record<string, string>;
  /** The item whose translations were saved or refused (its form shows the field errors). */
  translated?: string;
  problems?: TranslationProblem[];
};

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const app = context.app;
  // Confirmations in the page's language (refusals stay said messages: the form components translate them).
  const { t } = await requestTranslator(context, request);
  if ((request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    const upload = await readUploadedCsv(request, { maxBytes: TRANSLATION_FILE_BYTES, field: "file" });
    if (!upload.ok) {
      const formError = upload.status === 413 ? said("items.upload.tooLarge", { size: TRANSLATION_FILE_BYTES / 1000 }) : said("items.upload.choose");
      return data<ActionResult>({ done: null, formError, fieldErrors: {} }, { status: upload.status });
    }
    const outcome = await uploadItemTranslations(app, user, upload.text);
    if (!outcome.ok) {
      return data<ActionResult>(
        { done: null, formError: said("items.upload.refused", { count: outcome.problems.length }), fieldErrors: {}, problems: outcome.problems },
        { status: 400 },
      );
    }
    return data<ActionResult>({ done: t("items.upload.done", { translations: outcome.translations, items: outcome.items }), formError: undefined, fieldErrors: {} });
  }
  const form = await readForm(request);
  const parsed = parseForm(ItemActionSchema, form);
  if (!parsed.success) return data({ ...parsed.errors, done: null }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "translate") {
    const result = await attempt(() => saveItemTranslations(app, user, input.code, Object.fromEntries(form)));
    if (!result.ok) return refused(result, { done: null, translated: input.code });
    const done = result.value.changed ? t("items.done.translated", { code: input.code }) : t("items.done.translationsUnchanged", { code: input.code });
    return data<ActionResult>({ done, formError: undefined, fieldErrors: {}, translated: input.code });
  }
  const result = await attempt(async () => {
    switch (input.intent) {
      case "add":
        return t("items.done.added", { code: (await addCustomItem(app, user, input)).code });
      case "retire":
        await setItemRetirement(app, user, input.code, true);
        return t("items.done.retired", { code: input.code });
      case "restore":
        await setItemRetirement(app, user, input.code, false);
        return t("items.done.restored", { code: input.code });
      case "edmondson":
        await setEdmondsonEnabled(app, user, input.enabled === "on");
        return input.enabled === "on" ? t("items.done.edmondsonOn") : t("items.done.edmondsonOff");
    }
  });
  if (!result.ok) return refused(result);
  return { done: result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

type Bank = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = Bank["otherItems"][number];

const DESCRIPTION_KEYS: Record<string, MessageKey> = {
  psychological_safety: "items.description.psychological_safety",
  collaboration: "items.description.collaboration",
  intel_sharing: "items.description.intel_sharing",
  forecast_pressure: "items.description.forecast_pressure",
};

function ItemText({ item }: { item: Item }) {
  const { t, locale } = useI18n();
  return (
    <>
      <span lang={item.shownLang !== locale ? item.shownLang : undefined}>{item.shownText}</span>
      {item.candorTranslation ? <em className="muted"> {t("items.candorTranslation")}</em> : null}
    </>
  );
}

function TranslationEditor({ item, result }: { item: Item; result: ActionResult | undefined }) {
  const { t } = useI18n();
  const errors = result?.translated === item.code ? result.fieldErrors : {};
  return (
    <details className="translations" open={result?.translated === item.code && Object.keys(errors).length > 0}>
      <summary>
        {t("items.translations.summary")}
        <span className="visually-hidden"> {item.code}</span>
      </summary>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="translate" />
        <input type="hidden" name="code" value={item.code} />
        {LOCALES.map((lang) => (
          <Field key={lang} id={`tr-${item.code}-${lang}`} name={`t.${lang}`} label={LOCALE_NAMES[lang]} defaultValue={item.translations[lang] ?? ""} error={errors[`t.${lang}`]} />
        ))}
        <p className="muted">{t("items.translations.hint", { max: ITEM_TEXT_MAX })}</p>
        <button type="submit" className="button button--secondary">
          {t("items.translations.save")}
          <span className="visually-hidden"> {item.code}</span>
        </button>
      </Form>
    </details>
  );
}

function LanguageCounts({ waves }: { waves: Bank["languageCounts"] }) {
  const { t, locale } = useI18n();
  const formats = formatsFor(locale);
  const names = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames([locale], { type: "language" }) : null;
  const name = (tag: string) => (tag === "und" ? t("items.languages.notSaid") : (names?.of(tag) ?? LOCALE_NAMES[tag as Locale] ?? tag));
  return (
    <section className="card" aria-labelledby="languages">
      <h2 id="languages">{t("items.languages.title")}</h2>
      <p>{t("items.languages.intro")}</p>
      {waves.length === 0 ? <p className="muted">{t("items.languages.none")}</p> : null}
      {waves.map((wave) => (
        <table key={wave.waveId} className="table">
          <caption>{t("items.languages.caption", { program: wave.programName, closed: formats.date(wave.closedAt) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("items.languages.language")}</th>
              <th scope="col">{t("items.languages.answered")}</th>
            </tr>
          </thead>
          <tbody>
            {wave.languages.map((row) => (
              <tr key={row.language}>
                <th scope="row">{name(row.language)}</th>
                <td>
                  {row.state === "count"
                    ? formats.count(row.count)
                    : row.state === "fewer"
                      ? t("items.languages.fewer", { minimum: row.minimum })
                      : t("items.languages.atLeast", { minimum: row.minimum })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

export default function Items() {
  const bank = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useI18n();
  const rich = useRich();
  return (
    <div className="page">
      <h1>{t("items.title")}</h1>
      <p>{t("items.intro")}</p>
      <FormMessage error={result?.formError} success={result && "done" in result && result.done ? result.done : undefined} />
      {bank.dimensions.map((dimension) => (
        <section key={dimension.key} className="card" aria-labelledby={`dim-${dimension.key}`}>
          <h2 id={`dim-${dimension.key}`}>{dimension.shownName}</h2>
          <p className="muted">
            {dimension.defaultDescription && DESCRIPTION_KEYS[dimension.key]
              ? t(DESCRIPTION_KEYS[dimension.key]!)
              : dimension.defaultDescription && dimension.source === "edmondson"
                ? t("items.description.edmondson", { citation: bank.edmondsonCitation })
                : dimension.description}
          </p>
          <ul className="item-list">
            {dimension.items.map((item) => (
              <li key={item.code} className={item.retiredAt ? "retired" : undefined}>
                <span className="badge">{item.code}</span> <ItemText item={item} />{" "}
                {item.reverseKeyed ? (
                  <span className="badge" title={t("items.reverseKeyed")}>
                    R
                  </span>
                ) : null}{" "}
                {item.retiredAt ? <em className="muted">{t("items.retired")}</em> : null}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value={item.retiredAt ? "restore" : "retire"} />
                  <input type="hidden" name="code" value={item.code} />
                  <button type="submit" className="link-button">
                    {item.retiredAt ? t("items.restore") : t("items.retire")}
                    <span className="visually-hidden"> {item.code}</span>
                  </button>
                </Form>
                {item.translatable ? <TranslationEditor item={item} result={result} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section className="card" aria-labelledby="other-items">
        <h2 id="other-items">{t("items.other")}</h2>
        <ul className="item-list">
          {bank.otherItems.map((item) => (
            <li key={item.code}>
              <span className="badge">{item.code}</span> <ItemText item={item} />{" "}
              <span className="muted">{item.scale === "nps11" ? t("items.scale.nps") : t("items.scale.text", { max: 2000 })}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="add-item">
        <h2 id="add-item">{t("items.add.title")}</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="add" />
          <Field name="text" label={t("items.add.text")} error={result?.translated ? undefined : result?.fieldErrors?.text} />
          <SelectField
            name="dimensionKey"
            label={t("items.add.dimension")}
            options={[{ value: "", label: t("items.add.newDimensionOption") }, ...bank.dimensions.map((d) => ({ value: d.key, label: d.shownName }))]}
            error={result?.fieldErrors?.dimensionKey}
          />
          <Field name="newDimensionName" label={t("items.add.newDimension")} hint={t("items.add.newDimensionHint")} error={result?.fieldErrors?.newDimensionName} />
          <div className="checkbox">
            <input id="reverse" name="reverseKeyed" type="checkbox" />
            <label htmlFor="reverse">{t("items.add.reverse")}</label>
          </div>
          <button type="submit" className="button">
            {t("items.add.submit")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="upload-translations">
        <h2 id="upload-translations">{t("items.upload.title")}</h2>
        <p>{rich("items.upload.intro", { columns: TRANSLATION_COLUMNS.join(","), languages: LOCALES.join(", ") })}</p>
        {result?.problems && result.problems.length > 0 ? (
          <table className="table">
            <caption>{t("items.upload.problems")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("items.upload.line")}</th>
                <th scope="col">{t("items.upload.key")}</th>
                <th scope="col">{t("items.upload.problem")}</th>
              </tr>
            </thead>
            <tbody>
              {result.problems.map((p, i) => (
                <tr key={i}>
                  <td>{p.line ?? "–"}</td>
                  <td>
                    <code>{p.key}</code>
                  </td>
                  <td>
                    <Said text={p.message} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="stack">
          <div className="field">
            <label htmlFor="translations-file">{t("items.upload.file")}</label>
            <input id="translations-file" name="file" type="file" accept=".csv,text/csv" required />
          </div>
          <button type="submit" className="button button--secondary">
            {t("items.upload.submit")}
          </button>
        </Form>
      </section>
      <LanguageCounts waves={bank.languageCounts} />
      <section className="card" aria-labelledby="edmondson">
        <h2 id="edmondson">{t("items.edmondson.title")}</h2>
        <p>{t("items.edmondson.intro")}</p>
        <p className="muted">{bank.edmondsonCitation}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="edmondson" />
          <input type="hidden" name="enabled" value={bank.edmondsonEnabled ? "off" : "on"} />
          <button type="submit" className="button button--secondary">
            {bank.edmondsonEnabled ? t("items.edmondson.off") : t("items.edmondson.on")}
          </button>
        </Form>
      </section>
    </div>
  );
}
