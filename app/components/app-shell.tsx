import { Form, NavLink, useLocation } from "@remix-run/react";
import type { KeyboardEvent, ReactNode } from "react";
import { ROLE_LABELS, type Role } from "~/domain/roles";

export interface ShellUser {
  name: string;
  role: Role;
  organisationName: string;
}

interface NavItem {
  to: string;
  label: string;
}

/** The main links for a role, and (admins) the admin pages, grouped under one "Admin" menu so the bar fits on one line. */
function navFor(role: Role): { items: NavItem[]; admin: NavItem[] } {
  const items = [{ to: "/", label: "Home" }];
  if (role === "manager" || role === "enablement" || role === "admin") items.push({ to: "/teams", label: "Teams" });
  if (role === "enablement" || role === "admin") items.push({ to: "/results", label: "Results" }, { to: "/programs", label: "Pulses" }, { to: "/training", label: "Training" });
  if (role === "manager" || role === "enablement" || role === "admin") items.push({ to: "/playbook", label: "Playbook" });
  const admin =
    role === "admin"
      ? [
          { to: "/admin/people", label: "People" },
          { to: "/admin/teams", label: "Team tree" },
          { to: "/admin/crm", label: "CRM data" },
          { to: "/admin/api-tokens", label: "API tokens" },
          { to: "/admin/sso", label: "Company sign-in" },
          { to: "/admin/scim", label: "Provisioning (SCIM)" },
          { to: "/admin/chat", label: "Slack and Teams" },
          { to: "/admin/deliveries", label: "Delivery log" },
          { to: "/admin/settings", label: "Settings" },
          { to: "/admin/audit", label: "Audit log" },
        ]
      : [];
  return { items, admin };
}

/** Escape closes the admin menu and puts the focus back on its button. */
function closeOnEscape(event: KeyboardEvent<HTMLDetailsElement>) {
  if (event.key !== "Escape" || !event.currentTarget.open) return;
  event.currentTarget.open = false;
  event.currentTarget.querySelector("summary")?.focus();
}

function MainNav({ role }: { role: Role }) {
  const { pathname } = useLocation();
  const { items, admin } = navFor(role);
  const inAdmin = pathname.startsWith("/admin/");
  return (
    <nav aria-label="Main" className="site-nav">
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.to === "/"}>
              {item.label}
            </NavLink>
          </li>
        ))}
        {admin.length > 0 ? (
          <li>
            {/* A disclosure (no script needed); keyed by the page so that it is closed again after a link is followed. */}
            <details key={pathname} className="site-nav__more" onKeyDown={closeOnEscape}>
              <summary className={inAdmin ? "active" : undefined}>Admin</summary>
              <ul>
                {admin.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to}>{item.label}</NavLink>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ) : null}
      </ul>
    </nav>
  );
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
              <MainNav role={user.role} />
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
