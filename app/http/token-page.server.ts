import { data, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import type { SessionUser } from "~/auth/session.server";
import { requireUserWithRole } from "~/auth/guards.server";
import { formText } from "~/utils/form-fields";
import { attempt } from "./errors.server";
import { parseForm, readForm } from "./forms.server";

// The admin pages that make and revoke bearer tokens (the reporting API's and SCIM's): one form, one action,
// one list; each page brings its own service and words (app/components/access-tokens.tsx).

/** A token row as the page shows it: the days it was made and revoked, the minute it was last used (UTC). */
export function tokensForPage<T extends { createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }>(tokens: T[]) {
  return tokens.map((t) => ({
    ...t,
    createdAt: t.createdAt.toISOString().slice(0, 10),
    lastUsedAt: t.lastUsedAt?.toISOString().slice(0, 16).replace("T", " ") ?? null,
    revokedAt: t.revokedAt?.toISOString().slice(0, 10) ?? null,
  }));
}

const TokenActionSchema = z.object({ intent: z.enum(["create", "revoke"]).default("create"), id: formText, name: formText, submissionKey: formText });

export interface TokenService {
  /** Makes a token; `token` is null when the same submission key made one already (the form sent twice). */
  create(user: SessionUser, name: string, submissionKey: string | undefined): Promise<{ id: string; token: string | null }>;
  revoke(user: SessionUser, id: string): Promise<void>;
}

/** The token page's action, for admins: create (once per submission key) or revoke; refusals as field errors. */
export async function tokenPageAction({ context, request }: ActionFunctionArgs, service: TokenService) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(TokenActionSchema, await readForm(request));
  if (!parsed.success) return data({ created: null, revoked: false, name: "", formError: parsed.errors.formError, fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(async () => {
    if (input.intent === "revoke") {
      await service.revoke(user, input.id);
      return { created: null, revoked: true, name: "" };
    }
    return { created: await service.create(user, input.name, input.submissionKey || undefined), revoked: false, name: input.name.trim() };
  });
  if (!result.ok) return data({ created: null, revoked: false, name: input.name, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return { ...result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}
