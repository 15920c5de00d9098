import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUserWithRole } from "~/auth/guards.server";
import { handleCrmUpload, statusOfImport } from "~/http/crm-upload.server";

// The upload endpoint the CRM page's script posts to (it shows the progress); answers JSON.
export function loader() {
  return Response.json({ error: "POST a multipart form with the CRM export in the field 'file'." }, { status: 405 });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const result = await handleCrmUpload(context, request, user);
  return Response.json(result, { status: statusOfImport(result) });
}
