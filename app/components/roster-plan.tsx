// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { RosterPlan } from "~/domain/roster";
import { ROLE_LABELS } from "~/domain/roles";
import { plural } from "~/domain/plural";

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
  const verb = (future: string, done: string) => (past ? done : future);
  return (
    <div>
      {plan.notes.map((note) => (
        <p key={note} className="notice notice--info">
          {note}
        </p>
      ))}
      <Section title={verb("New people", "Added")} items={plan.added.map((p) => `${p.name} <${p.email}>, ${ROLE_LABELS[p.role]}${p.team ? `, ${p.team}` : ""}`)} />
      <Section title={verb("Team moves", "Moved")} items={plan.moved.map((m) => `${m.name}: ${m.from ?? "no team"} → ${m.to ?? "no team"}`)} />
      <Section title="Role changes" items={plan.roleChanges.map((c) => `${c.name}: ${ROLE_LABELS[c.from]} → ${ROLE_LABELS[c.to]}`)} />
      <Section title="Name changes" items={plan.renamed.map((c) => `${c.email}: ${c.from} → ${c.to}`)} />
      <Section title="New teams" items={plan.newTeams.map((t) => (t.parent ? `${t.name} (inside ${t.parent})` : t.name))} />
      <Section title="Teams moved in the tree" items={plan.teamMoves.map((t) => `${t.team}: ${t.fromParent ?? "top level"} → ${t.toParent ?? "top level"}`)} />
      <Section title="Team managers" items={plan.managerChanges.map((c) => `${c.team}: ${c.from ?? "none"} → ${c.to}`)} />
      <Section title="Reactivated" items={plan.reactivated.map((p) => `${p.name} <${p.email}>`)} />
      <Section title={verb("To deactivate", "Deactivated")} items={plan.deactivated.map((p) => `${p.name} <${p.email}>`)} />
      <p className="muted">{plural(plan.unchanged, "person", "people")} unchanged.</p>
    </div>
  );
}
