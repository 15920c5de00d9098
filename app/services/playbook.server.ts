import type { Kysely } from "kysely";
import type { AppContext } from "~/context.server";
import { type SessionUser } from "~/auth/guards.server";
import { ForbiddenError, NotFoundError, InputError } from "~/domain/errors";
import { customPlayKey, DEFAULT_PLAYS, PlayInputSchema, PREVIOUS_GOOD_RESULTS } from "~/domain/playbook";
import {
  findPlay,
  insertMissingPlays,
  insertPlay,
  listPlayGoodResults,
  listPlayKeys,
  listPlayRecords,
  rewordDefaultGoodResult,
  setPlayArchived,
  updatePlayRecord,
  type PlayRecord,
} from "#db/queries/plays";
import type { DB } from "#db/schema";
import { isUuid } from "~/domain/ids";
import { createOnce } from "~/services/form-submissions.server";
import { changedValues, recordAuditByUser } from "./audit.server";
import { said } from "~/i18n/said";
import { SOURCE_LOCALE, type Locale } from "~/domain/locales";
import { playTextToStore } from "./playbook-language.server";

export type PlayView = Omit<PlayRecord, "organisationId">;

/**
 * Adds Candor's default plays an organisation does not have yet (by key), and rewords a default play's
 * good result that still reads as an earlier version did (one that named items by internal codes).
 * Idempotent: plays the organisation edited or archived stay as they are. Runs when an organisation is
 * created and whenever its library or a play is read, so organisations made before the playbook existed
 * (and the demo) get it too.
 */
export async function ensureDefaultPlays(db: Kysely<DB>, organisationId: string): Promise<void> {
  const stored = await listPlayGoodResults(db, organisationId);
  const have = new Set(stored.map((p) => p.key));
  const missing = DEFAULT_PLAYS.filter((p) => !have.has(p.key));
  await insertMissingPlays(
    db,
    organisationId,
    missing.map((p) => ({ ...p, source: "candor" as const })),
  );
  for (const play of stored) {
    const current = DEFAULT_PLAYS.find((p) => p.key === play.key);
    if (play.source !== "candor" || !current || !PREVIOUS_GOOD_RESULTS[play.key]?.includes(play.goodResult)) continue;
    await rewordDefaultGoodResult(db, organisationId, play.key, play.goodResult, current.goodResult);
  }
}

/** Managers read the playbook; enablement and admins read and write it. Reps have no use for it. */
function requireReader(user: SessionUser): void {
  if (user.role !== "manager" && user.role !== "enablement" && user.role !== "admin") throw new ForbiddenError(said("play.error.forbiddenRead"));
}

/** Whether the person may add, edit and archive plays. */
export function canEditPlays(user: SessionUser): boolean {
  return user.role === "enablement" || user.role === "admin";
}

function requireWriter(user: SessionUser): void {
  if (!canEditPlays(user)) throw new ForbiddenError(said("play.error.forbiddenWrite"));
}

const toView = ({ organisationId: _organisationId, ...play }: PlayRecord): PlayView => play;

/**
 * The organisation's playbook, by title: the plays in use, optionally only those about one dimension;
 * archived plays too when asked for (enablement and admins only). For managers, enablement and admins.
 */
export async function listPlays(app: AppContext, user: SessionUser, options: { dimension?: string | null; includeArchived?: boolean } = {}): Promise<PlayView[]> {
  requireReader(user);
  await ensureDefaultPlays(app.db, user.organisationId);
  const records = await listPlayRecords(app.db, user.organisationId, { includeArchived: Boolean(options.includeArchived) && canEditPlays(user) });
  return records.filter((p) => !options.dimension || p.dimensionKeys.includes(options.dimension)).map(toView);
}

/** One play, archived or not; 404 for an unknown id or another organisation's play. */
export async function getPlay(app: AppContext, user: SessionUser, playId: string): Promise<PlayView> {
  requireReader(user);
  await ensureDefaultPlays(app.db, user.organisationId);
  const play = isUuid(playId) ? await findPlay(app.db, user.organisationId, playId) : undefined;
  if (!play) throw new NotFoundError(said("play.error.notFound"));
  return toView(play);
}

function parseInput(input: Record<string, unknown>, verb: "saved" | "changed") {
  const parsed = PlayInputSchema.safeParse(input);
  if (!parsed.success) throw new InputError(said("play.error.refused", { verb }), fieldErrorsOf(parsed.error.issues));
  return parsed.data;
}

/**
 * Adds the organisation's own play (enablement and admins). Its key comes from its title (`custom-…`,
 * numbered when taken). Bad input throws InputError with a message per field and writes nothing. The same form
 * sent twice (`submissionKey`) adds one play: the repeat gets the first one's id.
 */
export async function createPlay(app: AppContext, user: SessionUser, input: Record<string, unknown>, submissionKey?: string): Promise<{ id: string }> {
  requireWriter(user);
  const values = parseInput(input, "saved");
  return createOnce(app, user, "play", submissionKey, async (trx) => {
    const taken = new Set(await listPlayKeys(trx, user.organisationId));
    const base = customPlayKey(values.title);
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    const id = await insertPlay(trx, { ...values, organisationId: user.organisationId, key, source: "custom", at: app.now() });
    await recordAuditByUser(trx, app, user, { action: "play.create", target: { type: "play", id }, after: { key, ...values } });
    return id;
  });
}

/**
 * Rewrites a play, Candor's or the organisation's own (enablement and admins); 404 for another organisation's.
 * `shownIn`: the language the edit form showed the play in (playTextIn), so that Candor's words sent back
 * unchanged in that language stay Candor's.
 */
export async function updatePlay(app: AppContext, user: SessionUser, playId: string, input: Record<string, unknown>, shownIn: Locale = SOURCE_LOCALE): Promise<void> {
  requireWriter(user);
  const play = await getPlay(app, user, playId);
  // The form showed Candor's words in the editor's language: those left as they were stay Candor's.
  const values = parseInput(playTextToStore(play, input, shownIn), "changed");
  await app.db.transaction().execute(async (trx) => {
    await updatePlayRecord(trx, user.organisationId, play.id, { ...values, at: app.now() });
    const was = {
      title: play.title,
      summary: play.summary,
      dimensionKeys: play.dimensionKeys,
      signals: play.signals,
      managerDoes: play.managerDoes,
      cadence: play.cadence,
      goodResult: play.goodResult,
    };
    const changed = changedValues(was, { ...was, ...values });
    if (!changed) return;
    await recordAuditByUser(trx, app, user, {
      action: "play.change",
      target: { type: "play", id: play.id },
      before: { title: play.title, ...changed.before },
      after: { title: values.title, ...changed.after },
    });
  });
}

/**
 * Archives a play, or brings it back (enablement and admins): an archived play leaves the library and
 * is recommended no more, but its page stays. Plays are never deleted, so a default play stays archived.
 */
export async function archivePlay(app: AppContext, user: SessionUser, playId: string, archived = true): Promise<void> {
  requireWriter(user);
  const play = await getPlay(app, user, playId);
  await app.db.transaction().execute(async (trx) => {
    await setPlayArchived(trx, user.organisationId, play.id, archived ? app.now() : null, app.now());
    if (Boolean(play.archivedAt) === archived) return;
    await recordAuditByUser(trx, app, user, { action: archived ? "play.archive" : "play.restore", target: { type: "play", id: play.id }, after: { title: play.title } });
  });
}

function fieldErrorsOf(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.path.join(".").replace(/\.\d+$/, "")] ??= issue.message;
  return errors;
}
