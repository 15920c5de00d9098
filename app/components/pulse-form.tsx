import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { answerField } from "~/domain/answers";
import { AGREE7_LABELS, COMMENT_MAX_LENGTH, estimatedMinutes, type Scale } from "~/domain/instrument";
import { canMakeBallots, forgetClosedBallots, storedAnswers } from "~/utils/ballot-storage.client";
import { FallbackNote } from "./fallback-note";
import { FormMessage } from "./forms";
import { useI18n, useRich } from "~/i18n/react";

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
  items: Array<{ code: string; text: string; scale: Scale; dimensionName: string | null; lang?: string; fallback?: boolean }>;
  /** The answer scales' words in the page's language (English when left out). */
  anchors?: Anchors;
  answers: Record<string, string> | null;
  idempotencyKey: string;
  result?: { formError?: string; fieldErrors?: Record<string, string> };
  saved: string | null;
}

/** The words at the ends (and, for agreement, at every point) of the answer scales. */
export interface Anchors {
  agree7: readonly string[];
  nps11: readonly [string, string];
}

const ENGLISH_ANCHORS: Anchors = { agree7: AGREE7_LABELS, nps11: ["Not at all likely", "Extremely likely"] };

function groupByDimension(items: PulseFormProps["items"], names: { comment: string; overall: string }) {
  const groups: Array<{ name: string; items: PulseFormProps["items"] }> = [];
  for (const item of items) {
    const name = item.dimensionName ?? (item.scale === "text" ? names.comment : names.overall);
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
  const { t } = useI18n();
  const rich = useRich();
  return (
    <section className="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{t("receipt.title")}</h2>
      <ul>
        <li>{rich("receipt.team", { team: teamName })}</li>
        <li>{rich("receipt.scores", { min: minGroupSize })}</li>
        <li>{rich("receipt.comments", { min: minCommentGroupSize, closesOn })}</li>
        <li>{t("receipt.nobody")}</li>
        {protection ? <ProtectionNote protection={protection} /> : null}
      </ul>
    </section>
  );
}

/** Says plainly which protection this way of sending has (ADR 021). */
function ProtectionNote({ protection }: { protection: Protection }) {
  const { t } = useI18n();
  return protection === "ballot" ? (
    <li data-protection="ballot">
      <strong>{t("receipt.ballotTitle")}</strong> {t("receipt.ballot")}
    </li>
  ) : (
    <li data-protection="form">
      <strong>{t("receipt.formTitle")}</strong> {t("receipt.form")}
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
  anchors = ENGLISH_ANCHORS,
  lang,
  fallback,
}: {
  code: string;
  text: string;
  scale: Scale;
  anchors?: Anchors;
  /** The language of the text, when it is not the page's (the organisation's, for an untranslated item). */
  lang?: string;
  fallback?: boolean;
  value: string;
  error?: string;
  /** Called after "Clear answer" took the answer back (the form recounts what is answered). */
  onClear?: () => void;
}) {
  const name = answerField(code);
  const options = scale === "agree7" ? [1, 2, 3, 4, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const { t, say, locale } = useI18n();
  const ends = scale === "agree7" ? [anchors.agree7[0], anchors.agree7[6]] : anchors.nps11;
  const errorId = `${code}-error`;
  const noteId = `${code}-language`;
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
      aria-describedby={[error ? errorId : null, fallback ? noteId : null].filter(Boolean).join(" ") || undefined}
      onChange={(event) => setChosen((event.target as HTMLInputElement).value !== "")}
    >
      <legend lang={lang && lang !== locale ? lang : undefined}>{text}</legend>
      {fallback && lang ? <FallbackNote id={noteId} lang={lang} /> : null}
      {error ? (
        <p className="field__error" id={errorId}>
          {say(error)}
        </p>
      ) : null}
      <div className={`scale scale--${options.length}`}>
        {options.map((option) => {
          const label = scale === "agree7" ? anchors.agree7[option - 1] : option === 0 ? ends[0] : option === 10 ? ends[1] : null;
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
            {t("pulse.clear")}
            <span className="visually-hidden">{t("pulse.clearFor", { question: text })}</span>
          </button>
        ) : null
      ) : (
        <noscript>
          <label className="scale__clear">
            <input type="radio" name={name} value="" /> {t("pulse.noAnswer")}
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
  const { t, say, locale } = useI18n();
  const rich = useRich();
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
        setResult({ formError: t("pulse.unreachable") });
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
      <p className="muted">{rich("pulse.intro", { team: props.teamName, closesOn: props.closesOn, minutes })}</p>
      <p>{t("pulse.optional")}</p>
      <div ref={notice} tabIndex={-1} className="pulse__notice">
        {saved ? (
          <div className="notice notice--success" role="status">
            <p>
              <strong>{saved === "changed" ? t("pulse.savedChanged") : t("pulse.savedNew")}</strong> {t("pulse.savedUntil", { closesOn: props.closesOn })}
              {protection === "ballot" ? ` ${t("pulse.savedSealed")}` : null}
            </p>
            <p>
              <Link to="/">{t("pulse.backHome")}</Link>
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
        {/* The page's language, recorded with the signature when the form is sent without JavaScript (ADR 058). */}
        <input type="hidden" name="language" value={locale} />
        <div className="pulse__progress" aria-live="polite">
          <label htmlFor="pulse-progress">{t("pulse.progress", { answered, total: items.length })}</label>
          <progress id="pulse-progress" max={items.length} value={answered}>
            {t("pulse.progressShort", { answered, total: items.length })}
          </progress>
        </div>
        {groupByDimension(items, { comment: t("pulse.groupComment"), overall: t("pulse.groupOverall") }).map((group) => (
          <section key={group.name} className="pulse__group">
            <h2>{group.name}</h2>
            {group.items.map((item) =>
              item.scale === "text" ? (
                <div key={item.code} className={`field question${result?.fieldErrors?.[answerField(item.code)] ? " field--error" : ""}`}>
                  <label htmlFor={`q-${item.code}`} lang={item.lang && item.lang !== locale ? item.lang : undefined}>
                    {item.text}
                  </label>
                  {item.fallback && item.lang ? <FallbackNote id={`q-${item.code}-language`} lang={item.lang} /> : null}
                  <p className="field__hint" id={`q-${item.code}-hint`}>
                    {t("pulse.commentHint", { max: COMMENT_MAX_LENGTH, used: commentLength })}
                  </p>
                  {result?.fieldErrors?.[answerField(item.code)] ? (
                    <p className="field__error" id={`q-${item.code}-error`}>
                      {say(result.fieldErrors[answerField(item.code)]!)}
                    </p>
                  ) : null}
                  <textarea
                    id={`q-${item.code}`}
                    name={answerField(item.code)}
                    rows={4}
                    maxLength={COMMENT_MAX_LENGTH}
                    defaultValue={answers?.[item.code] ?? ""}
                    aria-describedby={item.fallback ? `q-${item.code}-language q-${item.code}-hint` : `q-${item.code}-hint`}
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
                  anchors={props.anchors}
                  lang={item.lang}
                  fallback={item.fallback}
                />
              ),
            )}
          </section>
        ))}
        <p className="muted">{t("pulse.footer")}</p>
        <button type="submit" className="button button--wide" disabled={busy}>
          {busy ? t("pulse.sending") : answers ? t("pulse.saveChanges") : t("pulse.send")}
        </button>
      </Form>
    </>
  );
}
