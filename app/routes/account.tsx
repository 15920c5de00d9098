import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUser } from "~/auth/guards.server";
import { blankSessionCookie, sessionCookie } from "~/auth/session.server";
import { NewPasswordSchema } from "~/domain/password-policy";
import { changePassword, signOutEverywhere } from "~/services/sign-in.server";
import { getMyChannel, saveMyChannel } from "~/services/chat.server";
import { CHANNEL_CHOICE_KEYS, CHAT_CHOICES } from "~/domain/chat-choices";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { myLanguage, requestLocale, saveMyLanguage } from "~/services/locale.server";
import { localizeErrors } from "~/http/field-errors.server";
import { ROLE_KEYS } from "~/components/app-shell";
import { useI18n } from "~/i18n/react";
import { LOCALE_NAMES, type Locale } from "~/domain/locales";
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
    role: user.role,
    organisationName: user.organisationName,
    channel: await getMyChannel(context.app, user),
    language: myLanguage(user),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = await readForm(request);
  const locale = await requestLocale(context, request);
  if (form.get("intent") === "language") {
    const chosen = await attempt(() => saveMyLanguage(context.app, user, form.get("language") ?? "", locale));
    if (!chosen.ok) return refused(chosen, { saved: false, intent: "language" });
    return { saved: false, languageSaved: chosen.value ?? "", formError: undefined, fieldErrors: {} as Record<string, string> };
  }
  if (form.get("intent") === "sign-out-everywhere") {
    await signOutEverywhere(context.app, user);
    throw redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(context.app) } });
  }
  if (form.get("intent") === "channel") {
    const choice = parseForm(ChannelSchema, form);
    if (!choice.success) return data({ ...localizeErrors(choice.errors, locale), saved: false }, { status: 400 });
    await saveMyChannel(context.app, user, choice.data.channel);
    return { saved: false, channelSaved: true, formError: undefined, fieldErrors: {} as Record<string, string> };
  }
  const parsed = parseForm(ChangePasswordSchema, form);
  if (!parsed.success) return data({ ...localizeErrors(parsed.errors, locale), saved: false }, { status: 400 });
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
  const { t } = useI18n();
  const intent = (result as { intent?: string } | undefined)?.intent ?? null;
  return (
    <div className="page page--narrow">
      <h1>{t("account.title")}</h1>
      <dl className="facts">
        <dt>{t("account.name")}</dt>
        <dd>{me.name}</dd>
        <dt>{t("account.email")}</dt>
        <dd>{me.email}</dd>
        <dt>{t("account.role")}</dt>
        <dd>{t("account.roleAt", { role: t(ROLE_KEYS[me.role]), organisation: me.organisationName })}</dd>
      </dl>
      <section className="card" aria-labelledby="language">
        <h2 id="language">{t("account.languageTitle")}</h2>
        <p>{t("account.languageIntro", { organisation: me.language.organisation })}</p>
        <FormMessage
          error={intent === "language" && result && "formError" in result ? result.formError : undefined}
          success={
            result && "languageSaved" in result && result.languageSaved !== undefined
              ? t("account.languageSaved", { language: result.languageSaved ? LOCALE_NAMES[result.languageSaved as Locale] : t("account.languageAuto") })
              : undefined
          }
        />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="language" />
          <SelectField
            name="language"
            label={t("account.languageTitle")}
            defaultValue={me.language.chosen}
            options={[{ value: "", label: t("account.languageAuto") }, ...me.language.choices]}
            error={result?.fieldErrors?.language}
          />
          <button type="submit" className="button button--secondary">
            {t("account.save")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="change-password">
        <h2 id="change-password">{t("account.passwordTitle")}</h2>
        <FormMessage
          error={intent !== "language" && result && "formError" in result ? result.formError : undefined}
          success={result && "saved" in result && result.saved ? t("account.passwordChanged") : undefined}
        />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="change-password" />
          <input type="hidden" name="username" value={me.email} autoComplete="username" />
          <Field name="currentPassword" label={t("account.currentPassword")} type="password" autoComplete="current-password" error={result?.fieldErrors?.currentPassword} />
          <Field
            name="newPassword"
            label={t("setPassword.new")}
            type="password"
            autoComplete="new-password"
            hint={t("setPassword.hint")}
            error={result?.fieldErrors?.newPassword}
          />
          <Field name="confirm" label={t("setPassword.again")} type="password" autoComplete="new-password" error={result?.fieldErrors?.confirm} />
          <button type="submit" className="button">
            {t("account.changePassword")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="where-pulses">
        <h2 id="where-pulses">{t("account.channelTitle")}</h2>
        <p>
          {me.channel.slackConnected ? t("account.slackConnected") : t("account.slackNotConnected")} {t("account.slackFallback")}
        </p>
        <FormMessage success={result && "channelSaved" in result && result.channelSaved ? t("account.saved") : undefined} />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="channel" />
          <SelectField
            name="channel"
            label={t("account.channel")}
            defaultValue={me.channel.channel}
            options={CHAT_CHOICES.map((value) => ({ value, label: t(CHANNEL_CHOICE_KEYS[value]) }))}
            error={result?.fieldErrors?.channel}
          />
          <button type="submit" className="button button--secondary">
            {t("account.save")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="your-data">
        <h2 id="your-data">{t("account.dataTitle")}</h2>
        <p>{t("account.dataIntro")}</p>
        <p>
          <a href="/account/data" download>
            {t("account.download")}
          </a>
        </p>
      </section>
      <section className="card" aria-labelledby="sessions">
        <h2 id="sessions">{t("account.everywhereTitle")}</h2>
        <p>{t("account.everywhereIntro")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <button type="submit" className="button button--secondary">
            {t("account.everywhereTitle")}
          </button>
        </Form>
      </section>
    </div>
  );
}
