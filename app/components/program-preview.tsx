import { formatsFor } from "~/domain/format";
import type { ProgramPreview, RotationPreview } from "~/domain/program-plan";
import { useI18n } from "~/i18n/react";
import { FallbackNote } from "./fallback-note";
import { parseSaid } from "~/i18n/said";
import type { Translator } from "~/i18n/translate";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A said sentence whose dates travel as ISO days (a program's schedule): English keeps them as written; any
 * other language gets them in its own date style (formatsFor), like every other date on the page.
 */
export function sayWithDates({ t, say, locale }: Pick<Translator, "t" | "say" | "locale">, text: string): string {
  const found = parseSaid(text);
  const said = say(text);
  // Plain text, English, or a key this page's messages lack: as say() has it.
  if (!found || locale === "en" || said === text) return said;
  const date = formatsFor(locale).date;
  return t(found.key, Object.fromEntries(Object.entries(found.values).map(([name, value]) => [name, typeof value === "string" && ISO_DATE.test(value) ? date(value) : value])));
}

/**
 * A rotation in words (ADR 052): how many questions and minutes each wave takes against asking them all,
 * the next waves with their answering time, and each wave of one round's questions.
 */
export function RotationSummary({ rotation, fullMinutes, questions }: { rotation: RotationPreview; fullMinutes: number; questions: number }) {
  const { t, say, locale } = useI18n();
  const format = formatsFor(locale);
  if (rotation.cycle === 1) return <p className="field__hint">{t("program.rotation.none", { reason: say(rotation.unrotated ?? ""), questions, minutes: fullMinutes })}</p>;
  return (
    <div className="stack">
      <p className="field__hint">
        {t("program.rotation.turns", {
          cycle: rotation.cycle,
          sizes: rotation.slots.map((s) => s.codes.length).join(t("program.rotation.or")),
          questions,
          minutes: Math.max(...rotation.slots.map((s) => s.minutes)),
          fullMinutes,
        })}
      </p>
      {rotation.upcoming.length > 0 ? (
        <table>
          <caption>{t("program.rotation.nextWaves")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("program.rotation.opens")}</th>
              <th scope="col">{t("program.rotation.turn")}</th>
              <th scope="col" className="num">
                {t("program.rotation.questions")}
              </th>
              <th scope="col" className="num">
                {t("program.rotation.minutes")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rotation.upcoming.map((w) => (
              <tr key={w.periodStart}>
                <td>{format.date(w.periodStart)}</td>
                <td>{t("program.rotation.turnOf", { turn: w.slot + 1, cycle: rotation.cycle })}</td>
                <td className="num">{w.questions}</td>
                <td className="num">{w.minutes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <details>
        <summary>{t("program.rotation.which")}</summary>
        <ul>
          {rotation.slots.map((slot, j) => (
            <li key={j}>{t("program.rotation.turnCodes", { turn: j + 1, codes: slot.codes.join(", ") })}</li>
          ))}
        </ul>
        <p className="field__hint">{t("program.rotation.fixed", { codes: rotation.fixedCodes.join(", ") })}</p>
      </details>
    </div>
  );
}

/** The preview of a program before it is created: who is asked, when, what they see and what to know first. */
export function ProgramPreviewCard({ preview }: { preview: ProgramPreview }) {
  const i18n = useI18n();
  const { t, say, locale } = i18n;
  const format = formatsFor(locale);
  const over = preview.minutes > preview.maxMinutes;
  return (
    <section className="card" aria-labelledby="preview-h" data-testid="server-preview">
      <h2 id="preview-h">{t("program.preview.heading")}</h2>
      <p>
        {t(over ? "program.preview.whoOver" : "program.preview.who", {
          reps: preview.reps,
          teams: preview.groups.length,
          questions: preview.questions.length,
          minutes: preview.minutes,
          max: preview.maxMinutes,
        })}
      </p>
      <p>
        {sayWithDates(i18n, preview.schedule)}.{" "}
        {preview.nextWaveOn === null
          ? t("program.preview.noWave")
          : preview.opensToday
            ? t("program.preview.opensNow")
            : t("program.preview.opensOn", { date: locale === "en" ? preview.nextWaveOn : format.date(preview.nextWaveOn) })}
      </p>
      {preview.warnings.length > 0 ? (
        <div className="notice notice--warning">
          <p>{t("program.preview.beforeCreate")}</p>
          <ul>
            {preview.warnings.map((w) => (
              <li key={w}>{say(w)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.rotation ? (
        <>
          <h3>{t("program.preview.rotation")}</h3>
          <RotationSummary rotation={preview.rotation} fullMinutes={preview.minutes} questions={preview.questions.length} />
        </>
      ) : null}
      <h3>{t("program.preview.whatRepsSee")}</h3>
      <ol>
        {preview.questions.map((q) => (
          <li key={q.code}>
            <span lang={q.lang && q.lang !== locale ? q.lang : undefined}>{q.text}</span>
            {q.fallback && q.lang ? <FallbackNote lang={q.lang} /> : null}
          </li>
        ))}
      </ol>
      <p className="muted">{t("program.preview.looksRight")}</p>
    </section>
  );
}
