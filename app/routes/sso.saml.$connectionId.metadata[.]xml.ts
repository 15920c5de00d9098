import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSamlMetadata } from "~/services/saml.server";

// Candor's SAML service-provider metadata for one connection (ADR 043), at a stable address that is also
// Candor's entity id: the admin gives it (or its values) to the identity provider. Public, like any SP's.
export async function loader({ context, params }: LoaderFunctionArgs) {
  const xml = await getSamlMetadata(context.app, params.connectionId ?? "");
  if (!xml) return new Response("There is no such SAML connection.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(xml, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
