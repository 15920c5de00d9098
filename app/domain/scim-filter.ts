// SCIM filters and attribute paths (RFC 7644 §3.4.2.2 and §3.5.2), read into plain data: the `filter` query
// parameter of a list (`userName eq "ann@example.com"`), and the `path` of a PATCH operation
// (`members[value eq "…"]`, `emails[type eq "work"].value`). Pure: the service decides which attributes it
// supports and turns a filter into a query.

/** The comparison operators of RFC 7644 §3.4.2.2. */
export const SCIM_COMPARE_OPS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
export type ScimCompareOp = (typeof SCIM_COMPARE_OPS)[number];
export type ScimValue = string | number | boolean | null;

/** An attribute path: its schema URN (when written), attribute and sub-attribute, as written (compare them lower-cased). */
export interface ScimAttrPath {
  schema: string | null;
  attribute: string;
  subAttribute: string | null;
}

export type ScimFilter =
  | { kind: "compare"; path: ScimAttrPath; op: ScimCompareOp; value: ScimValue }
  | { kind: "present"; path: ScimAttrPath }
  | { kind: "and" | "or"; left: ScimFilter; right: ScimFilter }
  | { kind: "not"; filter: ScimFilter }
  /** `emails[type eq "work"]`: a filter on the values of a multi-valued attribute. */
  | { kind: "valuePath"; path: ScimAttrPath; filter: ScimFilter };

/** A PATCH path: an attribute path, optionally a filter on its values and a sub-attribute after it. */
export interface ScimPatchPath {
  path: ScimAttrPath;
  /** `members[value eq "…"]`: which values of a multi-valued attribute. */
  filter: ScimFilter | null;
}

export type ScimParse<T> = { ok: true; value: T } | { ok: false; detail: string };

type Token = { type: "word"; text: string } | { type: "string"; text: string } | { type: "punct"; text: "(" | ")" | "[" | "]" } | { type: "end" };

/** Longer filters are refused: no provider sends one, and the parser's depth stays small. */
export const MAX_FILTER_LENGTH = 1000;
const MAX_DEPTH = 20;

class FilterSyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (c === "(" || c === ")" || c === "[" || c === "]") {
      tokens.push({ type: "punct", text: c });
      i++;
    } else if (c === '"') {
      // A JSON string (RFC 7644 §3.4.2.2: "a JSON string"), escapes and all.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) throw new FilterSyntaxError("a quoted value is not closed");
      try {
        tokens.push({ type: "string", text: JSON.parse(text.slice(i, j + 1)) as string });
      } catch {
        throw new FilterSyntaxError(`the quoted value ${text.slice(i, j + 1)} is not a JSON string`);
      }
      i = j + 1;
    } else if (/[A-Za-z0-9_$:.\-+]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_$:.\-+]/.test(text[j]!)) j++;
      tokens.push({ type: "word", text: text.slice(i, j) });
      i = j;
    } else {
      throw new FilterSyntaxError(`unexpected character "${c}" at position ${i + 1}`);
    }
  }
  tokens.push({ type: "end" });
  return tokens;
}

/**
 * Reads an attribute path: `userName`, `name.familyName`, `urn:…:2.0:User:userName`, or
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`.
 */
export function readAttrPath(text: string): ScimAttrPath | null {
  let schema: string | null = null;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const cut = text.lastIndexOf(":");
    schema = text.slice(0, cut);
    rest = text.slice(cut + 1);
  }
  const match = /^([A-Za-z][A-Za-z0-9_$-]*)(?:\.([A-Za-z][A-Za-z0-9_$-]*))?$/.exec(rest);
  if (!match) return null;
  return { schema, attribute: match[1]!, subAttribute: match[2] ?? null };
}

class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.at]!;
  }
  private next(): Token {
    return this.tokens[this.at++]!;
  }
  private isWord(token: Token, word: string): boolean {
    return token.type === "word" && token.text.toLowerCase() === word;
  }
  private expect(text: ")" | "]"): void {
    const token = this.next();
    if (token.type !== "punct" || token.text !== text) throw new FilterSyntaxError(`expected "${text}" ${describe(token)}`);
  }

  filter(): ScimFilter {
    if (++this.depth > MAX_DEPTH) throw new FilterSyntaxError("the filter is nested too deeply");
    let left = this.conjunction();
    while (this.isWord(this.peek(), "or")) {
      this.next();
      left = { kind: "or", left, right: this.conjunction() };
    }
    this.depth--;
    return left;
  }

  private conjunction(): ScimFilter {
    let left = this.unary();
    while (this.isWord(this.peek(), "and")) {
      this.next();
      left = { kind: "and", left, right: this.unary() };
    }
    return left;
  }

  private unary(): ScimFilter {
    const token = this.peek();
    if (this.isWord(token, "not")) {
      this.next();
      const open = this.next();
      if (open.type !== "punct" || open.text !== "(") throw new FilterSyntaxError('"not" must be followed by a filter in parentheses');
      const inner = this.filter();
      this.expect(")");
      return { kind: "not", filter: inner };
    }
    if (token.type === "punct" && token.text === "(") {
      this.next();
      const inner = this.filter();
      this.expect(")");
      return inner;
    }
    return this.attributeExpression();
  }

  private attrPath(): ScimAttrPath {
    const token = this.next();
    const path = token.type === "word" ? readAttrPath(token.text) : null;
    if (!path) throw new FilterSyntaxError(`expected an attribute name ${describe(token)}`);
    return path;
  }

  private attributeExpression(): ScimFilter {
    const path = this.attrPath();
    const after = this.peek();
    if (after.type === "punct" && after.text === "[") {
      this.next();
      if (path.subAttribute) throw new FilterSyntaxError(`"${path.attribute}.${path.subAttribute}" cannot take a filter in brackets`);
      const inner = this.filter();
      this.expect("]");
      const valuePath: ScimFilter = { kind: "valuePath", path, filter: inner };
      // `emails[type eq "work"].value eq "…"`: Entra ID writes this; read it as both conditions on one value.
      const sub = this.peek();
      if (sub.type === "word" && /^\.[A-Za-z][A-Za-z0-9_$-]*$/.test(sub.text)) {
        this.next();
        const compared = this.comparison({ schema: null, attribute: sub.text.slice(1), subAttribute: null });
        return { kind: "valuePath", path, filter: { kind: "and", left: inner, right: compared } };
      }
      return valuePath;
    }
    return this.comparison(path);
  }

  private comparison(path: ScimAttrPath): ScimFilter {
    const opToken = this.next();
    const op = opToken.type === "word" ? opToken.text.toLowerCase() : "";
    if (op === "pr") return { kind: "present", path };
    if (!(SCIM_COMPARE_OPS as readonly string[]).includes(op)) throw new FilterSyntaxError(`expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) ${describe(opToken)}`);
    return { kind: "compare", path, op: op as ScimCompareOp, value: this.value() };
  }

  private value(): ScimValue {
    const token = this.next();
    if (token.type === "string") return token.text;
    if (token.type === "word") {
      const word = token.text.toLowerCase();
      if (word === "true") return true;
      if (word === "false") return false;
      if (word === "null") return null;
      if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(token.text)) return Number(token.text);
    }
    throw new FilterSyntaxError(`expected a value (a quoted string, a number, true, false or null) ${describe(token)}`);
  }

  end(): void {
    const token = this.peek();
    if (token.type !== "end") throw new FilterSyntaxError(`unexpected ${describe(token).replace(/^but found /, "")} after the end of the filter`);
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case "end":
      return "but the filter ended";
    case "string":
      return `but found "${token.text}"`;
    case "word":
    case "punct":
      return `but found ${token.text}`;
  }
}

/**
 * Reads a SCIM filter (RFC 7644 §3.4.2.2): comparisons (`eq`, `ne`, `co`, `sw`, `ew`, `gt`, `ge`, `lt`,
 * `le`), `pr`, `and`, `or`, `not (…)`, parentheses and value paths (`emails[type eq "work"]`). Operators and
 * `and`/`or`/`not` in any case. Fails with a sentence that says where the filter went wrong.
 *
 * @example parseScimFilter('userName eq "bjensen"') // { ok: true, value: { kind: "compare", path: { schema: null, attribute: "userName", subAttribute: null }, op: "eq", value: "bjensen" } }
 */
export function parseScimFilter(text: string): ScimParse<ScimFilter> {
  if (text.trim().length === 0) return { ok: false, detail: "The filter is empty." };
  if (text.length > MAX_FILTER_LENGTH) return { ok: false, detail: `The filter is longer than ${MAX_FILTER_LENGTH} characters.` };
  try {
    const parser = new Parser(tokenize(text));
    const filter = parser.filter();
    parser.end();
    return { ok: true, value: filter };
  } catch (error) {
    if (error instanceof FilterSyntaxError) return { ok: false, detail: `The filter cannot be read: ${error.message}.` };
    throw error;
  }
}

/**
 * Reads a PATCH operation's `path` (RFC 7644 §3.5.2): `active`, `name.givenName`, `members[value eq "…"]`,
 * `emails[type eq "work"].value`, or an extension's `urn:…:User:department`.
 *
 * @example parsePatchPath('members[value eq "2819c223"]').ok // true
 */
export function parsePatchPath(text: string): ScimParse<ScimPatchPath> {
  const bracket = text.indexOf("[");
  if (bracket === -1) {
    const path = readAttrPath(text.trim());
    return path ? { ok: true, value: { path, filter: null } } : { ok: false, detail: `The path "${text}" is not an attribute path.` };
  }
  const close = text.lastIndexOf("]");
  const path = readAttrPath(text.slice(0, bracket).trim());
  const tail = text.slice(close + 1).trim();
  const sub = tail === "" ? null : /^\.([A-Za-z][A-Za-z0-9_$-]*)$/.exec(tail)?.[1];
  if (!path || path.subAttribute || close < bracket || sub === undefined) return { ok: false, detail: `The path "${text}" is not an attribute path with a filter.` };
  const filter = parseScimFilter(text.slice(bracket + 1, close));
  if (!filter.ok) return { ok: false, detail: `The filter in the path "${text}" cannot be read: ${filter.detail}` };
  return { ok: true, value: { path: { ...path, subAttribute: sub }, filter: filter.value } };
}
