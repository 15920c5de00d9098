import type { AppContext } from "~/context.server";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { randomToken, secretMatches, splitSecretToken } from "~/auth/crypto.server";
import { parseAnswers } from "~/domain/answers";
import { ballotHolder } from "~/auth/ballot-holder.server";
import { issueBallot, readBallotAnswers, withdrawIssuance } from "#db/queries/ballots";
import { findAudienceMember, findWave, findWaveLink } from "#db/queries/waves";
import type { PulseForm } from "~/domain/pulse-form";
import type { Locale } from "~/domain/locales";
import { dimensionInLanguage, itemInLanguage, scaleAnchors } from "~/domain/item-language";
import { itemBank } from "~/i18n/catalogues.server";
import { said } from "~/i18n/said";
import { findPersonLanguage } from "#db/queries/people";
import { recentJoins } from "./audience-changes.server";
import { ballotHash, ballotPublicKey, hasBallot, issuanceLanguage, storeAnswers, waveItems, whyNotInAudience } from "./ballots.server";

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

/**
 * The cookie holding the token of a form sent without JavaScript, for one wave: it alone lets that browser
 * see and change those answers (the response is stored under a hash of it, ADR 021).
 */
export const editCookieName = (waveId: string) => `candor_pulse_${waveId.replace(/-/g, "")}`;

// The person is part of the hash, as the server knows them on this path anyway: a copied cookie opens
// nothing for another account.
const formBallotHash = (token: string, personId: string) => ballotHash("form", new TextEncoder().encode(`${token}:${personId}`));
// What the form path records as its signature request: a different hash of the token, so the record and
// the response cannot be matched without the token, which only the rep's browser keeps.
const formRequestHash = (token: string) => sha256(new TextEncoder().encode(`candor-form-request-v1\0${token}`));

/**
 * What the rep's pulse page shows: the questions (in the page's language, or visibly in the organisation's
 * where an item has no translation), where answers can appear, and any saved answers.
 */
export async function getPulseForm(app: AppContext, answerer: Answerer, editSecret: string | null, locale: Locale = "en"): Promise<PulseForm> {
  const wave = await findWave(app.db, answerer.waveId);
  if (!wave) return { kind: "unavailable", reason: "unknown" };
  const member = await findAudienceMember(app.db, wave.id, answerer.personId);
  if (!member) return { kind: "unavailable", reason: await whyNotInAudience(app, wave.id, answerer.personId) };
  const [items, program, participation, issued, publicKey, audienceChanges, language] = await Promise.all([
    waveItems(app, wave.id),
    app.db.selectFrom("pulseProgram").select("name").where("id", "=", wave.programId).executeTakeFirstOrThrow(),
    app.db.selectFrom("participation").select("answered").where("waveId", "=", wave.id).where("personId", "=", answerer.personId).executeTakeFirst(),
    wave.status === "open" ? hasBallot(app, wave.id, answerer.personId) : false,
    wave.status === "open" ? ballotPublicKey(app, wave.id, member.teamId) : null,
    recentJoins(app, wave.id, member.teamId),
    findPersonLanguage(app.db, answerer.personId),
  ]);
  let answers: Record<string, string> | null = null;
  if (editSecret && wave.status === "open") {
    const rows = await readBallotAnswers(app.db, wave.id, formBallotHash(editSecret, answerer.personId));
    if (rows.length > 0) answers = Object.fromEntries(rows.map((a) => [a.code, a.comment ?? String(a.value)]));
  }
  return {
    kind: wave.status === "open" ? "form" : "closed",
    waveId: wave.id,
    programName: program.name,
    teamName: member.teamName,
    closesAt: wave.closesAt,
    minGroupSize: wave.minGroupSize,
    minCommentGroupSize: wave.minCommentGroupSize,
    items: items.map((i) => {
      const shown = itemInLanguage(i, locale, language?.defaultLanguage ?? null, itemBank);
      return {
        code: i.code,
        text: shown.text,
        lang: shown.lang,
        fallback: shown.fallback,
        scale: i.scale,
        dimensionName: dimensionInLanguage(i.dimensionKey, i.dimensionName, locale, itemBank),
      };
    }),
    answers,
    answeredElsewhere: (issued || Boolean(participation?.answered)) && !answers,
    ballot: publicKey ? { teamId: member.teamId, publicKey: encodeBase64urlNoPadding(publicKey), personId: answerer.personId } : null,
    audienceChanges,
    anchors: scaleAnchors(locale, itemBank),
  };
}

export type SubmitResult =
  | { status: "saved"; changed: boolean; editSecret: string; closesAt: Date }
  | { status: "already-answered" }
  | { status: "closed" }
  | { status: "not-invited" }
  | { status: "unknown" }
  | { status: "invalid"; formError: string; fieldErrors: Record<string, string> };

/** A fresh token for a rendered form: a double click or a resent form carries the same one. */
export function newIdempotencyKey(): string {
  return randomToken(16);
}

const FORM_TOKEN = /^[a-z2-7]{26}$/;

/**
 * A pulse sent as a form, without JavaScript (or from a browser without Web Crypto). The server knows who
 * sends it, so this path is weaker than a ballot, and the page says so; what it stores is the same
 * (ADR 021): the person's signature request is recorded in one transaction (issue_ballot, under their
 * holder, as for a ballot), and the answers stored in another under a hash of the form's random token, with no person,
 * date or time. The token goes back to the browser in a cookie:
 * - with that cookie, the earlier answers are replaced (changing answers);
 * - the same form sent again (double click, retry) is recognised by its token and stored once;
 * - a person who already answered from another browser, or with a ballot, gets "already answered".
 */
export async function submitPulse(
  app: AppContext,
  answerer: Answerer,
  input: { fields: Record<string, string | undefined>; idempotencyKey: string; editSecret: string | null },
): Promise<SubmitResult> {
  // Who may answer comes before what they sent: a stranger learns nothing from the validation.
  const wave = /^[0-9a-f-]{36}$/i.test(answerer.waveId) ? await findWave(app.db, answerer.waveId) : undefined;
  if (!wave) return { status: "unknown" };
  const member = await findAudienceMember(app.db, wave.id, answerer.personId);
  if (!member) return { status: await whyNotInAudience(app, wave.id, answerer.personId) };
  if (wave.status !== "open" || wave.closesAt.getTime() <= app.now().getTime()) return { status: "closed" };
  const formKey = input.idempotencyKey;
  if (!FORM_TOKEN.test(formKey)) {
    return { status: "invalid", formError: said("pulse.incomplete"), fieldErrors: {} };
  }
  const parsed = parseAnswers(await waveItems(app, wave.id), input.fields);
  if (!parsed.ok) return { status: "invalid", formError: parsed.formError, fieldErrors: parsed.fieldErrors };

  const cookieSecret = input.editSecret && FORM_TOKEN.test(input.editSecret) ? input.editSecret : null;
  if (cookieSecret) {
    const target = { waveId: wave.id, teamId: member.teamId, hash: formBallotHash(cookieSecret, answerer.personId), existingOnly: true };
    const changed = await storeAnswers(app, target, parsed.answers);
    if (changed) return { status: "saved", changed: true, editSecret: cookieSecret, closesAt: changed.closesAt };
  }
  const holder = ballotHolder(app.config, wave.id, answerer.personId);
  const issued = await issueBallot(app.db, {
    waveId: wave.id,
    personId: answerer.personId,
    holder,
    now: app.now(),
    requestHash: formRequestHash(formKey),
    // The page's language, from the form's hidden field (ADR 058), as the browser's signature request says it.
    language: issuanceLanguage(input.fields.language),
  });
  if ("refusal" in issued) {
    return issued.refusal === "already-issued" ? { status: "already-answered" } : { status: issued.refusal };
  }
  let stored: Awaited<ReturnType<typeof storeAnswers>>;
  try {
    stored = await storeAnswers(app, { waveId: wave.id, teamId: issued.teamId, hash: formBallotHash(formKey, answerer.personId), existingOnly: false }, parsed.answers);
  } catch (error) {
    // Not stored: the rep may send again (a resend of the same form after this is a first answer again).
    if (!issued.repeated) await withdrawIssuance(app.db, wave.id, holder);
    throw error;
  }
  if (!stored) return { status: "closed" };
  return { status: "saved", changed: stored.replaced && !issued.repeated, editSecret: formKey, closesAt: stored.closesAt };
}
