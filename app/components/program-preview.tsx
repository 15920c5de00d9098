import { plural } from "~/domain/plural";
import type { ProgramPreview } from "~/domain/program-plan";

/** The preview of a program before it is created: who is asked, when, what they see and what to know first. */
export function ProgramPreviewCard({ preview }: { preview: ProgramPreview }) {
  return (
    <section className="card" aria-labelledby="preview-h" data-testid="server-preview">
      <h2 id="preview-h">Preview: nothing is created yet</h2>
      <p>
        {plural(preview.reps, "rep")} in {plural(preview.groups.length, "team")} will be asked {plural(preview.questions.length, "question")}, about{" "}
        {plural(preview.minutes, "minute")} to answer{preview.minutes > preview.maxMinutes ? ` (over ${preview.maxMinutes}: consider fewer items)` : ""}.
      </p>
      <p>
        {preview.schedule}.{" "}
        {preview.nextWaveOn === null
          ? "No wave will open on this schedule: its dates have passed."
          : preview.opensToday
            ? "The first wave opens as soon as you create it, and the invitations go out at once."
            : `The first wave opens on ${preview.nextWaveOn}.`}
      </p>
      {preview.warnings.length > 0 ? (
        <div className="notice notice--warning">
          <p>Before you create it:</p>
          <ul>
            {preview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3>What reps will see</h3>
      <ol>
        {preview.questions.map((q) => (
          <li key={q.code}>{q.text}</li>
        ))}
      </ol>
      <p className="muted">If it looks right, create it with the button below the form.</p>
    </section>
  );
}
