// The audit log's rules (ADR 036): what an entry is, its canonical JSON, and how entries chain.
//
// Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical JSON, so changing,
// removing or reordering any entry breaks every hash after it. People appear in the hashed content by id
// only; their personal details (names, emails) are kept beside the chain, and the chain holds only a salted
// digest of them, so that erasing a person deletes the details and the chain still verifies.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";

/** Who did it: a signed-in person, an API token, a SCIM token (an identity provider), or a part of Candor itself (the CLI, the worker, the demo seed). */
export type AuditActor = { kind: "person"; personId: string } | { kind: "api-token"; tokenId: string } | { kind: "scim-token"; tokenId: string } | { kind: "system"; name: string };

/** Through what it came: a page, a CSV file, the API, SCIM, a sign-in through the identity provider, the CLI, the job worker or the demo seed. */
export const AUDIT_SOURCES = ["ui", "csv", "api", "scim", "sso", "cli", "worker", "demo"] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

/** A JSON value as the audit log keeps it (no undefined, no non-finite numbers, no dates: ISO strings). */
export type AuditJson = null | boolean | number | string | AuditJson[] | { [key: string]: AuditJson };
/** Before/after values: a flat or nested JSON object. */
export type AuditValues = { [key: string]: AuditJson };

/** A person's details in one entry (what changed about them that names them: name, email). */
export interface AuditPersonal {
  personId: string;
  before?: AuditValues;
  after?: AuditValues;
}

/** The hashed content of one entry, as verify recomputes it from the stored row. */
export interface AuditContent {
  organisationId: string;
  seq: number;
  occurredAt: Date;
  actor: AuditActor;
  action: string;
  target: { type: string; id: string } | null;
  source: AuditSource | null;
  before: AuditValues | null;
  after: AuditValues | null;
  /** The digests of the entry's personal details, kept outside the chain. */
  personal: { personId: string; digest: string }[];
}

/** The hash the first entry of every chain links to. */
export const GENESIS_HASH = "0".repeat(64);

/** A lone surrogate: jsonb cannot hold it (nor a NUL, replaced apart). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ACTION = /^[a-z][a-z-]*(\.[a-z][a-z-]*)+$/;
const TARGET_TYPE = /^[a-z][a-z-]*$/;

/** Whether `action` is spelt as actions are (`roster.import`, `organisation.settings-change`). */
export function isAuditAction(action: string): boolean {
  return ACTION.test(action) && action.length <= 100;
}

export function isAuditTargetType(type: string): boolean {
  return TARGET_TYPE.test(type) && type.length <= 50;
}

/**
 * The value as the audit log stores it: strings made well-formed (a lone surrogate or a NUL, which jsonb
 * refuses, become U+FFFD), `undefined` object members left out. Throws on what JSON cannot hold the same
 * way twice (non-finite numbers, dates, class instances, bigints).
 */
export function auditJson(value: unknown): AuditJson {
  if (value === null) return null;
  switch (typeof value) {
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("an audit value must be a finite number");
      return Object.is(value, -0) ? 0 : value;
    case "string":
      return value.replace(LONE_SURROGATE, "\uFFFD").replaceAll(String.fromCharCode(0), "\uFFFD");
    case "object": {
      if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : auditJson(v)));
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError("an audit value must be plain JSON (write dates as ISO strings)");
      const out: { [key: string]: AuditJson } = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[auditJson(k) as string] = auditJson(v);
      return out;
    }
    default:
      throw new TypeError(`an audit value cannot be a ${typeof value}`);
  }
}

/**
 * Canonical JSON: object members in code-unit order of their names, no whitespace, strings and numbers as
 * JSON.stringify writes them. The same value always gives the same text, whatever order its members were
 * built or stored in (jsonb reorders them).
 */
export function canonicalJson(value: AuditJson): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(",")}}`;
}

function sha256Hex(text: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}

/** The canonical JSON of an entry's hashed content (version 1). */
export function canonicalContent(content: AuditContent): string {
  const actor: AuditJson =
    content.actor.kind === "person"
      ? { kind: "person", id: content.actor.personId }
      : content.actor.kind === "api-token" || content.actor.kind === "scim-token"
        ? { kind: content.actor.kind, id: content.actor.tokenId }
        : { kind: "system", id: content.actor.name };
  return canonicalJson({
    v: 1,
    organisationId: content.organisationId,
    seq: content.seq,
    occurredAt: content.occurredAt.toISOString(),
    actor,
    action: content.action,
    target: content.target,
    source: content.source,
    before: content.before,
    after: content.after,
    personal: content.personal.map((p) => ({ personId: p.personId, digest: p.digest })),
  });
}

/** An entry's hash: SHA-256 of the previous entry's hash, a newline, and the entry's canonical JSON. */
export function entryHash(prevHash: string, content: AuditContent): string {
  return sha256Hex(`${prevHash}\n${canonicalContent(content)}`);
}

/** The digest of one person's details in an entry: SHA-256 of the random salt (hex), a newline, and the details' canonical JSON. */
export function personalDigest(salt: string, data: AuditJson): string {
  return sha256Hex(`${salt}\n${canonicalJson(data)}`);
}

/** What verify found: every entry checked in order, and the first one that does not hold, if any. */
export interface AuditVerification {
  organisationId: string;
  entries: number;
  /** Personal details still held and checked against their digests. */
  detailsChecked: number;
  /** Personal details forgotten (erased): their digests remain, the details do not. */
  detailsForgotten: number;
  headHash: string;
  broken: { seq: number; reason: string } | null;
}
