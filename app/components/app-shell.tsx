import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { ROLE_LABELS, type Role } from "~/domain/roles";

export interface ShellUser {
  name: string;
  role: Role;
  organisationName: string;
}

function navFor(role: Role): Array<{ to: string; label: string }> {
  const items = [{ to: "/", label: "Home" }];
  if (role === "manager" || role === "enablement" || role === "admin") items.push({ to: "/teams", label: "Teams" });
  if (role === "enablement" || role === "admin") items.push({ to: "/results", label: "Results" }, { to: "/programs", label: "Pulses" }, { to: "/training", label: "Training" });
  if (role === "manager" || role === "enablement" || role === "admin") items.push({ to: "/playbook", label: "Playbook" });
  if (role === "admin") {
    items.push(
      { to: "/admin/people", label: "People" },
      { to: "/admin/teams", label: "Team tree" },
      { to: "/admin/crm", label: "CRM data" },
      { to: "/admin/api-tokens", label: "API tokens" },
      { to: "/admin/settings", label: "Settings" },
    );
  }
  return items;
}

/** The page frame: a skip link, the header with navigation by role, and the main landmark. */
export function AppShell({ user, children }: { user: ShellUser | null; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header no-print">
        <div className="site-header__inner">
          <a className="brand" href="/">
            Candor
          </a>
          {user ? (
            <>
              <nav aria-label="Main" className="site-nav">
                <ul>
                  {navFor(user.role).map((item) => (
                    <li key={item.to}>
                      <NavLink to={item.to} end={item.to === "/"}>
                        {item.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
              <div className="site-user">
                <NavLink to="/account" className="site-user__name">
                  {user.name}
                  <span className="visually-hidden">
                    , {ROLE_LABELS[user.role]} at {user.organisationName} (account settings)
                  </span>
                </NavLink>
                <Form method="post" action="/logout">
                  <button type="submit" className="link-button">
                    Sign out
                  </button>
                </Form>
              </div>
            </>
          ) : (
            <a href="/login" className="site-user__name">
              Sign in
            </a>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
