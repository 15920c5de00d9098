import { Form, NavLink, useLocation } from "@remix-run/react";
import type { KeyboardEvent, ReactNode } from "react";
import type { Role } from "~/domain/roles";
import { useI18n } from "~/i18n/react";
import type { MessageKey } from "~/i18n/translate";

export interface ShellUser {
  name: string;
  role: Role;
  organisationName: string;
}

interface NavItem {
  to: string;
  label: string;
}

/** The role's name in the page's language. */
export const ROLE_KEYS: Record<Role, MessageKey> = { rep: "role.rep", manager: "role.manager", enablement: "role.enablement", admin: "role.admin" };

/** The main links for a role, and (admins) the admin pages, grouped under one "Admin" menu so the bar fits on one line. */
function navFor(role: Role, t: (key: MessageKey) => string): { items: NavItem[]; admin: NavItem[] } {
  const items = [{ to: "/", label: t("shell.home") }];
  if (role === "manager" || role === "enablement" || role === "admin") items.push({ to: "/teams", label: t("shell.teams") });
  if (role === "enablement" || role === "admin")
    items.push({ to: "/results", label: t("shell.results") }, { to: "/programs", label: t("shell.pulses") }, { to: "/training", label: t("shell.training") });
  if (role === "manager" || role === "enablement" || role === "admin") items.push({ to: "/playbook", label: t("shell.playbook") });
  // The admin pages by their own names (their titles; the rep's scope holds these few, app/i18n/scopes.ts).
  const admin =
    role === "admin"
      ? [
          { to: "/admin/people", label: t("adminPeople.title") },
          { to: "/admin/teams", label: t("adminTeams.title") },
          { to: "/admin/crm", label: t("crm.title") },
          { to: "/admin/api-tokens", label: t("adminApi.title") },
          { to: "/admin/sso", label: t("adminSso.samlSection") },
          { to: "/admin/scim", label: t("adminScim.title") },
          { to: "/admin/chat", label: t("adminChat.title") },
          { to: "/admin/deliveries", label: t("adminDeliveries.title") },
          { to: "/admin/settings", label: t("adminSettings.title") },
          { to: "/admin/audit", label: t("adminAudit.title") },
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
  const { t } = useI18n();
  const { items, admin } = navFor(role, t);
  const inAdmin = pathname.startsWith("/admin/");
  return (
    <nav aria-label={t("shell.nav")} className="site-nav">
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
              <summary className={inAdmin ? "active" : undefined}>{t("shell.admin")}</summary>
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

/**
 * The language switcher: a plain form (no script needed) that posts the choice and comes back to this
 * page. Each language is named in its own words, and marked with its own lang.
 */
function LanguageSwitcher({ languages }: { languages: Array<{ value: string; label: string }> }) {
  const { t, locale } = useI18n();
  const { pathname, search } = useLocation();
  if (languages.length === 0) return null;
  return (
    <form method="post" action="/language" className="language-switcher">
      <input type="hidden" name="returnTo" value={`${pathname}${search}`} />
      {/* Named for screen readers; the languages, each in its own words, say what the menu is to the eye. */}
      <label htmlFor="language-switcher" className="visually-hidden">
        {t("language.label")}
      </label>
      <select id="language-switcher" name="language" defaultValue={locale}>
        {languages.map((l) => (
          <option key={l.value} value={l.value} lang={l.value}>
            {l.label}
          </option>
        ))}
      </select>
      <button type="submit" className="link-button">
        {t("language.change")}
      </button>
    </form>
  );
}

/** The page frame: a skip link, the header with navigation by role, and the main landmark. */
export function AppShell({ user, languages = [], children }: { user: ShellUser | null; languages?: Array<{ value: string; label: string }>; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("shell.skip")}
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
                  <span className="visually-hidden">{t("shell.userDetails", { role: t(ROLE_KEYS[user.role]), organisation: user.organisationName })}</span>
                </NavLink>
                <Form method="post" action="/logout">
                  <button type="submit" className="link-button">
                    {t("shell.signOut")}
                  </button>
                </Form>
              </div>
            </>
          ) : (
            <a href="/login" className="site-user__name">
              {t("shell.signIn")}
            </a>
          )}
          <LanguageSwitcher languages={languages} />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
