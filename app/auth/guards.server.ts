import { said } from "~/i18n/said";
import { redirect, type AppLoadContext } from "@remix-run/node";
import type { AppContext } from "~/context.server";
import { descendantIds } from "~/domain/team-tree";
import { seesWholeOrganisation, type Role } from "~/domain/roles";
import { ForbiddenError, NotFoundError } from "~/domain/errors";
import { findTeam, listTeamNodes } from "#db/queries/teams";
import { readSessionToken, validateSessionToken, type SessionUser } from "./session.server";

export type { SessionUser };

// Several loaders of one request (root, layout, leaf) ask for the user: validate the session once.
const perRequest = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in person, or null. */
export function getOptionalUser(context: AppLoadContext, request: Request): Promise<SessionUser | null> {
  let pending = perRequest.get(request);
  if (!pending) {
    const token = readSessionToken(request);
    pending = token ? validateSessionToken(context.app, token) : Promise.resolve(null);
    perRequest.set(request, pending);
  }
  return pending;
}

/** The signed-in person; anyone else is sent to the sign-in page and brought back afterwards. */
export async function requireUser(context: AppLoadContext, request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(context, request);
  if (user) return user;
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(back && back !== "/" ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login");
}

/** Throws ForbiddenError (a 403 at the route edge) unless the person has one of the roles. */
export function requireRole(user: SessionUser, ...roles: Role[]): SessionUser {
  if (!roles.includes(user.role)) throw new ForbiddenError();
  return user;
}

/** A signed-in person with one of the roles (401 → sign-in redirect, 403 for the wrong role). */
export async function requireUserWithRole(context: AppLoadContext, request: Request, ...roles: Role[]): Promise<SessionUser> {
  return requireRole(await requireUser(context, request), ...roles);
}

/**
 * The teams a person may see results for: enablement and admins every team of their organisation;
 * a manager the teams they manage and everything below them; a rep none (reps see their own team's
 * published results through the rep views, not team pages).
 */
export async function accessibleTeamIds(app: AppContext, user: SessionUser): Promise<Set<string>> {
  const nodes = await listTeamNodes(app.db, user.organisationId);
  if (seesWholeOrganisation(user.role)) return new Set(nodes.map((n) => n.id));
  if (user.role !== "manager") return new Set();
  const managed = nodes.filter((n) => n.managerId === user.personId).map((n) => n.id);
  return descendantIds(nodes, managed);
}

/**
 * Throws unless the person may reach the team: NotFoundError for a team that does not exist in their
 * organisation (another organisation's team looks exactly like a missing one), ForbiddenError otherwise.
 */
export async function requireTeamAccess(app: AppContext, user: SessionUser, teamId: string): Promise<{ id: string; name: string }> {
  const team = /^[0-9a-f-]{36}$/i.test(teamId) ? await findTeam(app.db, user.organisationId, teamId) : undefined;
  if (!team) throw new NotFoundError("There is no such team.");
  const allowed = await accessibleTeamIds(app, user);
  if (!allowed.has(team.id)) throw new ForbiddenError(said("staffOnly.teams"));
  return { id: team.id, name: team.name };
}
