import type { AppLoadContext } from "@remix-run/node";
import type { AppContext } from "~/context.server";
import { getOptionalUser, type SessionUser } from "~/auth/guards.server";
import { LOCALE_NAMES, LOCALES, negotiateLocale, textDirection, toLocale, type Locale } from "~/domain/locales";
import { InputError } from "~/domain/errors";
import { pageMessagesFor, translatorFor } from "~/i18n/catalogues.server";
import type { PageLanguage } from "~/i18n/react";
import { cookieFromHeader, serializeCookie } from "~/utils/cookies";
import { findPersonLanguage, setPersonLanguage } from "#db/queries/people";
import { resolveWaveLink } from "./answering.server";

/**
 * The one place a request's language is decided (ADR 055): the person's own setting (signed in, or the
 * rep behind a personal pulse link), else the switcher's choice on this browser, else Accept-Language,
 * else the organisation's default, else English.
 */

/** The switcher's choice on a browser (a signed-in person's choice is also saved as their setting). */
export const LANGUAGE_COOKIE = "candor_lang";
const YEAR_MS = 365 * 86_400_000;

const PULSE_LINK = /^\/pulse\/([^/]+)$/;

interface Known {
  person: string | null;
  organisation: string | null;
  /** The rep behind a personal link, not signed in: this browser's own choice comes before their setting. */
  byLink: boolean;
}

// Root, route and action loaders of one request ask alike: decide once.
const perRequest = new WeakMap<Request, Promise<Locale>>();

async function knownPerson(context: AppLoadContext, request: Request): Promise<Known> {
  const user = await getOptionalUser(context, request);
  if (user) return { person: user.language, organisation: user.defaultLanguage, byLink: false };
  const link = PULSE_LINK.exec(new URL(request.url).pathname);
  if (link) {
    const answerer = await resolveWaveLink(context.app, decodeURIComponent(link[1]!));
    const found = answerer ? await findPersonLanguage(context.app.db, answerer.personId) : undefined;
    if (found) return { person: found.language, organisation: found.defaultLanguage, byLink: true };
  }
  return { person: null, organisation: null, byLink: false };
}

/** The language of this request's page. */
export function requestLocale(context: AppLoadContext, request: Request): Promise<Locale> {
  let pending = perRequest.get(request);
  if (!pending) {
    pending = knownPerson(context, request).then((known) => {
      const browserChoice = cookieFromHeader(request.headers.get("cookie"), LANGUAGE_COOKIE);
      return negotiateLocale({
        person: known.byLink ? (toLocale(browserChoice) ?? known.person) : known.person,
        browserChoice,
        acceptLanguage: request.headers.get("accept-language"),
        organisation: known.organisation,
      });
    });
    perRequest.set(request, pending);
  }
  return pending;
}

/** What the root loader sends the browser: the page's language, its direction, and only its messages. */
export async function pageLanguage(context: AppLoadContext, request: Request): Promise<PageLanguage & { choices: Array<{ value: string; label: string }> }> {
  const [locale, user] = await Promise.all([requestLocale(context, request), getOptionalUser(context, request)]);
  // A rep's or a visitor's browser gets the rep pages' messages only; staff get every page's, and so does the
  // design-system page, which anyone may open (it shows every component).
  const scope = (user && user.role !== "rep") || new URL(request.url).pathname === "/design" ? "staff" : "rep";
  return { locale, dir: textDirection(locale), messages: pageMessagesFor(locale, scope), choices: LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })) };
}

/** The translator for this request's language (refusals and messages made on the server). */
export async function requestTranslator(context: AppLoadContext, request: Request) {
  return translatorFor(await requestLocale(context, request));
}

/** A language code from a form, a setting or an import: one Candor has, or an InputError saying which are. */
export function parseLanguage(value: unknown, locale: Locale = "en"): Locale {
  const tag = typeof value === "string" ? value : "";
  const found = toLocale(tag);
  if (found) return found;
  const message = translatorFor(locale).t("language.unknown", { tag: tag.length > 20 ? `${tag.slice(0, 20)}…` : tag, list: LOCALES.join(", ") });
  throw new InputError(message, { language: message });
}

/**
 * The switcher: remembers the choice on this browser (a cookie for a year) and, for someone signed in,
 * saves it as their own language. Returns the Set-Cookie value.
 */
export async function chooseLanguage(app: AppContext, user: SessionUser | null, language: Locale): Promise<string> {
  if (user) await setPersonLanguage(app.db, user.personId, language);
  const now = app.now();
  return serializeCookie(LANGUAGE_COOKIE, language, { expires: new Date(now.getTime() + YEAR_MS), now, secure: !app.config.development });
}

/**
 * The account page's setting: a language Candor has, or "" to follow the browser and the organisation. An
 * unknown code is refused (InputError, in the page's language) and nothing changes.
 */
export async function saveMyLanguage(app: AppContext, user: SessionUser, value: unknown, pageLocale: Locale): Promise<Locale | null> {
  const language = value === "" ? null : parseLanguage(value, pageLocale);
  await setPersonLanguage(app.db, user.personId, language);
  return language;
}

/** What the account page shows of the setting: the person's own choice ("" for none) and the choices. */
export function myLanguage(user: SessionUser) {
  return {
    chosen: toLocale(user.language) ?? "",
    organisation: LOCALE_NAMES[toLocale(user.defaultLanguage) ?? "en"],
    choices: LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })),
  };
}
