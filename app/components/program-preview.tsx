// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { plural } from "~/domain/plural";
import { formatDate } from "~/domain/format";
import type { ProgramPreview, RotationPreview } from "~/domain/program-plan";

/**
 * A rotation in words (ADR 052): how many questions and minutes each wave takes against asking them all,
 * the next waves with their answering time, and each wave of one round's questions.
 */
export function RotationSummary({ rotation, fullMinutes, questions }: { rotation: RotationPreview; fullMinutes: number; questions: number }) {
  if (rotation.cycle === 1)
    return (
      <p className="field__hint">
        No rotation: {rotation.unrotated} ({plural(questions, "question")}, about {plural(fullMinutes, "minute")}.)
      </p>
    );
  return (
    <div className="stack">
      <p className="field__hint">
        The questions take turns over {rotation.cycle} waves: each wave asks {rotation.slots.map((s) => s.codes.length).join(" or ")} of the {questions}, about{" "}
        {plural(Math.max(...rotation.slots.map((s) => s.minutes)), "minute")} to answer instead of {plural(fullMinutes, "minute")}.
      </p>
      {rotation.upcoming.length > 0 ? (
        <table>
          <caption>The next waves</caption>
          <thead>
            <tr>
              <th scope="col">Opens</th>
              <th scope="col">Turn</th>
              <th scope="col" className="num">
                Questions
              </th>
              <th scope="col" className="num">
                Minutes
              </th>
            </tr>
          </thead>
          <tbody>
            {rotation.upcoming.map((w) => (
              <tr key={w.periodStart}>
                <td>{formatDate(w.periodStart)}</td>
                <td>
                  {w.slot + 1} of {rotation.cycle}
                </td>
                <td className="num">{w.questions}</td>
                <td className="num">{w.minutes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <details>
        <summary>Which questions each turn asks</summary>
        <ul>
          {rotation.slots.map((slot, j) => (
            <li key={j}>
              Turn {j + 1}: {slot.codes.join(", ")}
            </li>
          ))}
        </ul>
        <p className="field__hint">Asked every time: {rotation.fixedCodes.join(", ")}.</p>
      </details>
    </div>
  );
}

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
      {preview.rotation ? (
        <>
          <h3>Rotation</h3>
          <RotationSummary rotation={preview.rotation} fullMinutes={preview.minutes} questions={preview.questions.length} />
        </>
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
