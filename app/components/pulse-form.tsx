import { Form } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { answerField } from "~/domain/answers";
import { AGREE7_LABELS, COMMENT_MAX_LENGTH, estimatedMinutes, type Scale } from "~/domain/instrument";
import { FormMessage } from "./forms";

export interface PulseFormProps {
  programName: string;
  teamName: string;
  closesOn: string;
  minGroupSize: number;
  minCommentGroupSize: number;
  items: Array<{ code: string; text: string; scale: Scale; dimensionName: string | null }>;
  answers: Record<string, string> | null;
  idempotencyKey: string;
  result?: { formError?: string; fieldErrors?: Record<string, string> };
  saved: string | null;
}

function groupByDimension(items: PulseFormProps["items"]) {
  const groups: Array<{ name: string; items: PulseFormProps["items"] }> = [];
  for (const item of items) {
    const name = item.dimensionName ?? (item.scale === "text" ? "In your words" : "Overall");
    const last = groups[groups.length - 1];
    if (last && last.name === name) last.items.push(item);
    else groups.push({ name, items: [item] });
  }
  return groups;
}

function countAnswered(form: HTMLFormElement, items: PulseFormProps["items"]): number {
  const data = new FormData(form);
  return items.filter((item) => String(data.get(answerField(item.code)) ?? "").trim() !== "").length;
}

/** The anonymity receipt: exactly where an answer can appear, shown before sending and after. */
export function AnonymityReceipt({ teamName, minGroupSize, minCommentGroupSize, closesOn }: Pick<PulseFormProps, "teamName" | "minGroupSize" | "minCommentGroupSize" | "closesOn">) {
  return (
    <section className="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">Where your answers can appear</h2>
      <ul>
        <li>
          Your answers count only in the results of <strong>{teamName}</strong> (and of the larger groups it belongs to).
        </li>
        <li>
          Scores are shown only for a group with at least <strong>{minGroupSize} answers</strong>; a smaller group is hidden, and so is
          any other group that would let someone work out its numbers by subtraction.
        </li>
        <li>
          Comments are shown only for a group with at least <strong>{minCommentGroupSize} answers</strong>, in shuffled order and
          dated {closesOn}, the day the pulse closes — never the day you wrote them.
        </li>
        <li>
          Nobody — not your manager, not the administrators — can see your individual answers or who answered what. Candor stores
          your answers without your name.
        </li>
      </ul>
    </section>
  );
}

export function RatingItem({ code, text, scale, value, error }: { code: string; text: string; scale: Scale; value: string; error?: string }) {
  const name = answerField(code);
  const options = scale === "agree7" ? [1, 2, 3, 4, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const ends = scale === "agree7" ? [AGREE7_LABELS[0], AGREE7_LABELS[6]] : ["Not at all likely", "Extremely likely"];
  const errorId = `${code}-error`;
  return (
    <fieldset className={`question${error ? " question--error" : ""}`} aria-describedby={error ? errorId : undefined}>
      <legend>{text}</legend>
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
      <div className={`scale scale--${options.length}`}>
        {options.map((option) => {
          const label = scale === "agree7" ? AGREE7_LABELS[option - 1] : option === 0 ? ends[0] : option === 10 ? ends[1] : null;
          return (
            <label key={option} className="scale__option">
              <input type="radio" name={name} value={String(option)} defaultChecked={value === String(option)} />
              <span className="scale__number" aria-hidden="true">
                {option}
              </span>
              <span className="visually-hidden">
                {option}
                {label ? `, ${label}` : ""}
              </span>
            </label>
          );
        })}
      </div>
      <div className="scale__ends" aria-hidden="true">
        <span>{ends[0]}</span>
        <span>{ends[1]}</span>
      </div>
      <label className="scale__skip">
        <input type="radio" name={name} value="" defaultChecked={value === ""} /> Skip this question
      </label>
    </fieldset>
  );
}

/** The rep's pulse: works without JavaScript, on a phone, with a keyboard and a screen reader. */
export function PulseForm(props: PulseFormProps) {
  const { items, answers, result } = props;
  // The form posts as a plain document (answered by the HTTP layer, see ADR 014), so "sending" is ours to show.
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // Coming back to this page from the history must not leave the button stuck on "Sending…".
    const reset = () => setBusy(false);
    window.addEventListener("pageshow", reset);
    return () => window.removeEventListener("pageshow", reset);
  }, []);
  const initial = answers ? items.filter((i) => (answers[i.code] ?? "") !== "").length : 0;
  const [answered, setAnswered] = useState(initial);
  const [commentLength, setCommentLength] = useState(items.filter((i) => i.scale === "text").map((i) => answers?.[i.code]?.length ?? 0)[0] ?? 0);
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    setAnswered(countAnswered(event.currentTarget, items));
    const target = event.target as HTMLTextAreaElement;
    if (target.tagName === "TEXTAREA") setCommentLength(target.value.length);
  };
  const minutes = estimatedMinutes(items.map((i) => i.scale));
  return (
    <>
      <p className="muted">
        For <strong>{props.teamName}</strong> · open until {props.closesOn} · about {minutes} minute{minutes === 1 ? "" : "s"} · skip any
        question you like
      </p>
      {props.saved ? (
        <div className="notice notice--success" role="status">
          <p>
            <strong>{props.saved === "changed" ? "Your changes are saved." : "Thank you — your answers are saved."}</strong> You can change
            them from this browser until {props.closesOn}.
          </p>
        </div>
      ) : null}
      <FormMessage error={result?.formError} />
      <Form method="post" reloadDocument className="pulse" onChange={onChange} onSubmit={() => setBusy(true)} noValidate>
        <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
        <div className="pulse__progress" aria-live="polite">
          <label htmlFor="pulse-progress">
            {answered} of {items.length} answered
          </label>
          <progress id="pulse-progress" max={items.length} value={answered}>
            {answered} of {items.length}
          </progress>
        </div>
        {groupByDimension(items).map((group) => (
          <section key={group.name} className="pulse__group">
            <h2>{group.name}</h2>
            {group.items.map((item) =>
              item.scale === "text" ? (
                <div key={item.code} className={`field question${result?.fieldErrors?.[answerField(item.code)] ? " field--error" : ""}`}>
                  <label htmlFor={`q-${item.code}`}>{item.text}</label>
                  <p className="field__hint" id={`q-${item.code}-hint`}>
                    Optional. Up to {COMMENT_MAX_LENGTH.toLocaleString("en")} characters ({commentLength.toLocaleString("en")} used). Avoid
                    details that would identify you.
                  </p>
                  {result?.fieldErrors?.[answerField(item.code)] ? (
                    <p className="field__error" id={`q-${item.code}-error`}>
                      {result.fieldErrors[answerField(item.code)]}
                    </p>
                  ) : null}
                  <textarea
                    id={`q-${item.code}`}
                    name={answerField(item.code)}
                    rows={4}
                    maxLength={COMMENT_MAX_LENGTH}
                    defaultValue={answers?.[item.code] ?? ""}
                    aria-describedby={`q-${item.code}-hint`}
                  />
                </div>
              ) : (
                <RatingItem
                  key={item.code}
                  code={item.code}
                  text={item.text}
                  scale={item.scale}
                  value={answers?.[item.code] ?? ""}
                  error={result?.fieldErrors?.[answerField(item.code)]}
                />
              ),
            )}
          </section>
        ))}
        <AnonymityReceipt teamName={props.teamName} minGroupSize={props.minGroupSize} minCommentGroupSize={props.minCommentGroupSize} closesOn={props.closesOn} />
        <button type="submit" className="button button--wide" disabled={busy}>
          {busy ? "Sending…" : answers ? "Save my changes" : "Send my answers"}
        </button>
      </Form>
    </>
  );
}
