import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleScimRequest } from "~/http/scim.server";

// SCIM 2.0 provisioning for identity providers (README: "Provisioning with SCIM", ADR 044). A SCIM bearer
// token, never a session; SCIM JSON in and out.
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return handleScimRequest(context, request, params["*"]);
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  return handleScimRequest(context, request, params["*"]);
}
