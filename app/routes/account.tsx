import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUser } from "~/auth/guards.server";
import { blankSessionCookie, sessionCookie } from "~/auth/session.server";
import { NewPasswordSchema } from "~/domain/password-policy";
import { ROLE_LABELS } from "~/domain/roles";
import { changePassword, signOutEverywhere } from "~/services/sign-in.server";
import { getMyChannel, saveMyChannel } from "~/services/chat.server";
import { CHAT_CHOICES } from "~/domain/chat";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "account.title", "Your account");

const ChangePasswordSchema = z
  .object({
    intent: z.literal("change-password"),
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: NewPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ["confirm"], message: "The two passwords do not match" });

const ChannelSchema = z.object({ intent: z.literal("channel"), channel: z.enum(CHAT_CHOICES, "Choose Slack, email or both") });

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return {
    name: user.name,
    email: user.email,
    role: ROLE_LABELS[user.role],
    organisationName: user.organisationName,
    channel: await getMyChannel(context.app, user),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = await readForm(request);
  if (form.get("intent") === "sign-out-everywhere") {
    await signOutEverywhere(context.app, user);
    throw redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(context.app) } });
  }
  if (form.get("intent") === "channel") {
    const choice = parseForm(ChannelSchema, form);
    if (!choice.success) return data({ ...choice.errors, saved: false }, { status: 400 });
    await saveMyChannel(context.app, user, choice.data.channel);
    return { saved: false, channelSaved: true, formError: undefined, fieldErrors: {} as Record<string, string> };
  }
  const parsed = parseForm(ChangePasswordSchema, form);
  if (!parsed.success) return data({ ...parsed.errors, saved: false }, { status: 400 });
  const result = await attempt(() => changePassword(context.app, user, parsed.data));
  if (!result.ok) return refused(result);
  return data(
    { saved: true, formError: undefined, fieldErrors: {} as Record<string, string> },
    { headers: { "Set-Cookie": sessionCookie(context.app, result.value.token, result.value.expiresAt) } },
  );
}

export default function Account() {
  const me = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <h1>Your account</h1>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{me.name}</dd>
        <dt>Email</dt>
        <dd>{me.email}</dd>
        <dt>Role</dt>
        <dd>
          {me.role} at {me.organisationName}
        </dd>
      </dl>
      <section className="card" aria-labelledby="change-password">
        <h2 id="change-password">Change your password</h2>
        <FormMessage
          error={result && "formError" in result ? result.formError : undefined}
          success={result && "saved" in result && result.saved ? "Password changed. You were signed out on your other devices." : undefined}
        />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="change-password" />
          <input type="hidden" name="username" value={me.email} autoComplete="username" />
          <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={result?.fieldErrors?.currentPassword} />
          <Field name="newPassword" label="New password" type="password" autoComplete="new-password" hint="At least 10 characters." error={result?.fieldErrors?.newPassword} />
          <Field name="confirm" label="New password again" type="password" autoComplete="new-password" error={result?.fieldErrors?.confirm} />
          <button type="submit" className="button">
            Change password
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="where-pulses">
        <h2 id="where-pulses">Where your pulses arrive</h2>
        <p>
          {me.channel.slackConnected
            ? "Your organisation has connected Slack: invitations and reminders can come as a direct message from the Candor app, with a button to your personal link."
            : "Your organisation has not connected Slack: pulses come by email whatever you choose here."}{" "}
          If Slack cannot reach you, the email comes instead.
        </p>
        <FormMessage success={result && "channelSaved" in result && result.channelSaved ? "Saved." : undefined} />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="channel" />
          <SelectField name="channel" label="Send my pulses by" defaultValue={me.channel.channel} options={me.channel.choices} error={result?.fieldErrors?.channel} />
          <button type="submit" className="button button--secondary">
            Save
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="your-data">
        <h2 id="your-data">Your data</h2>
        <p>
          Download everything Candor holds about you, as a JSON file: your profile, your teams, which pulses asked you and whether you took part, your sign-ins, and any
          self-assessments, action plans, trainings, API tokens and CRM deals under your name. Your survey answers are not in it: Candor never stored them with your name.
        </p>
        <p>
          <a href="/account/data" download>
            Download my data (JSON)
          </a>
        </p>
      </section>
      <section className="card" aria-labelledby="sessions">
        <h2 id="sessions">Sign out everywhere</h2>
        <p>Ends your sessions on every device, this one included. Use it if you signed in on a computer that is not yours.</p>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <button type="submit" className="button button--secondary">
            Sign out everywhere
          </button>
        </Form>
      </section>
    </div>
  );
}
