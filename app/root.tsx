import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { AppShell } from "~/components/app-shell";
import { useNonce } from "~/components/nonce";
import { getShellData } from "~/services/shell.server";
import stylesHref from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Candor" }, { name: "description", content: "Culture and coaching for sales teams, built on anonymous pulse surveys." }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const shell = await getShellData(context, request);
  return data({ user: shell.user }, shell.setCookie ? { headers: { "Set-Cookie": shell.setCookie } } : undefined);
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
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
  const { user } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  let title = "Something went wrong";
  let message = "Candor hit an unexpected problem. Nothing you sent was lost: try again in a moment.";
  if (notFound) {
    title = "Page not found";
    message = "There is no page at this address. It may have moved, or the link may be incomplete.";
  } else if (isRouteErrorResponse(error)) {
    title = error.status === 403 ? "Not allowed" : error.status === 503 ? "Temporarily unavailable" : title;
    message = typeof error.data === "string" && error.data ? error.data : message;
  }
  const root = useRouteLoaderData<typeof loader>("root");
  return (
    <AppShell user={root?.user ?? null}>
      <div className="page page--narrow">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <Link to="/">Go to the start page</Link>
        </p>
      </div>
    </AppShell>
  );
}
