import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { messagesFor } from "../../app/i18n/catalogues.server";
import { I18nProvider } from "../../app/i18n/react";
import { textDirection, type Locale } from "../../app/domain/locales";

/**
 * A route's component rendered to HTML with its loader's data, in a language (issue 26): what the page shows,
 * for tests of its words, without a browser.
 */
export async function renderPage(component: () => ReactNode, data: unknown, path: string, locale: Locale): Promise<string> {
  const routes = [{ id: "page", path: "*", loader: () => data as Record<string, unknown>, element: createElement(component) }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://candor.test${path}`));
  if (context instanceof Response) throw new Error(`the page redirected to ${context.headers.get("location")}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const page = createElement(StaticRouterProvider, { router, context });
  return renderToStaticMarkup(createElement(I18nProvider, { language: { locale, dir: textDirection(locale), messages: messagesFor(locale) }, children: page }));
}
