import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import type { AppContext } from "../../app/context.server";
import { createHttpApp } from "../../server/app";

/**
 * The HTTP layer on a free local port: alone, for the endpoints answered before Remix (ballots and
 * conversations, ADR 045 and 054), or with a Remix build (e.g. tests/support/page-server.ts's
 * `sourceBuild`) for whole pages as a browser asks for them. Sets the app's public origin to it, so that
 * the same-origin check knows it.
 */
export async function startHttpLayer(app: AppContext, options: { build?: ServerBuild } = {}): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer(createHttpApp({ app, build: options.build ?? (() => Promise.reject(new Error("no Remix in this test"))) }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.config.appUrl = base;
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
