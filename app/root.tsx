import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { AppShell } from "~/components/app-shell";
import { useNonce } from "~/components/nonce";
import { ENGLISH_FALLBACK } from "~/i18n/fallback";
import { I18nProvider, useI18n, type PageLanguage } from "~/i18n/react";
import type { Messages } from "~/i18n/translate";
import { getShellData } from "~/services/shell.server";
import { pageLanguage } from "~/services/locale.server";
import stylesHref from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Candor" },
  { name: "description", content: data?.language.messages["meta.description"] ?? "Culture and coaching for sales teams, built on anonymous pulse surveys." },
];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const [shell, language] = await Promise.all([getShellData(context, request), pageLanguage(context, request)]);
  return data({ user: shell.user, language }, shell.setCookie ? { headers: { "Set-Cookie": shell.setCookie } } : undefined);
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const root = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang={root?.language.locale ?? "en"} dir={root?.language.dir ?? "ltr"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, language } = useLoaderData<typeof loader>();
  return (
    <I18nProvider language={language}>
      <AppShell user={user} languages={language.choices}>
        <Outlet />
      </AppShell>
    </I18nProvider>
  );
}

function ErrorText({ error }: { error: unknown }) {
  const { t } = useI18n();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  let title = t("error.title");
  let message = t("error.message");
  if (notFound) {
    title = t("error.notFoundTitle");
    message = t("error.notFound");
  } else if (isRouteErrorResponse(error)) {
    title = error.status === 403 ? t("error.forbiddenTitle") : error.status === 503 ? t("error.unavailableTitle") : title;
    message = typeof error.data === "string" && error.data ? error.data : message;
  }
  return (
    <div className="page page--narrow">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t("error.home")}</Link>
      </p>
    </div>
  );
}

// When the root loader itself failed (the database away) there is no chosen language: English.
const FALLBACK: PageLanguage = { locale: "en", dir: "ltr", messages: ENGLISH_FALLBACK as Messages };

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<typeof loader>("root");
  return (
    <I18nProvider language={root?.language ?? FALLBACK}>
      <AppShell user={root?.user ?? null} languages={root?.language.choices ?? []}>
        <ErrorText error={error} />
      </AppShell>
    </I18nProvider>
  );
}
