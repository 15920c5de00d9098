import { ar } from "./ar";
import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { ja } from "./ja";
import type { LanguageCode, Lexicon } from "./lexicon";
import { pt } from "./pt";
import { THEME_KEYS, type Sentiment, type ThemeKey } from "./taxonomy";

/**
 * The comment theme tagger (issue 28, ADR 053): pure functions over the lexicons of app/domain/themes,
 * no model and nothing downloaded. A comment's language is recognised from its script and its small
 * words; its themes are every theme one of whose patterns it contains (in its language, plus the sales
 * words English lends every language: CRM, Salesforce, forecast, pipeline…); its sentiment counts the
 * feeling words, each turned round by a negator before it (or after it, where the language puts it there).
 */

export const LEXICONS: Record<LanguageCode, Lexicon> = { en, de, fr, es, pt, ja, ar };

/** Sales words written in English whatever the language of the comment around them. */
const LOAN_WORDS: Partial<Record<ThemeKey, readonly string[]>> = {
  forecasting: ["forecast*", "commit", "upside", "sandbag*"],
  "pipeline-reviews": ["pipeline*", "deal review*"],
  "tools-crm": ["crm", "salesforce", "sfdc", "hubspot", "gong", "outreach", "salesloft", "cpq", "dashboard*"],
  "workload-quota": ["quota*"],
  "manager-behaviour": ["micromanag*", "1on1"],
};

export interface CommentTags {
  language: LanguageCode;
  themes: ThemeKey[];
  sentiment: Sentiment;
}

/** Lower case, accents removed (é → e), ß → ss, apostrophes and hyphens as word breaks, English n't as "not". */
function normaliseLatin(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/n['’]t\b/g, " not")
    .replace(/\bcan ?not\b/g, "can not");
}

function normaliseArabic(text: string): string {
  return text
    .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
    .replace(/[أإآ]/g, "ا")
    .replace(/ة/g, "ه")
    .replace(/ى/g, "ي")
    .replace(/ؤ/g, "و")
    .replace(/ئ/g, "ي")
    .toLowerCase();
}

interface Clause {
  words: string[];
  /** Ends with a question mark: a question or a suggestion, not a statement. */
  question: boolean;
}

/** Clauses (split at . , ; : ! ? and their Japanese and Arabic forms), each a list of words. */
function clauses(normalised: string): Clause[] {
  const parts = normalised.split(/([.,;:!?。、！？،؛\n]+)/u);
  const result: Clause[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const words = parts[i]!.split(/[^\p{L}\p{N}:]+/u).filter(Boolean);
    if (words.length > 0) result.push({ words, question: /[?？؟]/u.test(parts[i + 1] ?? "") });
  }
  return result;
}

/** Recognises the language: Japanese and Arabic by script, the others by their most frequent small words (English when none). */
export function detectLanguage(text: string): LanguageCode {
  if (/[\u3040-\u30ff\u4e00-\u9fff]/u.test(text)) return "ja";
  if (/[\u0600-\u06ff]/u.test(text)) return "ar";
  const words = text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean)
    .map((w) => w.normalize("NFKD").replace(/\p{M}/gu, ""));
  // Accented letters are strong hints, before the small words.
  const hints: Partial<Record<LanguageCode, number>> = {
    de: (text.match(/[äöüß]/giu) ?? []).length * 2,
    fr: (text.match(/[èêàùëîœ]/giu) ?? []).length,
    es: (text.match(/[ñ¿¡]/giu) ?? []).length * 2,
    pt: (text.match(/[ãõ]|ção|ções/giu) ?? []).length * 2,
  };
  let best: LanguageCode = "en";
  let bestScore = 0;
  for (const code of ["en", "de", "fr", "es", "pt"] as const) {
    const stop = new Set(LEXICONS[code].stopwords);
    // English is the default, so a tie goes to the other language: "No me siento valorado" is Spanish.
    const score = words.filter((w) => stop.has(w)).length + (hints[code] ?? 0) - (code === "en" ? 0.5 : 0);
    if (score > bestScore) {
      best = code;
      bestScore = score;
    }
  }
  return best;
}

type WordMatcher = (word: string) => boolean;

const compiled = new Map<string, WordMatcher[]>();

/** A pattern as one matcher per word: exact, `stem*` or `*inside*`. */
function compile(pattern: string): WordMatcher[] {
  const known = compiled.get(pattern);
  if (known) return known;
  const matchers = normaliseLatin(pattern)
    .split(/[\s'’-]+/u)
    .filter(Boolean)
    .map((part): WordMatcher => {
      if (part.startsWith("*") && part.endsWith("*") && part.length > 2) {
        const inner = part.slice(1, -1);
        return (w) => w.includes(inner);
      }
      if (part.startsWith("*")) {
        const tail = part.slice(1);
        return (w) => w.endsWith(tail);
      }
      if (part.endsWith("*")) {
        const stem = part.slice(0, -1);
        return (w) => w.startsWith(stem);
      }
      return (w) => w === part;
    });
  compiled.set(pattern, matchers);
  return matchers;
}

/** Where a pattern matches in a clause: each match's first and last word index. */
function wordMatches(words: readonly string[], pattern: string): Array<[number, number]> {
  const matchers = compile(pattern);
  if (matchers.length === 0) return [];
  const found: Array<[number, number]> = [];
  for (let i = 0; i + matchers.length <= words.length; i++) {
    if (matchers.every((m, j) => m(words[i + j]!))) found.push([i, i + matchers.length - 1]);
  }
  return found;
}

function textMatches(text: string, pattern: string): Array<[number, number]> {
  const needle = pattern.toLowerCase();
  const found: Array<[number, number]> = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push([at, at + needle.length - 1]);
  return found;
}

/** The longest matches first, and no two overlapping: "too much" counts once, not as "too much" and "much". */
function claim(matches: Array<{ start: number; end: number; weight: number }>): Array<{ start: number; end: number; weight: number }> {
  const taken: Array<{ start: number; end: number; weight: number }> = [];
  for (const m of [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)) {
    if (!taken.some((t) => m.start <= t.end && t.start <= m.end)) taken.push(m);
  }
  return taken;
}

const NEGATION_WINDOW = 3;
/** Words after a feeling word in which a language's after-negators ("nicht") turn it round. */
const AFTER_REACH = 2;
/** Characters after a Japanese feeling word in which ない, ません… turn it round. */
const JA_NEGATION_REACH = 6;

interface Feeling {
  positive: number;
  negative: number;
}

/**
 * Adds up one clause's feeling: each match of a feeling word counts once (longest first); a negated
 * good word counts as bad, a negated bad word not at all ("not bad" is faint praise at most); the good
 * words of a wish or a question do not count; and a clause with a negator but no feeling word ("the
 * integration does not work") counts as one bad word. Set phrases (`neutral`) count for nothing.
 */
function clauseFeeling(
  lexicon: Lexicon,
  matches: Array<{ start: number; end: number; weight: number }>,
  negatedAt: (start: number, end: number) => boolean,
  options: { wish: boolean; hasNegator: (inside: Array<{ start: number; end: number }>) => boolean },
): Feeling {
  const claimed = claim(matches);
  let positive = 0;
  let negative = 0;
  for (const m of claimed) {
    if (m.weight === 0) continue;
    const weight = negatedAt(m.start, m.end) ? (m.weight > 0 ? -1 : 0) : m.weight;
    if (weight > 0 && !options.wish) positive++;
    else if (weight < 0) negative++;
  }
  if (lexicon.matching !== "text" && !claimed.some((m) => m.weight !== 0) && options.hasNegator(claimed.filter((m) => m.weight === 0))) negative++;
  return { positive, negative };
}

function matchAll(lexicon: Lexicon, find: (pattern: string) => Array<[number, number]>) {
  return [
    ...lexicon.positive.flatMap((p) => find(p).map(([start, end]) => ({ start, end, weight: 1 }))),
    ...lexicon.negative.flatMap((p) => find(p).map(([start, end]) => ({ start, end, weight: -1 }))),
    ...lexicon.neutral.flatMap((p) => find(p).map(([start, end]) => ({ start, end, weight: 0 }))),
  ];
}

function wordsFeeling(lexicon: Lexicon, clause: Clause): Feeling {
  const { words } = clause;
  const negators = new Set(lexicon.negators.map(normaliseLatin));
  const after = new Set((lexicon.negatorsAfter ?? []).map(normaliseLatin));
  const wish = clause.question || lexicon.wishes.some((p) => wordMatches(words, p).length > 0);
  return clauseFeeling(
    lexicon,
    matchAll(lexicon, (p) => wordMatches(words, p)),
    // A negator that is itself the feeling word ("never", "nobody") does not turn itself round.
    (start, end) =>
      !negators.has(words[start]!) &&
      (words.slice(Math.max(0, start - NEGATION_WINDOW), start).some((w) => negators.has(w)) || words.slice(end + 1, end + 1 + AFTER_REACH).some((w) => after.has(w))),
    // A bare negator counts in a clause of three words or more ("n/a" and "no." say nothing).
    { wish, hasNegator: (set) => words.length >= 3 && words.some((w, i) => negators.has(w) && !set.some((m) => m.start <= i && i <= m.end)) },
  );
}

function textFeeling(lexicon: Lexicon, text: string): Feeling {
  const wish = lexicon.wishes.some((p) => text.includes(p));
  return clauseFeeling(
    lexicon,
    matchAll(lexicon, (p) => textMatches(text, p)),
    (_start, end) => (lexicon.negatorsAfter ?? []).some((n) => text.slice(end + 1, end + 1 + JA_NEGATION_REACH).includes(n)),
    { wish, hasNegator: () => false },
  );
}

/** Arabic: each pattern inside a word (its prefixes kept), negators the words before. */
function insideWordsFeeling(lexicon: Lexicon, clause: Clause): Feeling {
  const joined = clause.words.join(" ");
  const wordAt = (offset: number) => joined.slice(0, offset).split(" ").length - 1;
  const negators = new Set(lexicon.negators);
  const wish = clause.question || lexicon.wishes.some((p) => joined.includes(p));
  return clauseFeeling(
    lexicon,
    matchAll(lexicon, (p) => textMatches(joined, p)),
    (start) => {
      const index = wordAt(start);
      return clause.words.slice(Math.max(0, index - NEGATION_WINDOW), index).some((w) => negators.has(w));
    },
    {
      wish,
      hasNegator: (set) => clause.words.some((w, i) => negators.has(w) && !set.some((m) => wordAt(m.start) <= i && i <= wordAt(m.end))),
    },
  );
}

function sentimentOf(positive: number, negative: number, contrasted: boolean): Sentiment {
  if (positive === 0 && negative === 0) return "neutral";
  if (positive === 0) return "negative";
  if (negative === 0) return "positive";
  if (contrasted) return "mixed";
  // Without a "but", equal counts lean negative: complaints use good words in passing ("the best leads go to his favourites").
  return positive > negative ? "positive" : "negative";
}

/**
 * Tags one comment: its language (recognised, or as given), every theme it speaks of (in taxonomy
 * order), and its sentiment (positive, negative, mixed when both feelings are there and joined by "but"
 * or equal, neutral when neither).
 *
 * @example tagComment("Quota went up 40% and nobody explained why").themes // ["workload-quota"]
 */
export function tagComment(text: string, language: LanguageCode = detectLanguage(text)): CommentTags {
  const lexicon = LEXICONS[language];
  const themes = new Set<ThemeKey>();
  let positive = 0;
  let negative = 0;
  let contrasted = false;
  if (lexicon.matching === "words") {
    const parts = clauses(normaliseLatin(text));
    for (const clause of parts) {
      for (const key of THEME_KEYS) {
        if ([...lexicon.themes[key], ...(LOAN_WORDS[key] ?? [])].some((p) => wordMatches(clause.words, p).length > 0)) themes.add(key);
      }
      const s = wordsFeeling(lexicon, clause);
      positive += s.positive;
      negative += s.negative;
      if (lexicon.contrast.some((p) => wordMatches(clause.words, p).length > 0)) contrasted = true;
    }
  } else {
    const normalised = language === "ar" ? normaliseArabic(text) : text.normalize("NFKC").toLowerCase();
    const latin = clauses(normaliseLatin(normalised.replace(/[^\p{Script=Latin}\p{N}\s]+/gu, " ")));
    for (const key of THEME_KEYS) {
      const own = lexicon.themes[key].some((p) => textMatches(normalised, p).length > 0);
      const loan = latin.some((clause) => (LOAN_WORDS[key] ?? []).some((p) => wordMatches(clause.words, p).length > 0));
      if (own || loan) themes.add(key);
    }
    const feelings = language === "ar" ? clauses(normalised).map((clause) => insideWordsFeeling(lexicon, clause)) : [textFeeling(lexicon, normalised)];
    positive = feelings.reduce((sum, f) => sum + f.positive, 0);
    negative = feelings.reduce((sum, f) => sum + f.negative, 0);
    contrasted = lexicon.contrast.some((p) => normalised.includes(p));
  }
  return { language, themes: THEME_KEYS.filter((k) => themes.has(k)), sentiment: sentimentOf(positive, negative, contrasted) };
}
