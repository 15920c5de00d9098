import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/auth/guards.server";
import { blankSessionCookie } from "~/auth/session.server";
import { signOut } from "~/services/sign-in.server";

export async function loader() {
  // Signing out changes state, so it is a POST (from the header's button); a visit just goes home.
  throw redirect("/");
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await getOptionalUser(context, request);
  if (user) await signOut(context.app, user);
  throw redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(context.app) } });
}
