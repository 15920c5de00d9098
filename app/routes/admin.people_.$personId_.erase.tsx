import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CountedList, type CountedLine } from "~/components/counted-list";
import { Field, FormMessage } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { formatsFor } from "~/domain/format";
import { ROLE_KEYS } from "~/components/app-shell";
import { erasePerson, previewErasure, type ErasureCounts, type ErasureKept } from "~/services/erasure.server";
import { attempt, refused } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import type { ReactNode } from "react";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";
import type { MessageKey } from "~/i18n/translate";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? titleFrom(matches, "adminPeople.erase.heading", "Erase {name}").map(({ title }) => ({ title: title.replace("{name}", () => data.person.name) }))
    : titleFrom(matches, "adminPeople.erase.title", "Erase a person");

const EraseSchema = z.object({ confirmation: z.string({ error: said("adminPeople.erase.typeEmail") }).max(320, said("adminPeople.erase.notTheirEmail")) });

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const preview = await previewErasure(context.app, user, params.personId ?? "");
  return { ...preview, erasedOn: preview.erasedAt ? preview.erasedAt.toISOString().slice(0, 10) : null };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const personId = params.personId ?? "";
  // Not found (another organisation's person) and forbidden come before the form is read.
  await previewErasure(context.app, user, personId);
  const parsed = parseForm(EraseSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, removed: null }, { status: 400 });
  const result = await attempt(() => erasePerson(context.app, user, personId, parsed.data));
  if (!result.ok) return refused(result);
  return { removed: result.value.removed, formError: undefined, fieldErrors: {} as Record<string, string> };
}

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

function counted(t: T) {
  return (count: number, noun: MessageKey, detail: MessageKey): CountedLine => ({ counted: t(noun, { count }), detail: t(detail) });
}

/** What erasure removes, line by line, in the order the page explains them. */
function removedLines(c: ErasureCounts, t: T): CountedLine[] {
  const line = counted(t);
  return [
    line(c.sessions, "adminPeople.erase.sessions", "adminPeople.erase.sessionsDetail"),
    line(c.ssoAccounts, "adminPeople.erase.ssoAccounts", "adminPeople.erase.ssoAccountsDetail"),
    line(c.accountLinks, "adminPeople.erase.accountLinks", "adminPeople.erase.accountLinksDetail"),
    line(c.apiTokens, "adminPeople.erase.apiTokens", "adminPeople.erase.apiTokensDetail"),
    line(c.pulseLinks, "adminPeople.erase.pulseLinks", "adminPeople.erase.pulseLinksDetail"),
    line(c.participations, "adminPeople.erase.participations", "adminPeople.erase.participationsDetail"),
    line(c.openBallotRecords, "adminPeople.erase.openBallotRecords", "adminPeople.erase.openBallotRecordsDetail"),
    line(c.crmDeals, "adminPeople.erase.crmDeals", "adminPeople.erase.crmDealsDetail"),
    line(c.crmOwnerMappings, "adminPeople.erase.crmOwnerMappings", "adminPeople.erase.crmOwnerMappingsDetail"),
    line(c.actionPlanOwners, "adminPeople.erase.actionPlanOwners", "adminPeople.erase.actionPlanOwnersDetail"),
    line(c.signInFailures, "adminPeople.erase.signInFailures", "adminPeople.erase.signInFailuresDetail"),
    line(c.formSubmissions, "adminPeople.erase.formSubmissions", "adminPeople.erase.formSubmissionsDetail"),
    line(c.emailRecords, "adminPeople.erase.emailRecords", "adminPeople.erase.emailRecordsDetail"),
    line(c.chatSettings, "adminPeople.erase.chatSettings", "adminPeople.erase.chatSettingsDetail"),
    line(c.auditDetails, "adminPeople.erase.auditDetails", "adminPeople.erase.auditDetailsDetail"),
  ];
}

function keptLines(k: ErasureKept, t: T): CountedLine[] {
  const line = counted(t);
  return [
    line(k.memberships, "adminPeople.erase.memberships", "adminPeople.erase.membershipsDetail"),
    line(k.teamsManaged, "adminPeople.erase.teamsManaged", "adminPeople.erase.teamsManagedDetail"),
    line(k.selfAssessments, "adminPeople.erase.selfAssessments", "adminPeople.erase.selfAssessmentsDetail"),
    line(k.actionPlansWritten, "adminPeople.erase.actionPlansWritten", "adminPeople.erase.actionPlansWrittenDetail"),
    line(k.trainings, "adminPeople.erase.trainings", "adminPeople.erase.trainingsDetail"),
  ];
}

export default function ErasePerson() {
  const preview = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { person } = preview;
  const { t, rich, locale } = useI18n();
  const strong = (chunks: ReactNode[]) => <strong key="strong">{chunks}</strong>;
  const back = (
    <p>
      <Link to={`/admin/people/${person.id}`}>← {t("adminPeople.erase.back")}</Link>
    </p>
  );
  if (result?.removed) {
    return (
      <div className="page page--narrow">
        <h1>{t("adminPeople.erase.erased")}</h1>
        <FormMessage success={t("adminPeople.erase.done")} />
        <h2>{t("adminPeople.erase.wasRemoved")}</h2>
        <CountedList label={t("adminPeople.erase.wasRemoved")} lines={removedLines(result.removed, t)} />
        <p>
          <Link to="/admin/people">← {t("adminPeople.title")}</Link>
        </p>
      </div>
    );
  }
  if (preview.erasedOn) {
    return (
      <div className="page page--narrow">
        <h1>{person.name}</h1>
        <p>{t("adminPeople.erase.erasedOn", { date: formatsFor(locale).date(preview.erasedOn) })}</p>
        <p>
          <Link to="/admin/people">← {t("adminPeople.title")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow break-anywhere">
      {back}
      <h1>{t("adminPeople.erase.heading", { name: person.name })}</h1>
      <p>
        {person.email} · {t(ROLE_KEYS[person.role])} · {person.active ? t("adminPeople.erase.active") : t("adminPeople.erase.deactivated")}
      </p>
      <p>{rich<ReactNode>("adminPeople.erase.intro", { name: person.name, strong })}</p>
      <h2>{t("adminPeople.erase.isRemoved")}</h2>
      <p>{t("adminPeople.erase.account")}</p>
      <CountedList label={t("adminPeople.erase.isRemoved")} lines={removedLines(preview.removes, t)} />
      {preview.apiTokenNames.length > 0 ? <p>{t("adminPeople.erase.tokens", { names: preview.apiTokenNames.join(", ") })}</p> : null}
      <h2>{t("adminPeople.erase.stays")}</h2>
      <CountedList label={t("adminPeople.erase.staysLabel")} lines={keptLines(preview.keeps, t)} />
      <p>{t("adminPeople.erase.copies")}</p>
      {preview.isSelf ? (
        <div className="notice notice--warning">{t("adminPeople.erase.self")}</div>
      ) : (
        <section className="card" aria-labelledby="confirm-h">
          <h2 id="confirm-h">{t("adminPeople.erase.confirm")}</h2>
          <FormMessage error={result?.formError} />
          <Form method="post" className="stack" noValidate>
            <Field
              name="confirmation"
              label={t("adminPeople.erase.confirmLabel", { email: person.email })}
              autoComplete="off"
              inputMode="email"
              error={result?.fieldErrors?.confirmation}
            />
            <button type="submit" className="button button--danger">
              {t("adminPeople.erase.heading", { name: person.name })}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}
