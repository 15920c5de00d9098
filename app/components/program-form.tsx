import { useState, type FormEvent, type ReactNode } from "react";
import { z } from "zod";
import { formList, formText } from "~/utils/form-fields";
import { Field, SelectField } from "~/components/forms";
import { estimatedMinutes, MAX_RECOMMENDED_MINUTES, type Scale } from "~/domain/instrument";
import { summarisePlan, type OtherProgram, type PlanTeam } from "~/domain/program-plan";
import { describeRotation, planRotation } from "~/domain/rotation";
import { CADENCE_KEYS, CADENCE_LABELS, type Cadence } from "~/domain/schedule";
import { useI18n } from "~/i18n/react";
import type { MessageKey } from "~/i18n/translate";
import { RotationSummary } from "~/components/program-preview";
import { FallbackNote } from "~/components/fallback-note";

/** An item as the item bank gives it for the page's language (getItemBank): its words, and the language they are in. */
interface BankItem {
  code: string;
  shownText: string;
  shownLang: string;
  /** The item lacks the page's language: shown in another, and the form says so. */
  fallback: boolean;
  scale: Scale;
  retiredAt: Date | string | null;
}

interface ProgramFormBank {
  dimensions: Array<{ key: string; shownName: string; items: BankItem[] }>;
  otherItems: BankItem[];
}

/** What the program form shows in its fields: the defaults, or what was sent when the server refused it. */
export interface ProgramFormValues {
  name: string;
  dimensionKeys: string[];
  itemCodes: string[];
  teamIds: string[];
  includeSubteams: boolean;
  cadence: string;
  startsOn: string;
  openDays: string;
  reminderDays: string;
  /** Each wave asks a rotating share of the questions (ADR 052). */
  rotation: boolean;
  /** The seed the rotation's plan comes from: a new program's preview is the plan it gets. */
  rotationSeed: string;
}

interface ProgramFormProps {
  bank: ProgramFormBank;
  /** Teams in tree order with their depth, for the list of checkboxes. */
  teams: Array<{ id: string; name: string; depth: number }>;
  /** The teams with their parents and reps, the minimum group and running programs: for the live warnings. */
  plan: { tree: PlanTeam[]; minGroupSize: number; running: OtherProgram[]; today: string; fiscalStartMonth: number };
  values: ProgramFormValues;
  errors: Record<string, string>;
}

const SCALE_WORDS: Record<Scale, MessageKey> = {
  agree7: "program.form.scaleAgree7",
  nps11: "program.form.scaleNps11",
  text: "program.form.scaleText",
};

const active = <T extends { retiredAt: Date | string | null }>(items: T[]) => items.filter((i) => !i.retiredAt);

interface Chosen {
  codes: Set<string>;
  teamIds: string[];
  includeSubteams: boolean;
  cadence: string;
  startsOn: string;
  rotation: boolean;
}

type ChosenFields = Omit<Chosen, "codes"> & { dimensionKeys: Iterable<string>; itemCodes: Iterable<string> };

function chosenFrom(bank: ProgramFormBank, v: ChosenFields): Chosen {
  const dims = new Set(v.dimensionKeys);
  const codes = new Set(v.itemCodes);
  for (const d of bank.dimensions) if (dims.has(d.key)) for (const i of active(d.items)) codes.add(i.code);
  return { codes, teamIds: v.teamIds, includeSubteams: v.includeSubteams, cadence: v.cadence, startsOn: v.startsOn, rotation: v.rotation };
}

const isCadence = (value: string): value is Cadence => Object.hasOwn(CADENCE_LABELS, value);

/**
 * The fields of a pulse program (new or edited) with what reps will see and who is asked, kept up to date as
 * boxes are ticked: the questions in order with the minutes, the reps asked, and the warnings (teams below
 * the minimum group, reps already in another running program). Without JavaScript the same appears for
 * what was last sent (the Preview button). The route draws the form element and its buttons around it.
 */
export function ProgramFields({ bank, teams, plan, values, errors }: ProgramFormProps) {
  const [chosen, setChosen] = useState(() => chosenFrom(bank, values));
  const { t, say, locale } = useI18n();
  const langOf = (item: BankItem) => (item.shownLang !== locale ? item.shownLang : undefined);
  const onChange = (event: FormEvent<HTMLDivElement>) => {
    const form = (event.target as HTMLElement).closest("form");
    if (!form) return;
    const data = new FormData(form);
    setChosen(
      chosenFrom(bank, {
        dimensionKeys: data.getAll("dimensionKeys").map(String),
        itemCodes: data.getAll("itemCodes").map(String),
        teamIds: data.getAll("teamIds").map(String),
        includeSubteams: data.get("includeSubteams") === "on",
        cadence: String(data.get("cadence") ?? ""),
        startsOn: String(data.get("startsOn") ?? ""),
        rotation: data.get("rotation") === "on",
      }),
    );
  };
  const allItems = [
    ...bank.dimensions.flatMap((d) => active(d.items).map((i) => ({ ...i, dimensionKey: d.key as string | null, dimensionName: d.shownName as string | null }))),
    ...active(bank.otherItems).map((i) => ({ ...i, dimensionKey: null, dimensionName: null })),
  ];
  const questions = allItems.filter((i) => chosen.codes.has(i.code));
  const minutes = estimatedMinutes(questions.map((q) => q.scale));
  // The same plan the server makes: it depends on each dimension's items in order, the cadence and the seed.
  const seed = Number(values.rotationSeed) || 0;
  const rotationItems = questions.map((q) => ({ id: q.code, code: q.code, dimensionKey: q.dimensionKey, scale: q.scale }));
  const rotation =
    chosen.rotation && questions.length > 0 && isCadence(chosen.cadence) && /^\d{4}-\d{2}-\d{2}$/.test(chosen.startsOn)
      ? describeRotation(
          rotationItems,
          planRotation(rotationItems, chosen.cadence, seed),
          { cadence: chosen.cadence, startsOn: chosen.startsOn, openDays: 1 },
          plan.fiscalStartMonth,
          chosen.startsOn > plan.today ? chosen.startsOn : plan.today,
          6,
        )
      : null;
  const summary = summarisePlan({
    tree: plan.tree,
    chosen: chosen.teamIds.map((teamId) => ({ teamId, includeSubteams: chosen.includeSubteams })),
    minGroupSize: plan.minGroupSize,
    otherPrograms: plan.running,
  });
  const repsOf = new Map(plan.tree.map((t) => [t.id, t.reps]));
  const dims = new Set(values.dimensionKeys);
  const codes = new Set(values.itemCodes);
  const teamSet = new Set(values.teamIds);
  return (
    <div className="stack" onChange={onChange}>
      <Field name="name" label={t("program.form.name")} error={errors.name} defaultValue={values.name} hint={t("program.form.nameHint")} />
      <fieldset id="items" aria-describedby={errors.items ? "items-error" : undefined}>
        <legend>{t("program.form.questions")}</legend>
        {errors.items ? (
          <p className="field__error" id="items-error">
            {say(errors.items)}
          </p>
        ) : null}
        <p className="field__hint">{t("program.form.questionsHint")}</p>
        {bank.dimensions.map((d) => (
          // The dimension's checkbox sits beside its disclosure, not in the summary: a summary is a button,
          // and a control inside a button is not reachable as itself by keyboard or screen reader.
          <div key={d.key} className="dimension-pick">
            <div className="checkbox">
              <input id={`dim-${d.key}`} type="checkbox" name="dimensionKeys" value={d.key} defaultChecked={dims.has(d.key)} />
              <label htmlFor={`dim-${d.key}`}>{t("program.form.wholeDimension", { name: d.shownName, count: active(d.items).length })}</label>
            </div>
            <details>
              <summary className="dimension-pick__summary">{t("program.form.singleItems", { name: d.shownName })}</summary>
              {active(d.items).map((item) => (
                <ItemCheckbox key={item.code} item={item} checked={codes.has(item.code)} nested lang={langOf(item)}>
                  {item.shownText}
                </ItemCheckbox>
              ))}
            </details>
          </div>
        ))}
        {active(bank.otherItems).map((item) => (
          <ItemCheckbox key={item.code} item={item} checked={codes.has(item.code)}>
            {t(item.scale === "nps11" ? "program.form.enpsItem" : "program.form.commentItem", { text: item.shownText })}
          </ItemCheckbox>
        ))}
        <div aria-live="polite" className="program-preview" data-testid="program-preview">
          {questions.length === 0 ? (
            <p className="field__hint">{t("program.form.chooseQuestion")}</p>
          ) : (
            <>
              <p className={minutes > MAX_RECOMMENDED_MINUTES ? "notice notice--warning" : "field__hint"}>
                {t(minutes > MAX_RECOMMENDED_MINUTES ? "program.form.estimateOver" : "program.form.estimate", {
                  questions: questions.length,
                  minutes,
                  max: MAX_RECOMMENDED_MINUTES,
                })}
              </p>
              <details>
                <summary>{t("program.form.whatRepsSee", { questions: questions.length })}</summary>
                <ol className="program-preview__questions">
                  {questions.map((q) => (
                    <li key={q.code}>
                      <span lang={langOf(q)}>{q.shownText}</span>
                      <span className="muted">
                        {" "}
                        — {q.dimensionName ? t("program.form.dimensionAndScale", { dimension: q.dimensionName, scale: t(SCALE_WORDS[q.scale]) }) : t(SCALE_WORDS[q.scale])}
                      </span>
                      {q.fallback ? <FallbackNote lang={q.shownLang} /> : null}
                    </li>
                  ))}
                </ol>
              </details>
            </>
          )}
        </div>
      </fieldset>
      <fieldset id="teamIds" aria-describedby={errors.teamIds ? "teamIds-error" : undefined}>
        <legend>{t("program.form.whoIsAsked")}</legend>
        {errors.teamIds ? (
          <p className="field__error" id="teamIds-error">
            {say(errors.teamIds)}
          </p>
        ) : null}
        <p className="field__hint">{t("program.form.whoHint", { min: plan.minGroupSize })}</p>
        {teams.map((team) => (
          <div key={team.id} className="checkbox" style={{ paddingInlineStart: `${team.depth * 1.25}rem` }}>
            <input id={`team-${team.id}`} type="checkbox" name="teamIds" value={team.id} defaultChecked={teamSet.has(team.id)} />
            <label htmlFor={`team-${team.id}`}>
              {team.name} <span className="muted">{t("program.form.teamReps", { reps: repsOf.get(team.id) ?? 0 })}</span>
            </label>
          </div>
        ))}
        <div className="checkbox">
          <input id="subteams" type="checkbox" name="includeSubteams" defaultChecked={values.includeSubteams} />
          <label htmlFor="subteams">{t("program.form.subteams")}</label>
        </div>
        <div aria-live="polite" data-testid="program-audience">
          {chosen.teamIds.length > 0 ? <p className="field__hint">{t("program.form.repsAsked", { reps: summary.reps })}</p> : null}
          {summary.warnings.length > 0 ? (
            <div className="notice notice--warning">
              <p>{t("program.form.beforeGoingOn")}</p>
              <ul>
                {summary.warnings.map((w) => (
                  <li key={w}>{say(w)}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      </fieldset>
      <SelectField
        name="cadence"
        label={t("program.form.cadence")}
        defaultValue={values.cadence}
        options={(Object.keys(CADENCE_KEYS) as Cadence[]).map((value) => ({ value, label: t(CADENCE_KEYS[value]) }))}
        error={errors.cadence}
      />
      <Field name="startsOn" label={t("program.form.startsOn")} type="date" defaultValue={values.startsOn} error={errors.startsOn} hint={t("program.form.startsOnHint")} />
      <Field name="openDays" label={t("program.form.openDays")} type="number" min={1} max={90} defaultValue={values.openDays} error={errors.openDays} />
      <Field name="reminderDays" label={t("program.form.reminderDays")} defaultValue={values.reminderDays} error={errors.reminderDays} hint={t("program.form.reminderDaysHint")} />
      <fieldset id="rotation">
        <legend>{t("program.form.rotation")}</legend>
        <input type="hidden" name="rotationSeed" value={values.rotationSeed} />
        <div className="checkbox">
          <input id="field-rotation" type="checkbox" name="rotation" defaultChecked={values.rotation} aria-describedby="rotation-hint" />
          <label htmlFor="field-rotation">{t("program.form.rotate")}</label>
        </div>
        <p className="field__hint" id="rotation-hint">
          {t("program.form.rotateHint")}
        </p>
        <div aria-live="polite" data-testid="rotation-preview">
          {rotation ? <RotationSummary rotation={rotation} fullMinutes={minutes} questions={questions.length} /> : null}
        </div>
      </fieldset>
    </div>
  );
}

const FIELD_LABELS: Record<string, MessageKey> = {
  name: "program.form.name",
  items: "program.form.questions",
  itemCodes: "program.form.questions",
  teamIds: "program.form.whoIsAsked",
  cadence: "program.form.cadence",
  startsOn: "program.form.startsOn",
  openDays: "program.form.daysOpen",
  reminderDays: "program.form.reminderDaysShort",
  rotation: "program.form.rotation",
};

/** Every field error at once, each a link to its field, above the form (its message says how many). */
/** One item's checkbox (`itemCodes`), with the note that its words are in another language when they are. */
function ItemCheckbox({ item, checked, nested = false, lang, children }: { item: BankItem; checked: boolean; nested?: boolean; lang?: string; children: ReactNode }) {
  const id = `item-${item.code}`;
  return (
    <>
      <div className={nested ? "checkbox checkbox--nested" : "checkbox"}>
        <input id={id} type="checkbox" name="itemCodes" value={item.code} defaultChecked={checked} aria-describedby={item.fallback ? `${id}-language` : undefined} />
        <label htmlFor={id} lang={lang}>
          {children}
        </label>
      </div>
      {item.fallback ? <FallbackNote id={`${id}-language`} lang={item.shownLang} /> : null}
    </>
  );
}

export function ProgramErrorSummary({ message, errors }: { message?: string; errors: Record<string, string> }) {
  const { t, say } = useI18n();
  const entries = Object.entries(errors);
  if (!message && entries.length === 0) return null;
  return (
    <div className="notice notice--error" role="alert" data-testid="error-summary">
      <p>{message ? say(message) : t("program.form.checkFields")}</p>
      {entries.length > 0 ? (
        <ul>
          {entries.map(([field, error]) => (
            <li key={field}>
              <a href={`#${field === "items" || field === "teamIds" ? field : `field-${field}`}`}>
                {t("program.form.errorLine", { field: Object.hasOwn(FIELD_LABELS, field) ? t(FIELD_LABELS[field]!) : field, error: say(error) })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The program form's fields as the actions read them (new program, edit): the form's shape only; what each
 * value must be is the service's rule, which checks every field at once (ADR 031).
 */
export const programFieldsSchema = z.object({
  name: formText,
  dimensionKeys: formList,
  itemCodes: formList,
  teamIds: formList,
  includeSubteams: formText.transform((v) => v === "on"),
  cadence: formText,
  startsOn: formText,
  openDays: formText,
  reminderDays: formText,
  rotation: formText.transform((v) => v === "on"),
  rotationSeed: formText,
});
