import type { RosterPlan } from "~/domain/roster";
import { LOCALE_NAMES, toLocale } from "~/domain/locales";
import { ROLE_KEYS } from "~/components/app-shell";
import { useI18n } from "~/i18n/react";

function Section({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <section className="card">
      <h2>
        {title} ({items.length})
      </h2>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}

/** What a roster import changes (or changed), group by group. */
export function RosterPlanView({ plan, past = false }: { plan: RosterPlan; past?: boolean }) {
  const { t, say } = useI18n();
  const role = (r: keyof typeof ROLE_KEYS) => t(ROLE_KEYS[r]);
  const team = (name: string | null) => name ?? t("adminRoster.noTeam");
  const parent = (name: string | null) => name ?? t("adminRoster.topLevel");
  const language = (tag: string | null) => {
    const known = toLocale(tag);
    return known ? LOCALE_NAMES[known] : t("adminRoster.browserLanguage");
  };
  return (
    <div>
      {plan.notes.map((note) => (
        <p key={note} className="notice notice--info">
          {say(note)}
        </p>
      ))}
      <Section
        title={past ? t("adminRoster.added") : t("adminRoster.newPeople")}
        items={plan.added.map((p) => `${p.name} <${p.email}>, ${role(p.role)}${p.team ? `, ${p.team}` : ""}`)}
      />
      <Section title={past ? t("adminRoster.moved") : t("adminRoster.teamMoves")} items={plan.moved.map((m) => `${m.name}: ${team(m.from)} → ${team(m.to)}`)} />
      <Section title={t("adminRoster.roleChanges")} items={plan.roleChanges.map((c) => `${c.name}: ${role(c.from)} → ${role(c.to)}`)} />
      <Section title={t("adminRoster.nameChanges")} items={plan.renamed.map((c) => `${c.email}: ${c.from} → ${c.to}`)} />
      <Section title={t("adminRoster.languageChanges")} items={(plan.languageChanges ?? []).map((c) => `${c.name}: ${language(c.from)} → ${language(c.to)}`)} />
      <Section title={t("adminRoster.newTeams")} items={plan.newTeams.map((n) => (n.parent ? t("adminRoster.teamInside", { team: n.name, parent: n.parent }) : n.name))} />
      <Section title={t("adminRoster.teamTreeMoves")} items={plan.teamMoves.map((m) => `${m.team}: ${parent(m.fromParent)} → ${parent(m.toParent)}`)} />
      <Section title={t("adminRoster.managers")} items={plan.managerChanges.map((c) => `${c.team}: ${c.from ?? t("adminRoster.none")} → ${c.to}`)} />
      <Section title={t("adminRoster.reactivated")} items={plan.reactivated.map((p) => `${p.name} <${p.email}>`)} />
      <Section title={past ? t("adminRoster.deactivated") : t("adminRoster.toDeactivate")} items={plan.deactivated.map((p) => `${p.name} <${p.email}>`)} />
      <p className="muted">{t("adminRoster.unchanged", { count: plan.unchanged })}</p>
    </div>
  );
}
