import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import type { AppContext } from "../../app/context.server";
import { withServiceErrorResponses } from "../../app/http/errors.server";
import { loadContext, ORIGIN } from "./remix";

type RouteModule = NonNullable<ServerBuild["routes"][string]>["module"];
type Route = { id: string; path?: string; parentId?: string; index?: boolean; caseSensitive?: boolean };

export interface PageAnswer {
  status: number;
  location: string | null;
  headers: Headers;
  /** The whole document (or the answer's text). */
  body: string;
}

export type FetchPage = (
  pathAndQuery: string,
  options?: { cookie?: string; headers?: Record<string, string>; method?: string; form?: Record<string, string> },
) => Promise<PageAnswer>;

/**
 * Whole pages as a browser gets them, without a Remix build: the app's routes (app/routes, named by Remix's own
 * flat-routes rule), the root with its layout and loader, and app/entry.server.tsx, answered by Remix's request
 * handler with every route's service errors turned into statuses as the server does (server/app.ts). The
 * script and style addresses in the document are placeholders; nothing here serves them.
 */
export async function pageServer(app: AppContext): Promise<FetchPage> {
  const handle = createRequestHandler(withServiceErrorResponses(await sourceBuild()), "production");
  return async (pathAndQuery, options = {}) => {
    const headers = new Headers({ Origin: ORIGIN, Host: new URL(ORIGIN).host });
    if (options.cookie) headers.set("Cookie", options.cookie);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    const method = options.method ?? (options.form ? "POST" : "GET");
    let body: string | undefined;
    if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    }
    const response = await handle(new Request(`${ORIGIN}${pathAndQuery}`, { method, headers, body }), loadContext(app));
    return { status: response.status, location: response.headers.get("location"), headers: response.headers, body: await response.text() };
  };
}

/**
 * A Remix server build made from the sources (no `npm run build`): the app's routes (app/routes, named by
 * Remix's own flat-routes rule), the root and app/entry.server.tsx. The script and style addresses in its
 * documents are placeholders; nothing serves them. `pageServer` answers with it in-process; the HTTP layer
 * (tests/support/http-layer.ts) can serve it over a socket.
 */
export async function sourceBuild(): Promise<ServerBuild> {
  const appDirectory = path.resolve("app");
  const manifest = flatRoutes(appDirectory);
  const load = (file: string) => import(/* @vite-ignore */ path.join(appDirectory, file)) as Promise<RouteModule>;
  const [entry, root, ...modules] = await Promise.all([import("../../app/entry.server"), load("root.tsx"), ...Object.values(manifest).map((route) => load(route.file))]);
  const routes: ServerBuild["routes"] = {};
  const assets: ServerBuild["assets"] = { entry: { imports: [], module: "/assets/entry.client.js" }, routes: {}, url: "/assets/manifest.js", version: "test" };
  const entries: Array<Route & { module: RouteModule }> = [
    { id: "root", path: "", module: root },
    ...Object.values(manifest).map((route, i) => ({ ...route, module: modules[i]! })),
  ];
  for (const { id, path: routePath, parentId, index, caseSensitive, module } of entries) {
    routes[id] = { id, path: routePath, parentId, index, caseSensitive, module };
    assets.routes[id] = {
      id,
      path: routePath,
      parentId,
      index,
      caseSensitive,
      module: `/assets/${id}.js`,
      hasAction: Boolean(module.action),
      hasLoader: Boolean(module.loader),
      hasClientAction: Boolean(module.clientAction),
      hasClientLoader: Boolean(module.clientLoader),
      hasErrorBoundary: Boolean(module.ErrorBoundary),
    };
  }
  const build: ServerBuild = {
    mode: "production",
    entry: { module: entry },
    routes,
    assets,
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    // As vite.config.ts sets them.
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true },
    isSpaMode: false,
  };
  return build;
}
