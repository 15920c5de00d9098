import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { answerField } from "~/domain/answers";
import { AGREE7_LABELS, COMMENT_MAX_LENGTH, estimatedMinutes, type Scale } from "~/domain/instrument";
import { canMakeBallots, forgetClosedBallots, storedAnswers } from "~/utils/ballot-storage.client";
import { FormMessage } from "./forms";

export interface PulseFormProps {
  waveId: string;
  /** The team's ballot key; null when this wave has none (answers go as a plain form). */
  ballot: { teamId: string; publicKey: string; personId: string } | null;
  /** When the wave closes (ISO): this browser forgets its ballot then. */
  closesAt: string;
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

/** How this page sends answers: as a sealed ballot (JavaScript, Web Crypto) or as a plain form. */
export type Protection = "ballot" | "form";

/** The anonymity receipt: exactly where an answer can appear, shown before sending and after. */
export function AnonymityReceipt({
  teamName,
  minGroupSize,
  minCommentGroupSize,
  closesOn,
  protection,
}: Pick<PulseFormProps, "teamName" | "minGroupSize" | "minCommentGroupSize" | "closesOn"> & { protection?: Protection }) {
  return (
    <section className="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">Where your answers can appear</h2>
      <ul>
        <li>
          Your answers count only in the results of <strong>{teamName}</strong> (and of the larger groups it belongs to).
        </li>
        <li>
          Scores are shown only for a group with at least <strong>{minGroupSize} answers</strong>; a smaller group is hidden, and so is any other group that would let someone work
          out its numbers by subtraction.
        </li>
        <li>
          Comments are shown only for a group with at least <strong>{minCommentGroupSize} answers</strong>, in shuffled order and dated {closesOn}, the day the pulse closes — never
          the day you wrote them.
        </li>
        <li>
          Nobody — not your manager, not the administrators — can see your individual answers or who answered what. Candor stores your answers without your name, and without the
          day or time you sent them.
        </li>
        {protection ? <ProtectionNote protection={protection} /> : null}
      </ul>
    </section>
  );
}

/** Says plainly which protection this way of sending has (ADR 021). */
function ProtectionNote({ protection }: { protection: Protection }) {
  return protection === "ballot" ? (
    <li data-protection="ballot">
      <strong>Sealed ballot.</strong> Your browser sends your answers on their own, without your sign-in, with a one-time ballot that Candor signed for your team without seeing it.
      Candor knows that you took part, but it cannot tell which answers are yours — not even someone reading its database.
    </li>
  ) : (
    <li data-protection="form">
      <strong>Plain form.</strong> This page is working without JavaScript, so your browser cannot seal your answers: Candor&apos;s server sees who sends this form while it saves
      it. It stores your answers without your name, apart from the record that you took part. For a sealed ballot, answer with JavaScript turned on.
    </li>
  );
}

/**
 * One rated question. Nothing is chosen until the person chooses: an unanswered question is skipped (the
 * form sends no value for it). With JavaScript a "Clear answer" button takes a choice back; without it, a
 * "No answer" option does the same (a browser cannot unselect a radio button by itself).
 */
export function RatingItem({
  code,
  text,
  scale,
  value,
  error,
  onClear,
}: {
  code: string;
  text: string;
  scale: Scale;
  value: string;
  error?: string;
  /** Called after "Clear answer" took the answer back (the form recounts what is answered). */
  onClear?: () => void;
}) {
  const name = answerField(code);
  const options = scale === "agree7" ? [1, 2, 3, 4, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const ends = scale === "agree7" ? [AGREE7_LABELS[0], AGREE7_LABELS[6]] : ["Not at all likely", "Extremely likely"];
  const errorId = `${code}-error`;
  const fieldset = useRef<HTMLFieldSetElement>(null);
  const [chosen, setChosen] = useState(value !== "");
  // The clear button works only once the page's JavaScript runs; until then the no-JavaScript option is there.
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const clear = () => {
    const radios = fieldset.current?.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`) ?? [];
    for (const radio of radios) radio.checked = false;
    setChosen(false);
    onClear?.();
    // The button goes away with the answer: keep the keyboard in the question.
    radios[0]?.focus();
  };
  return (
    <fieldset
      ref={fieldset}
      className={`question${error ? " question--error" : ""}`}
      aria-describedby={error ? errorId : undefined}
      onChange={(event) => setChosen((event.target as HTMLInputElement).value !== "")}
    >
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
      {enhanced ? (
        chosen ? (
          <button type="button" className="link-button scale__clear" onClick={clear}>
            Clear answer<span className="visually-hidden"> to: {text}</span>
          </button>
        ) : null
      ) : (
        <noscript>
          <label className="scale__clear">
            <input type="radio" name={name} value="" /> No answer (takes a choice back)
          </label>
        </noscript>
      )}
    </fieldset>
  );
}

/** Loaded when first needed: the blind-signature code stays out of the page's first download. */
function loadBallots() {
  return import("~/utils/ballot.client");
}

/**
 * The rep's pulse: works without JavaScript, on a phone, with a keyboard and a screen reader. With
 * JavaScript and Web Crypto, answers go as a sealed ballot (ADR 021); otherwise as a plain form post.
 */
export function PulseForm(props: PulseFormProps) {
  const { items } = props;
  const [answers, setAnswers] = useState(props.answers);
  const [result, setResult] = useState(props.result);
  const [saved, setSaved] = useState(props.saved);
  const [protection, setProtection] = useState<Protection>("form");
  // The form posts as a plain document (answered by the HTTP layer, see ADR 014), so "sending" is ours to show.
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const notice = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    // Coming back to this page from the history must not leave the button stuck on "Sending…".
    const reset = () => setBusy(false);
    window.addEventListener("pageshow", reset);
    return () => window.removeEventListener("pageshow", reset);
  }, []);
  useEffect(() => setResult(props.result), [props.result]);
  useEffect(() => {
    forgetClosedBallots();
    if (!props.ballot || !canMakeBallots()) return;
    setProtection("ballot");
    const mine = storedAnswers(props.waveId);
    if (mine) {
      setAnswers(Object.fromEntries(items.map((i) => [i.code, mine[answerField(i.code)] ?? ""])));
      setFormKey((k) => k + 1);
    }
  }, [props.ballot, props.waveId, items]);
  const initial = answers ? items.filter((i) => (answers[i.code] ?? "") !== "").length : 0;
  const [answered, setAnswered] = useState(initial);
  useEffect(() => setAnswered(initial), [initial]);
  const [commentLength, setCommentLength] = useState(items.filter((i) => i.scale === "text").map((i) => answers?.[i.code]?.length ?? 0)[0] ?? 0);
  const recount = () => {
    if (form.current) setAnswered(countAnswered(form.current, items));
  };
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    setAnswered(countAnswered(event.currentTarget, items));
    const target = event.target as HTMLTextAreaElement;
    if (target.tagName === "TEXTAREA") setCommentLength(target.value.length);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    setBusy(true);
    if (protection !== "ballot" || !props.ballot) return; // a plain form post
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const fields: Record<string, string> = {};
    for (const item of items) fields[answerField(item.code)] = String(data.get(answerField(item.code)) ?? "");
    const target = {
      waveId: props.waveId,
      teamId: props.ballot.teamId,
      publicKey: props.ballot.publicKey,
      signPath: `${pathname}/ballot-signature`,
      personId: props.ballot.personId,
      ballotPath: "/ballots",
      closesAt: props.closesAt,
      programName: props.programName,
    };
    loadBallots()
      .then((ballots) => ballots.sendBallot(target, fields))
      .then((outcome) => {
        if (outcome.kind === "saved") {
          setSaved(outcome.changed || answers ? "changed" : "new");
          setResult(undefined);
          setAnswers(Object.fromEntries(items.map((i) => [i.code, fields[answerField(i.code)] ?? ""])));
        } else {
          setSaved(null);
          setResult({ formError: outcome.message, fieldErrors: outcome.fieldErrors });
        }
      })
      .catch(() => {
        setSaved(null);
        setResult({ formError: "Your answers could not be sent: Candor could not be reached. They are still on this page; try again in a moment." });
      })
      .finally(() => {
        setBusy(false);
        notice.current?.focus();
        notice.current?.scrollIntoView({ block: "start" });
      });
  };
  const minutes = estimatedMinutes(items.map((i) => i.scale));
  return (
    <>
      <p className="muted">
        For <strong>{props.teamName}</strong> · open until {props.closesOn} · about {minutes} minute{minutes === 1 ? "" : "s"}
      </p>
      <p>Every question is optional: a question you leave unanswered is skipped. You can take an answer back with &ldquo;Clear answer&rdquo;.</p>
      <div ref={notice} tabIndex={-1} className="pulse__notice">
        {saved ? (
          <div className="notice notice--success" role="status">
            <p>
              <strong>{saved === "changed" ? "Your changes are saved." : "Thank you — your answers are saved."}</strong> You can change them from this browser until{" "}
              {props.closesOn}.{protection === "ballot" ? " They went as a sealed ballot: Candor cannot tell that they are yours." : null}
            </p>
            <p>
              <Link to="/">Back to the home page</Link>
            </p>
          </div>
        ) : null}
        <FormMessage error={result?.formError} />
      </div>
      {/* The promise comes before the first question, so people know it while they answer. */}
      <AnonymityReceipt
        teamName={props.teamName}
        minGroupSize={props.minGroupSize}
        minCommentGroupSize={props.minCommentGroupSize}
        closesOn={props.closesOn}
        protection={protection}
      />
      <Form ref={form} key={formKey} method="post" reloadDocument className="pulse" onChange={onChange} onSubmit={onSubmit} noValidate>
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
                    Optional. Up to {COMMENT_MAX_LENGTH.toLocaleString("en")} characters ({commentLength.toLocaleString("en")} used). Avoid details that would identify you.
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
                  onClear={recount}
                />
              ),
            )}
          </section>
        ))}
        <p className="muted">Where your answers can appear is explained at the top of this page: never with your name.</p>
        <button type="submit" className="button button--wide" disabled={busy}>
          {busy ? "Sending…" : answers ? "Save my changes" : "Send my answers"}
        </button>
      </Form>
    </>
  );
}
