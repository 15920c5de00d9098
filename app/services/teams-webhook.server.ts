import { parseRetryAfter, type TeamsPost } from "~/domain/chat";
import { said } from "~/i18n/said";

// A post to a Microsoft Teams channel through a Workflows webhook ("Post to a channel when a webhook request
// is received"): one POST of the card as JSON. Microsoft answers 202 Accepted with an empty body; a workflow
// that was deleted or switched off answers 404 or 403, a throttled one 429 with Retry-After.

export type TeamsProblemKind = "broken" | "rate-limited" | "unavailable" | "refused";

export class TeamsWebhookError extends Error {
  constructor(
    readonly kind: TeamsProblemKind,
    readonly status: number,
    /** Said (ADR 057): Candor's words around what Teams said, which the admin pages show in the reader's language. */
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "TeamsWebhookError";
  }
}

/** What the workflow said, in one short line (its JSON error's code and message, else the status). */
async function explain(response: Response): Promise<string> {
  const body = await response.text().catch(() => "");
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
    if (parsed.error?.code) return `${parsed.error.code}: ${parsed.error.message ?? ""}`.trim().slice(0, 200);
  } catch {
    // Not JSON: the status says enough.
  }
  return `HTTP ${response.status}`;
}

/** Posts the card; throws a TeamsWebhookError that says whether to try again, when, or that the webhook is gone. */
export async function postToTeams(url: string, post: TeamsPost, now: Date): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(post),
      redirect: "error",
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new TeamsWebhookError("unavailable", 0, said("adminChat.teamsError.unreachable", { detail: error instanceof Error ? error.message : String(error) }));
  }
  if (response.status >= 200 && response.status < 300) return;
  // What the workflow said stays as it came; Candor's words around it are said.
  const answer = { status: String(response.status), detail: await explain(response) };
  if (response.status === 429) {
    throw new TeamsWebhookError(
      "rate-limited",
      429,
      said("adminChat.teamsError.slowDown", { detail: answer.detail }),
      parseRetryAfter(response.headers.get("retry-after"), now) ?? 60,
    );
  }
  if (response.status >= 500) throw new TeamsWebhookError("unavailable", response.status, said("adminChat.teamsError.unavailable", answer));
  if (response.status === 401 || response.status === 403 || response.status === 404 || response.status === 410) {
    throw new TeamsWebhookError("broken", response.status, said("adminChat.teamsError.broken", answer));
  }
  throw new TeamsWebhookError("refused", response.status, said("adminChat.teamsError.refused", answer));
}
