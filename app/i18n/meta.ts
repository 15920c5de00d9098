import type { MessageKey, Messages } from "./translate";

interface Match {
  id: string;
  data?: unknown;
}

/**
 * A page's <title> in the page's language: "Team pulse · Candor" / "Team-Puls · Candor". Meta functions
 * run outside React's tree, so the messages are read from the root route's data.
 */
export function titleFrom(matches: readonly Match[], key: MessageKey, english: string): Array<{ title: string }> {
  const root = matches.find((m) => m.id === "root")?.data as { language?: { messages?: Messages } } | undefined;
  const messages = root?.language?.messages;
  const page = messages?.[key] ?? english;
  const frame = messages?.["meta.pageTitle"] ?? "{page} · Candor";
  return [{ title: frame.replace("{page}", page) }];
}
