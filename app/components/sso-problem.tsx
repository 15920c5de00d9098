import { Link } from "@remix-run/react";

/** The page a company sign-in that did not work ends on: what went wrong, in words, and the way back. */
export function SsoProblem({ message }: { message: string }) {
  return (
    <div className="page page--narrow">
      <h1>Sign-in did not work</h1>
      <div className="notice notice--error" role="alert">
        {message}
      </div>
      <p>
        <Link to="/login">Back to sign-in</Link>
      </p>
    </div>
  );
}
