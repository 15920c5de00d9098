// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { FormMessage } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { formatCountOf, formatDate } from "~/domain/format";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { getDeliveryReport, resendDelivery } from "~/services/mail-delivery.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction = () => [{ title: "Delivery log · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const report = await getDeliveryReport(context.app, user);
  return { ...report, failures: report.failures.map((f) => ({ ...f, at: f.at.toISOString() })) };
}

const ResendSchema = z.object({ id: formText });

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const parsed = parseForm(ResendSchema, await readForm(request));
  if (!parsed.success || parsed.data.id === "") return data({ sent: null, formError: "Pick an email to send again." }, { status: 400 });
  const result = await attempt(() => resendDelivery(context.app, user, parsed.data.id));
  if (!result.ok) return data({ sent: null, formError: result.formError }, { status: result.status });
  return { sent: result.value.sent, formError: result.value.sent ? undefined : "It failed again: the reason is in the list below." };
}

export default function Deliveries() {
  const { failures, counts, chatCounts, slack, days, more } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const sending = useNavigation().state === "submitting";
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/">← Home</Link>
      </p>
      <h1>Delivery log</h1>
      <p>
        Candor sends each pulse invitation and reminder on its own, by email, Slack or a team&apos;s Teams channel: an address that bounces stops nobody else&apos;s message. One
        that fails is tried again after 10 and then 20 minutes (or when Slack or Teams says, when they ask Candor to slow down); after three tries it waits here for you. Reminders
        to reps are not recorded by name: who is reminded is who has not answered yet, and Candor never keeps that.
      </p>
      {slack?.status === "broken" ? (
        <p className="notice notice--error">
          The Slack connection to {slack.workspaceName} is broken (Slack said: {slack.problem}): pulses go by email until you <Link to="/admin/chat">connect Slack again</Link>.
        </p>
      ) : null}
      <p>
        In the last {days} days: <strong>{formatCountOf(counts.sent, "email")}</strong> delivered, <strong>{formatCountOf(counts.failed, "email")}</strong> not delivered
        {chatCounts.slack.sent + chatCounts.slack.failed > 0 ? `; ${formatCountOf(chatCounts.slack.sent, "Slack message")} delivered, ${chatCounts.slack.failed} not` : ""}
        {chatCounts.teams.sent + chatCounts.teams.failed > 0 ? `; ${formatCountOf(chatCounts.teams.sent, "Teams post")} delivered, ${chatCounts.teams.failed} not` : ""}.
      </p>
      <FormMessage error={result?.formError} success={result?.sent ? "Sent." : undefined} />
      {failures.length === 0 ? (
        <p className="notice notice--success">Every message of the last {days} days was delivered.</p>
      ) : (
        <TableWrap label="Messages not delivered">
          <table>
            <caption className="visually-hidden">Messages not delivered in the last {days} days, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Message</th>
                <th scope="col">To</th>
                <th scope="col">What the server said</th>
                <th scope="col">Tries</th>
                <th scope="col">Next</th>
              </tr>
            </thead>
            <tbody>
              {failures.map((f) => (
                <tr key={f.id}>
                  <td>
                    {f.what}
                    {f.day > 0 ? ` (day ${f.day})` : ""} · {f.channel}
                    {f.unmatched ? " · not matched in Slack" : ""}
                    <br />
                    <span className="muted">
                      {f.programName}, {formatDate(f.periodStart)} · {formatDate(f.at)}
                    </span>
                  </td>
                  <td>
                    {f.to ? (
                      <>
                        {f.to.name}
                        <br />
                        <span className="muted">
                          {f.to.email}
                          {f.to.teamName ? ` · ${f.to.teamName}` : ""}
                        </span>
                      </>
                    ) : (
                      <span className="muted">A rep (not recorded)</span>
                    )}
                  </td>
                  <td>{f.error}</td>
                  <td className="num">{f.attempts}</td>
                  <td>
                    {f.canResend ? (
                      <>
                        {f.retrying ? <p className="muted">Candor tries again by itself.</p> : null}
                        <Form method="post">
                          <input type="hidden" name="id" value={f.id} />
                          <button
                            type="submit"
                            className="button button--secondary"
                            disabled={sending}
                            aria-label={`Send the ${f.what.toLowerCase()} to ${f.to?.name ?? "this person"} again`}
                          >
                            Send again
                          </button>
                        </Form>
                      </>
                    ) : (
                      <span className="muted">{f.whyNot}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {more ? <p className="muted">Only the 200 newest are listed.</p> : null}
    </div>
  );
}
