import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { NotFoundError } from "~/domain/errors";
import { ROLES } from "~/domain/roles";
import { ROLE_KEYS } from "~/components/app-shell";
import { changeRole, changeTeam, deactivatePerson, getPersonDetail, reactivatePerson, resendInvitation } from "~/services/people.server";
import { getTeamTree } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { teamOptions } from "~/utils/team-options";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";
import type { MessageKey } from "~/i18n/translate";
import { formatsFor } from "~/domain/format";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? [{ title: `${data.person.name} · Candor` }] : titleFrom(matches, "adminPeople.person", "Person"));

const PersonActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), role: z.enum(ROLES, { error: said("adminPeople.pickRole") }) }),
  z.object({
    intent: z.literal("team"),
    teamId: z
      .string()
      .uuid()
      .or(z.literal("").transform(() => null)),
  }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
  z.object({ intent: z.literal("resend") }),
]);

const DONE: Record<z.infer<typeof PersonActionSchema>["intent"], MessageKey> = {
  role: "adminPeople.doneRole",
  team: "adminPeople.doneTeam",
  deactivate: "adminPeople.doneDeactivate",
  reactivate: "adminPeople.doneReactivate",
  resend: "adminPeople.doneResend",
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const detail = await getPersonDetail(context.app, user, params.personId ?? "");
  if (!detail) throw new NotFoundError(said("adminPeople.notFound"));
  const teams = await getTeamTree(context.app, user);
  return { ...detail, teams: teamOptions(teams), isSelf: detail.person.id === user.personId };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const personId = params.personId ?? "";
  if (!(await getPersonDetail(context.app, user, personId))) throw new NotFoundError(said("adminPeople.notFound"));
  const parsed = parseForm(PersonActionSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, done: null }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(async () => {
    switch (input.intent) {
      case "role":
        return changeRole(context.app, user, personId, input.role);
      case "team":
        return changeTeam(context.app, user, personId, input.teamId);
      case "deactivate":
        return deactivatePerson(context.app, user, personId);
      case "reactivate":
        return reactivatePerson(context.app, user, personId);
      case "resend":
        return resendInvitation(context.app, user, personId);
    }
  });
  if (!result.ok) return refused(result);
  return { done: said(DONE[input.intent]), formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function PersonPage() {
  const { person, memberships, teams, isSelf } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const date = formatsFor(locale).date;
  if (person.erased) {
    return (
      <div className="page page--narrow">
        <p>
          <Link to="/admin/people">← {t("adminPeople.title")}</Link>
        </p>
        <h1>{person.name}</h1>
        <p>{t("adminPeople.erasedIntro")}</p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/people">← {t("adminPeople.title")}</Link>
      </p>
      <h1>{person.name}</h1>
      <p className="muted">
        {person.email} · {!person.active ? t("adminPeople.deactivated") : person.hasPassword ? t("adminPeople.active") : t("adminPeople.invitedNoPassword")}
      </p>
      <FormMessage error={result?.formError} success={result && "done" in result && result.done ? result.done : undefined} />
      <section className="card" aria-labelledby="role-h">
        <h2 id="role-h">{t("adminPeople.role")}</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="role" />
          <SelectField
            name="role"
            label={t("adminPeople.role")}
            defaultValue={person.role}
            options={ROLES.map((r) => ({ value: r, label: t(ROLE_KEYS[r]) }))}
            error={result?.fieldErrors?.role}
          />
          <button type="submit" className="button button--secondary">
            {t("adminPeople.saveRole")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="team-h">
        <h2 id="team-h">{t("adminPeople.team")}</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="team" />
          <SelectField
            name="teamId"
            label={t("adminPeople.team")}
            defaultValue={person.teamId ?? ""}
            options={[{ value: "", label: t("adminPeople.noTeamOption") }, ...teams]}
            error={result?.fieldErrors?.teamId}
          />
          <button type="submit" className="button button--secondary">
            {t("adminPeople.move")}
          </button>
        </Form>
        {memberships.length > 0 ? (
          <>
            <h3>{t("adminPeople.history")}</h3>
            <ul>
              {memberships.map((m) => (
                <li key={`${m.teamId}-${m.validFrom}`}>
                  {m.validTo
                    ? t("adminPeople.membershipUntil", { team: m.teamName, from: date(m.validFrom), to: date(m.validTo) })
                    : t("adminPeople.membershipCurrent", { team: m.teamName, from: date(m.validFrom) })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {!isSelf ? (
        <section className="card" aria-labelledby="access-h">
          <h2 id="access-h">{t("adminPeople.access")}</h2>
          {person.active && !person.hasPassword ? (
            <Form method="post">
              <input type="hidden" name="intent" value="resend" />
              <button type="submit" className="button button--secondary">
                {t("adminPeople.resend")}
              </button>
            </Form>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value={person.active ? "deactivate" : "reactivate"} />
            <p>{person.active ? t("adminPeople.deactivateIntro") : t("adminPeople.reactivateIntro")}</p>
            <button type="submit" className={person.active ? "button button--danger" : "button"}>
              {person.active ? t("adminPeople.deactivate") : t("adminPeople.reactivate")}
            </button>
          </Form>
        </section>
      ) : null}
      {!isSelf ? (
        <section className="card" aria-labelledby="erase-h">
          <h2 id="erase-h">{t("adminPeople.erase")}</h2>
          <p>{t("adminPeople.eraseIntro")}</p>
          <p>
            <Link to={`/admin/people/${person.id}/erase`}>{t("adminPeople.eraseLink", { name: person.name })}</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
