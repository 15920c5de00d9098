import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { exportPersonalData } from "~/services/personal-data.server";

// The signed-in person's own data as a JSON download (Your account → Download my data). Only ever the
// person's own: the route takes no id. A GET that changes nothing, so it needs no CSRF check.
export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const data = await exportPersonalData(context.app, user);
  const day = data.generatedAt.slice(0, 10);
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="candor-my-data-${data.organisation.slug}-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
