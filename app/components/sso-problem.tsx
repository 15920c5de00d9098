// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { Link } from "@remix-run/react";

/** The page a refused company sign-in shows: what went wrong in words, and where to go from here. */
export function SsoProblemPage({ message, retryPath }: { message: string; retryPath: string | null }) {
  return (
    <div className="page page--narrow">
      <h1>Company sign-in did not work</h1>
      <div className="notice notice--error" role="alert">
        {message}
      </div>
      <p className="row-of">
        {retryPath ? (
          // A plain link: the provider's page is a full navigation, not a Remix fetch.
          <a className="button" href={retryPath}>
            Try again
          </a>
        ) : null}
        <Link className={retryPath ? "button button--secondary" : "button"} to="/login">
          Go to the sign-in page
        </Link>
      </p>
    </div>
  );
}
