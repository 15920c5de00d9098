import ts from "typescript";

/**
 * Finds words written for people straight into a page's markup instead of the catalogue (issue 26): text
 * between JSX tags, and the string values of the props that our components and HTML show as text or read
 * aloud. Used by the completeness test over app/routes and app/components, and kept beside the catalogues.
 */

/** Props whose string value a person reads or hears. */
const TEXT_PROPS = new Set([
  "label",
  "title",
  "aria-label",
  "placeholder",
  "alt",
  "hint",
  "legend",
  "heading",
  "description",
  "caption",
  "summary",
  "success",
  "error",
  "emptyText",
  "empty",
  "submitLabel",
  "busyLabel",
]);

/** Names that are the same in every language (products, protocols, file formats). */
export const NAMES = new Set([
  "Candor",
  "Slack",
  "Microsoft Teams",
  "SCIM",
  "SSO",
  "SAML",
  "OIDC",
  "CSV",
  "PNG",
  "JSON",
  "API",
  "CRM",
  "eNPS",
  "Salesforce",
  "HubSpot",
  "Pipedrive",
  "Okta",
]);

/** A file whose words have not moved to the catalogue yet carries this comment; the test lists such files. */
export const PENDING_MARK = "// i18n: words not yet in the catalogue";

/** A literal a person would read: two letters in a row (numbers, symbols and arrows are not words). */
const WORDS = /\p{L}{2,}/u;

/** A catalogue key passed on to a component that translates it ("setPassword.welcome"). */
const KEY = /^[a-z][\w-]*(\.[\w-]+)+$/;

function isWords(text: string): boolean {
  if (KEY.test(text)) return false;
  let rest = text;
  for (const name of NAMES) rest = rest.split(name).join(" ");
  return WORDS.test(rest);
}

export interface Literal {
  line: number;
  text: string;
}

export function englishLiterals(fileName: string, source: string): Literal[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Literal[] = [];
  const add = (node: ts.Node, text: string) => {
    const trimmed = text.replace(/\s+/g, " ").trim();
    if (isWords(trimmed)) found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text: trimmed.slice(0, 80) });
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) add(node, node.text);
    else if (ts.isJsxAttribute(node) && TEXT_PROPS.has(node.name.getText(file)) && node.initializer) {
      const value = node.initializer;
      if (ts.isStringLiteral(value)) add(value, value.text);
      else if (ts.isJsxExpression(value) && value.expression && (ts.isStringLiteral(value.expression) || ts.isNoSubstitutionTemplateLiteral(value.expression))) {
        add(value.expression, value.expression.text);
      }
    } else if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) && node.expression) {
      const e = node.expression;
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) add(e, e.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
