import type { AppContext } from "~/context.server";
import type { SessionProof } from "~/auth/session.server";
import { randomToken, secretMatches, sha256Bytes, splitSecretToken } from "~/auth/crypto.server";
import { parseAnswers, type SubmittedAnswer } from "~/domain/answers";
import { weekStart } from "~/domain/calendar";
import type { Scale } from "~/domain/instrument";
import { dateInZone } from "~/domain/organisation-settings";
import { findOrganisationById } from "#db/queries/organisations";
import {
  findResponseIdByEditKey,
  insertFirstResponse,
  insertFirstResponseInSession,
  insertResponse,
  lockParticipation,
  markAnswered,
  readAnswers,
  replaceAnswers,
} from "#db/queries/responses";
import { findAudienceMember, findWave, findWaveLink, listWaveItems } from "#db/queries/waves";

/** Who is answering which wave: from a personal link or a signed-in session. */
export interface Answerer {
  waveId: string;
  personId: string;
}

/** The person and wave behind a personal survey link; null for a link that is not valid. */
export async function resolveWaveLink(app: AppContext, token: string): Promise<Answerer | null> {
  const parts = splitSecretToken(token);
  if (!parts) return null;
  const link = await findWaveLink(app.db, parts.id);
  if (!link || !secretMatches(parts.secret, link.secretHash)) return null;
  return { waveId: link.waveId, personId: link.personId };
}

/** The cookie holding a rep's edit secret for one wave: it alone lets them see and change their answers. */
export const editCookieName = (waveId: string) => `candor_pulse_${waveId.replace(/-/g, "")}`;

/** Hash stored on the response: the secret alone (a stolen cookie) or the person alone cannot match it. */
function editKeyHash(secret: string, personId: string): Uint8Array {
  return sha256Bytes(`${secret}:${personId}`);
}

export interface PulseItem {
  code: string;
  text: string;
  scale: Scale;
  dimensionName: string | null;
}

export type PulseForm =
  | { kind: "unavailable"; reason: "unknown" | "not-invited" }
  | {
      kind: "form" | "closed";
      waveId: string;
      programName: string;
      teamName: string;
      closesAt: Date;
      minGroupSize: number;
      minCommentGroupSize: number;
      items: PulseItem[];
      /** The rep's current answers, when this browser holds their edit secret. */
      answers: Record<string, string> | null;
      /** They answered, but from another browser: their answers cannot be shown here. */
      answeredElsewhere: boolean;
    };

/** What the rep's pulse page shows: the questions, where answers can appear, and any saved answers. */
export async function getPulseForm(app: AppContext, answerer: Answerer, editSecret: string | null): Promise<PulseForm> {
  const wave = await findWave(app.db, answerer.waveId);
  if (!wave) return { kind: "unavailable", reason: "unknown" };
  const member = await findAudienceMember(app.db, wave.id, answerer.personId);
  if (!member) return { kind: "unavailable", reason: "not-invited" };
  const [items, program, participation] = await Promise.all([
    listWaveItems(app.db, wave.id),
    app.db.selectFrom("pulseProgram").select("name").where("id", "=", wave.programId).executeTakeFirstOrThrow(),
    app.db.selectFrom("participation").select("answeredOn").where("waveId", "=", wave.id).where("personId", "=", answerer.personId).executeTakeFirst(),
  ]);
  let answers: Record<string, string> | null = null;
  if (editSecret && wave.status === "open") {
    const responseId = await findResponseIdByEditKey(app.db, wave.id, editKeyHash(editSecret, answerer.personId));
    if (responseId) {
      answers = Object.fromEntries((await readAnswers(app.db, responseId)).map((a) => [a.code, a.comment ?? String(a.value)]));
    }
  }
  return {
    kind: wave.status === "open" ? "form" : "closed",
    waveId: wave.id,
    programName: program.name,
    teamName: member.teamName,
    closesAt: wave.closesAt,
    minGroupSize: wave.minGroupSize,
    minCommentGroupSize: wave.minCommentGroupSize,
    items: items.map((i) => ({ code: i.code, text: i.text, scale: i.scale, dimensionName: i.dimensionName })),
    answers,
    answeredElsewhere: Boolean(participation?.answeredOn) && !answers,
  };
}

export type SubmitResult =
  | { status: "saved"; changed: boolean; editSecret: string; closesAt: Date }
  | { status: "already-answered" }
  | { status: "closed" }
  | { status: "not-invited" }
  | { status: "invalid"; formError: string; fieldErrors: Record<string, string> };

/** A fresh idempotency key for a rendered form: a double click or a resent form carries the same one. */
export function newIdempotencyKey(): string {
  return randomToken(16);
}

const IDEMPOTENCY_KEY = /^[a-z2-7]{26}$/;
const EDIT_SECRET = IDEMPOTENCY_KEY;

// A wave's items are snapshotted when it opens and never change, so they are kept per process.
const itemCache = new Map<string, { items: Awaited<ReturnType<typeof listWaveItems>>; at: number }>();
const ITEM_CACHE_MS = 10 * 60 * 1000;

async function waveItems(app: AppContext, waveId: string) {
  const cached = itemCache.get(waveId);
  if (cached && Date.now() - cached.at < ITEM_CACHE_MS) return cached.items;
  const items = await listWaveItems(app.db, waveId);
  if (items.length > 0) {
    if (itemCache.size > 1000) itemCache.clear();
    itemCache.set(waveId, { items, at: Date.now() });
  }
  return items;
}

/**
 * submitPulse for the rep signed in with this session, checking the session in the same round trip as
 * the common case's write, a first answer (ADR 016). "no-session": the session is not valid and nothing
 * was stored. "not-first-answer": the form is not a first answer (a change with the edit cookie, an invalid
 * form), nothing was checked or stored, and the caller goes the long way (validate the session, then
 * submitPulse). `sessionExpiresAt` is set when the session's expiry slid forward, for the caller to send
 * the session cookie again.
 */
export async function submitPulseInSession(
  app: AppContext,
  proof: SessionProof,
  waveId: string,
  input: { fields: Record<string, string | undefined>; idempotencyKey: string; editSecret: string | null },
): Promise<"no-session" | "not-first-answer" | { personId: string; result: SubmitResult; sessionExpiresAt: Date | null }> {
  if (!/^[0-9a-f-]{36}$/i.test(waveId)) return "no-session";
  const parsed = parseAnswers(await waveItems(app, waveId), input.fields);
  const cookieSecret = input.editSecret && EDIT_SECRET.test(input.editSecret) ? input.editSecret : null;
  if (!parsed.ok || !IDEMPOTENCY_KEY.test(input.idempotencyKey) || cookieSecret) return "not-first-answer";
  const stored = await insertFirstResponseInSession(app.db, { ...proof, waveId, now: app.now(), formKey: input.idempotencyKey, answers: parsed.answers });
  if (!stored.personId) return "no-session";
  const { personId, sessionExpiresAt } = stored;
  // Stored (or a resend of a stored form); otherwise the person is known and submitPulse finds out why not.
  const result: SubmitResult = stored.closesAt
    ? { status: "saved", changed: false, editSecret: input.idempotencyKey, closesAt: stored.closesAt }
    : await submitPulse(app, { waveId, personId }, input);
  return { personId, result, sessionExpiresAt };
}

/**
 * Stores a rep's answers anonymously. The response row gets a random id, the wave, the team and the
 * week; the participation row gets the date. Both change in one transaction that holds a lock on the
 * person's participation row, so concurrent submits by one person are serialised.
 *
 * Every rendered form carries a random key. A new response's edit secret is that key: the browser keeps
 * it in a cookie, and the response stores only sha256(key ":" person). So:
 * - with this browser's cookie, the earlier answers are replaced (changing answers);
 * - a resent form (double click, retry, reload of the POST) finds its own response and stores nothing new;
 * - a person who already answered from another browser gets "already answered", never a second response.
 *
 * The first answer of a person (the common case) and a resent form are one statement; everything else
 * goes through the locked transaction below.
 */
export async function submitPulse(
  app: AppContext,
  answerer: Answerer,
  input: { fields: Record<string, string | undefined>; idempotencyKey: string; editSecret: string | null },
): Promise<SubmitResult> {
  const items = /^[0-9a-f-]{36}$/i.test(answerer.waveId) ? await waveItems(app, answerer.waveId) : [];
  const parsed = parseAnswers(items, input.fields);
  const formKey = input.idempotencyKey;
  const cookieSecret = input.editSecret && EDIT_SECRET.test(input.editSecret) ? input.editSecret : null;
  if (parsed.ok && IDEMPOTENCY_KEY.test(formKey) && !cookieSecret) {
    const stored = await insertFirstResponse(app.db, {
      waveId: answerer.waveId,
      personId: answerer.personId,
      now: app.now(),
      editKeyHash: editKeyHash(formKey, answerer.personId),
      answers: parsed.answers,
    });
    if (stored) return { status: "saved", changed: false, editSecret: formKey, closesAt: new Date(stored.closesAt) };
  }

  // Who may answer comes before what they sent: a stranger learns nothing from the validation.
  const wave = await findWave(app.db, answerer.waveId);
  if (!wave) return { status: "not-invited" };
  const member = await findAudienceMember(app.db, wave.id, answerer.personId);
  if (!member) return { status: "not-invited" };
  if (wave.status !== "open" || wave.closesAt.getTime() <= app.now().getTime()) return { status: "closed" };
  if (!IDEMPOTENCY_KEY.test(formKey)) {
    return { status: "invalid", formError: "This form is incomplete. Reload the page and answer again.", fieldErrors: {} };
  }
  if (!parsed.ok) return { status: "invalid", formError: parsed.formError, fieldErrors: parsed.fieldErrors };

  const org = await findOrganisationById(app.db, wave.organisationId);
  const today = dateInZone(app.now(), org?.timezone ?? "UTC");
  return app.db.transaction().execute(async (trx): Promise<SubmitResult> => {
    const current = await trx.selectFrom("wave").select("status").where("id", "=", wave.id).forShare().executeTakeFirst();
    if (current?.status !== "open") return { status: "closed" };
    const participation = await lockParticipation(trx, wave.id, answerer.personId);
    if (!participation) return { status: "not-invited" };
    const saved = (changed: boolean, editSecret: string): SubmitResult => ({ status: "saved", changed, editSecret, closesAt: wave.closesAt });

    if (cookieSecret) {
      const existing = await findResponseIdByEditKey(trx, wave.id, editKeyHash(cookieSecret, answerer.personId));
      if (existing) {
        await replaceAnswers(trx, existing, parsed.answers);
        return saved(true, cookieSecret);
      }
    }
    if (participation.answeredOn) {
      // This very form was saved before (a double click or a resent POST): answer as then, store nothing.
      if (await findResponseIdByEditKey(trx, wave.id, editKeyHash(formKey, answerer.personId))) return saved(false, formKey);
      return { status: "already-answered" };
    }
    await insertResponse(
      trx,
      {
        waveId: wave.id,
        teamId: member.teamId,
        submittedWeek: weekStart(today),
        editKeyHash: editKeyHash(formKey, answerer.personId),
        },
      parsed.answers satisfies SubmittedAnswer[],
    );
    await markAnswered(trx, wave.id, answerer.personId, today);
    return saved(false, formKey);
  });
}
