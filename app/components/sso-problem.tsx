import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/react";

/** The page a refused company sign-in shows: what went wrong in words, and where to go from here. */
export function SsoProblemPage({ message, retryPath }: { message: string; retryPath: string | null }) {
  const { t, say } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("sso.problemTitle")}</h1>
      <div className="notice notice--error" role="alert">
        {say(message)}
      </div>
      <p className="row-of">
        {retryPath ? (
          // A plain link: the provider's page is a full navigation, not a Remix fetch.
          <a className="button" href={retryPath}>
            {t("sso.tryAgain")}
          </a>
        ) : null}
        <Link className={retryPath ? "button button--secondary" : "button"} to="/login">
          {t("sso.toSignIn")}
        </Link>
      </p>
    </div>
  );
}
