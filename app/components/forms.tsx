import { useEffect, useRef, useState, type ReactNode } from "react";
import { Said, useI18n } from "~/i18n/react";

export interface FieldProps {
  name: string;
  label: string;
  type?: string;
  defaultValue?: string | number;
  error?: string;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  inputMode?: "email" | "numeric" | "text" | "search";
  id?: string;
  min?: number;
  max?: number;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({ name, label, type = "text", defaultValue, error, hint, required, autoComplete, inputMode, id, min, max }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const described = [hint ? `${inputId}-hint` : null, error ? `${inputId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${inputId}-error`}>
          <Said text={error} />
        </p>
      ) : null}
      <input
        id={inputId}
        name={name}
        type={type}
        defaultValue={defaultValue}
        required={required}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        min={min}
        max={max}
      />
    </div>
  );
}

export interface SelectProps {
  name: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  defaultValue?: string;
  error?: string;
  hint?: string;
  id?: string;
}

export function SelectField({ name, label, options, defaultValue, error, hint, id }: SelectProps) {
  const selectId = id ?? `field-${name}`;
  const described = [hint ? `${selectId}-hint` : null, error ? `${selectId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={selectId}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${selectId}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${selectId}-error`}>
          <Said text={error} />
        </p>
      ) : null}
      <select id={selectId} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={described}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The message above a form: an error summary, or a confirmation. */
export function FormMessage({ error, success }: { error?: string; success?: string }) {
  if (error) {
    return (
      <div className="notice notice--error" role="alert">
        <Said text={error} />
      </div>
    );
  }
  if (success) {
    return (
      <div className="notice notice--success" role="status">
        <Said text={success} />
      </div>
    );
  }
  return null;
}

export function Notice({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "warning" | "error" | "success" }) {
  return <div className={`notice notice--${tone}`}>{children}</div>;
}

/** A labelled multi-line input, marked up like Field: hint and error tied to it for screen readers. */
export function TextAreaField({
  id,
  name,
  label,
  hint,
  error,
  defaultValue,
  maxLength,
  rows = 4,
}: {
  id?: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  maxLength: number;
  rows?: number;
}) {
  const fieldId = id ?? `field-${name}`;
  const described = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={fieldId}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${fieldId}-error`}>
          <Said text={error} />
        </p>
      ) : null}
      <textarea id={fieldId} name={name} rows={rows} maxLength={maxLength} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={described} />
    </div>
  );
}

/** A group of checkboxes under one legend, its error tied to the group for screen readers. */
export function CheckboxGroup({
  name,
  legend,
  options,
  checked = [],
  error,
}: {
  name: string;
  legend: string;
  options: ReadonlyArray<{ value: string; label: ReactNode }>;
  checked?: readonly string[];
  error?: string;
}) {
  return (
    <fieldset aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {error ? (
        <p className="field__error" id={`${name}-error`}>
          <Said text={error} />
        </p>
      ) : null}
      {options.map((o) => (
        <div className="checkbox" key={o.value}>
          <input id={`${name}-${o.value}`} name={name} type="checkbox" value={o.value} defaultChecked={checked.includes(o.value)} />
          <label htmlFor={`${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * The key a form that creates something carries (made when the page is shown): the server creates once per
 * key, so a second click or "send again" makes no duplicate. Give the form `key={submissionKey}` too, so that
 * it starts empty again when the page comes back with a new key after a save.
 */
export function SubmissionKey({ value }: { value: string }) {
  return <input type="hidden" name="submissionKey" value={value} />;
}

/**
 * A secret shown once, as text that selects whole with one click (without JavaScript: click, then copy), with
 * a button that copies it to the clipboard and says "Copied". The button appears once the page's script runs.
 */
export function CopyableSecret({ value, label }: { value: string; label: string }) {
  const { t, rich } = useI18n();
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const text = useRef<HTMLElement>(null);
  useEffect(() => setReady(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      const range = document.createRange();
      if (text.current) range.selectNodeContents(text.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied("failed");
    }
  };
  return (
    <div className="copyable">
      <code ref={text} className="token copyable__value">
        {value}
      </code>
      {ready ? (
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          {rich<ReactNode>("copy.button", {
            label,
            hidden: (chunks) => (
              <span key="hidden" className="visually-hidden">
                {chunks}
              </span>
            ),
          })}
        </button>
      ) : null}
      <span role="status" className="copyable__status">
        {copied === "yes" ? t("copy.copied") : copied === "failed" ? t("copy.failed") : ""}
      </span>
    </div>
  );
}
