import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormMessage, SelectField } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { requireUserWithRole } from "~/auth/guards.server";
import { getSsoOverview, removeSsoConnection, saveSsoPolicy } from "~/services/sso.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { formText } from "~/utils/form-fields";
import { formatsFor } from "~/domain/format";
import { requestLocale } from "~/services/locale.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminSso.title", "Company sign-in (SSO)");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const overview = await getSsoOverview(context.app, user);
  const f = formatsFor(await requestLocale(context, request));
  return {
    ...overview,
    appUrl: context.app.config.appUrl,
    connections: overview.connections.map((c) => ({ ...c, lastTestedAt: c.lastTestedAt ? f.date(c.lastTestedAt.toISOString().slice(0, 10)) : null })),
  };
}

const SsoActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("policy"),
    // A checkbox sends "on" when ticked and nothing when not.
    ssoRequired: z.literal("on").optional(),
    ssoCreateAccounts: z.literal("on").optional(),
    ssoBreakGlassPersonId: formText,
  }),
  z.object({ intent: z.literal("remove"), connectionId: formText }),
]);

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(SsoActionSchema, await readForm(request));
  if (!parsed.success) return data({ saved: null, formError: parsed.errors.formError, fieldErrors: parsed.errors.fieldErrors }, { status: 400 });
  const input = parsed.data;
  const result = await attempt(async () => {
    if (input.intent === "remove") {
      await removeSsoConnection(context.app, user, input.connectionId);
      return said("adminSso.removed");
    }
    await saveSsoPolicy(context.app, user, {
      ssoRequired: input.ssoRequired === "on",
      ssoCreateAccounts: input.ssoCreateAccounts === "on",
      ssoBreakGlassPersonId: input.ssoBreakGlassPersonId || null,
    });
    return said("adminSso.rulesSaved");
  });
  if (!result.ok) return data({ saved: null, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  return { saved: result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function AdminSso() {
  const { connections, policy, admins, appUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, say } = useI18n();
  return (
    <div className="page">
      <h1>{t("adminSso.title")}</h1>
      <p>{t("adminSso.intro")}</p>
      <FormMessage error={result?.formError} success={result?.saved ?? undefined} />
      <h2>{t("adminSso.providers")}</h2>
      {connections.length === 0 ? (
        <p>{t("adminSso.noProviders")}</p>
      ) : (
        <TableWrap label={t("adminSso.providers")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("adminSso.name")}</th>
                <th scope="col">{t("adminSso.protocol")}</th>
                <th scope="col">{t("adminSso.emailDomains")}</th>
                <th scope="col">{t("adminSso.status")}</th>
                <th scope="col">{t("adminSso.peopleTied")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("adminSso.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={c.editPath}>{c.name}</Link>
                  </td>
                  <td>{c.kindWords}</td>
                  <td>{c.emailDomains.join(", ")}</td>
                  <td>
                    {c.lastTestedAt
                      ? t("adminSso.statusTested", { on: c.enabled ? "yes" : "no", date: c.lastTestedAt })
                      : t("adminSso.statusUntested", { on: c.enabled ? "yes" : "no" })}
                  </td>
                  <td>{c.people}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="connectionId" value={c.id} />
                      <button type="submit" className="button button--secondary" aria-label={t("adminSso.removeNamed", { name: c.name })} disabled={busy}>
                        {t("adminSso.remove")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p className="row-of">
        <Link className="button" to="/admin/sso/oidc/new">
          {t("adminSso.addOidc")}
        </Link>
        <Link className="button button--secondary" to="/admin/sso/saml/new">
          {t("adminSso.addSaml")}
        </Link>
      </p>
      <p className="muted">{t("adminSso.address", { url: appUrl })}</p>

      <h2>{t("adminSso.rules")}</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="policy" />
        <div className="checkbox">
          <input id="sso-create-accounts" name="ssoCreateAccounts" type="checkbox" defaultChecked={policy.ssoCreateAccounts} />
          <label htmlFor="sso-create-accounts">{t("adminSso.createAccounts")}</label>
        </div>
        <div className="checkbox">
          <input id="sso-required" name="ssoRequired" type="checkbox" defaultChecked={policy.ssoRequired} aria-describedby="sso-required-hint" />
          <label htmlFor="sso-required">{t("adminSso.required")}</label>
        </div>
        <p id="sso-required-hint" className="muted">
          {result?.fieldErrors?.ssoRequired ? <strong className="field__error">{t("adminSso.requiredError", { error: say(result.fieldErrors.ssoRequired) })} </strong> : null}
          {t("adminSso.requiredHint")}
        </p>
        <SelectField
          name="ssoBreakGlassPersonId"
          label={t("adminSso.breakGlass")}
          hint={t("adminSso.breakGlassHint")}
          defaultValue={policy.ssoBreakGlassPersonId ?? ""}
          error={result?.fieldErrors?.ssoBreakGlassPersonId}
          options={[{ value: "", label: t("adminSso.nobody") }, ...admins.map((a) => ({ value: a.id, label: `${a.name} (${a.email})` }))]}
        />
        <button type="submit" className="button" disabled={busy}>
          {t("adminSso.saveRules")}
        </button>
      </Form>
    </div>
  );
}
