import type { AppLoadContext } from "@remix-run/node";
import { getOptionalUser } from "~/auth/guards.server";
import { readSessionToken, sessionCookie } from "~/auth/session.server";
import type { Role } from "~/domain/roles";

export interface ShellData {
  user: { name: string; role: Role; organisationName: string } | null;
  /** Set-Cookie to send when this request slid the session's expiry forward. */
  setCookie: string | null;
}

/** What every page's frame shows about the signed-in person. */
export async function getShellData(context: AppLoadContext, request: Request): Promise<ShellData> {
  const user = await getOptionalUser(context, request);
  if (!user) return { user: null, setCookie: null };
  return {
    user: { name: user.name, role: user.role, organisationName: user.organisationName },
    setCookie: user.renewed ? sessionCookie(context.app, readSessionToken(request) ?? "", user.expiresAt) : null,
  };
}
