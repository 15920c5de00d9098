import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { FormMessage } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { formatsFor } from "~/domain/format";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { getDeliveryReport, resendDelivery } from "~/services/mail-delivery.server";
import { formText } from "~/utils/form-fields";
import type { ReactNode } from "react";
import type { MessageKey } from "~/i18n/translate";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminDeliveries.title", "Delivery log");

const PURPOSE_KEYS: Record<string, MessageKey> = {
  "pulse-invitation": "adminDeliveries.purpose.pulseInvitation",
  "pulse-reminder": "adminDeliveries.purpose.pulseReminder",
  "self-assessment-invitation": "adminDeliveries.purpose.selfInvitation",
  "self-assessment-reminder": "adminDeliveries.purpose.selfReminder",
  "results-published": "adminDeliveries.purpose.resultsPublished",
};
const PURPOSE_WORDS: Record<string, string> = {
  "pulse-invitation": "pulseInvitation",
  "pulse-reminder": "pulseReminder",
  "self-assessment-invitation": "selfInvitation",
  "self-assessment-reminder": "selfReminder",
  "results-published": "resultsPublished",
};
const CHANNEL_KEYS: Record<string, MessageKey> = { email: "adminDeliveries.channel.email", slack: "adminDeliveries.channel.slack", teams: "adminDeliveries.channel.teams" };

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const report = await getDeliveryReport(context.app, user);
  return { ...report, failures: report.failures.map((f) => ({ ...f, at: f.at.toISOString() })) };
}

const ResendSchema = z.object({ id: formText });

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(ResendSchema, await readForm(request));
  if (!parsed.success || parsed.data.id === "") return data({ sent: null, formError: said("adminDeliveries.pick") }, { status: 400 });
  const result = await attempt(() => resendDelivery(context.app, user, parsed.data.id));
  if (!result.ok) return data({ sent: null, formError: result.formError }, { status: result.status });
  return { sent: result.value.sent, formError: result.value.sent ? undefined : said("adminDeliveries.failedAgain") };
}

export default function Deliveries() {
  const { failures, counts, chatCounts, slack, days, more } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const sending = useNavigation().state === "submitting";
  const { t, rich, say, locale } = useI18n();
  const f = formatsFor(locale);
  const strong = (chunks: ReactNode[]) => <strong key={String(chunks)}>{chunks}</strong>;
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/">{t("adminDeliveries.home")}</Link>
      </p>
      <h1>{t("adminDeliveries.title")}</h1>
      <p>{t("adminDeliveries.intro")}</p>
      {slack?.status === "broken" ? (
        <p className="notice notice--error">
          {rich<ReactNode>("adminDeliveries.slackBroken", {
            workspace: slack.workspaceName,
            problem: slack.problem ?? "",
            link: (chunks) => (
              <Link key="chat" to="/admin/chat">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : null}
      <p>
        {rich<ReactNode>("adminDeliveries.counts", {
          days,
          sent: counts.sent,
          failed: counts.failed,
          slack: chatCounts.slack.sent + chatCounts.slack.failed > 0 ? "yes" : "no",
          slackSent: chatCounts.slack.sent,
          slackFailed: chatCounts.slack.failed,
          teams: chatCounts.teams.sent + chatCounts.teams.failed > 0 ? "yes" : "no",
          teamsSent: chatCounts.teams.sent,
          teamsFailed: chatCounts.teams.failed,
          b: strong,
        })}
      </p>
      <FormMessage error={result?.formError} success={result?.sent ? t("adminDeliveries.sent") : undefined} />
      {failures.length === 0 ? (
        <p className="notice notice--success">{t("adminDeliveries.allDelivered", { days })}</p>
      ) : (
        <TableWrap label={t("adminDeliveries.notDelivered")}>
          <table>
            <caption className="visually-hidden">{t("adminDeliveries.caption", { days })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("adminDeliveries.message")}</th>
                <th scope="col">{t("adminDeliveries.to")}</th>
                <th scope="col">{t("adminDeliveries.serverSaid")}</th>
                <th scope="col">{t("adminDeliveries.tries")}</th>
                <th scope="col">{t("adminDeliveries.next")}</th>
              </tr>
            </thead>
            <tbody>
              {failures.map((failure) => (
                <tr key={failure.id}>
                  <td>
                    {failure.day > 0 ? t("adminDeliveries.whatOnDay", { what: t(PURPOSE_KEYS[failure.purpose]!), day: failure.day }) : t(PURPOSE_KEYS[failure.purpose]!)} ·{" "}
                    {t(CHANNEL_KEYS[failure.channelKind]!)}
                    {failure.unmatched ? ` · ${t("adminDeliveries.unmatched")}` : ""}
                    <br />
                    <span className="muted">
                      {failure.programName}, {f.date(failure.periodStart)} · {f.date(failure.at)}
                    </span>
                  </td>
                  <td>
                    {failure.to ? (
                      <>
                        {"teamChannelOf" in failure.to ? t("adminDeliveries.teamChannel", { team: failure.to.teamChannelOf || t("adminDeliveries.aTeam") }) : failure.to.name}
                        <br />
                        <span className="muted">
                          {failure.to.email}
                          {failure.to.teamName ? ` · ${failure.to.teamName}` : ""}
                        </span>
                      </>
                    ) : (
                      <span className="muted">{t("adminDeliveries.aRep")}</span>
                    )}
                  </td>
                  {/* Candor's own words in the reader's language; a mail server's, Slack's or Teams' as they came. */}
                  <td>{failure.error ? say(failure.error) : null}</td>
                  <td className="num">{f.count(failure.attempts)}</td>
                  <td>
                    {failure.canResend ? (
                      <>
                        {failure.retrying ? <p className="muted">{t("adminDeliveries.retrying")}</p> : null}
                        <Form method="post">
                          <input type="hidden" name="id" value={failure.id} />
                          <button
                            type="submit"
                            className="button button--secondary"
                            disabled={sending}
                            aria-label={t("adminDeliveries.sendAgainNamed", {
                              purpose: PURPOSE_WORDS[failure.purpose] ?? "other",
                              to: failure.to
                                ? "teamChannelOf" in failure.to
                                  ? t("adminDeliveries.teamChannel", { team: failure.to.teamChannelOf || t("adminDeliveries.aTeam") })
                                  : failure.to.name
                                : t("adminDeliveries.thisPerson"),
                            })}
                          >
                            {t("adminDeliveries.sendAgain")}
                          </button>
                        </Form>
                      </>
                    ) : (
                      <span className="muted">
                        {failure.whyNotKind === "unrecorded" ? t("adminDeliveries.whyNotUnrecorded") : failure.whyNotKind === "closed" ? t("adminDeliveries.whyNotClosed") : ""}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {more ? <p className="muted">{t("adminDeliveries.more", { count: 200 })}</p> : null}
    </div>
  );
}
