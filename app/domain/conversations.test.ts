import { describe, expect, it } from "vitest";
import { sayInEnglish, translatorFor } from "~/i18n/catalogues.server";
import { MESSAGE_MAX_CHARS, parseMessage, threadOf } from "./conversations";

const errorOf = (parsed: ReturnType<typeof parseMessage>) => (parsed.ok ? "" : parsed.error);

describe("threadOf", () => {
  it("no messages: nothing to answer yet", () => {
    expect(threadOf([])).toEqual({ messages: [], closed: false, teamMessages: 0, authorMayWrite: false });
  });
  it("a team reply lets the author write; the author's messages carry no name", () => {
    const thread = threadOf([
      { writer: "team", body: "Thanks, tell me more?", closes: false, writerName: "Dana" },
      { writer: "rep", body: "Sure", closes: false, writerName: "should not show" },
    ]);
    expect(thread.messages).toEqual([
      { writer: "team", name: "Dana", body: "Thanks, tell me more?" },
      { writer: "rep", name: null, body: "Sure" },
    ]);
    expect(thread.teamMessages).toBe(1);
    expect(thread.authorMayWrite).toBe(true);
  });
  it("a closing ends it and is not shown as a message", () => {
    const thread = threadOf([
      { writer: "team", body: "Thanks", closes: false, writerName: "Dana" },
      { writer: "rep", body: null, closes: true, writerName: null },
    ]);
    expect(thread).toMatchObject({ closed: true, authorMayWrite: false, teamMessages: 1 });
    expect(thread.messages).toHaveLength(1);
  });
});

describe("parseMessage", () => {
  it("trims, and refuses empty or too long text", () => {
    expect(parseMessage("  hi \n")).toEqual({ ok: true, text: "hi" });
    expect(sayInEnglish(errorOf(parseMessage("   ")))).toBe("Write a message first.");
    expect(parseMessage(undefined)).toMatchObject({ ok: false });
    expect(parseMessage("x".repeat(MESSAGE_MAX_CHARS))).toMatchObject({ ok: true });
    const long = parseMessage("x".repeat(MESSAGE_MAX_CHARS + 1));
    expect(long).toMatchObject({ ok: false, reason: "too-long", length: 2001 });
    expect(sayInEnglish(errorOf(long))).toBe("A message can have at most 2,000 characters (this one has 2001).");
    // Said: the comment's author reads it in their page's language.
    expect(translatorFor("de").say(errorOf(long))).toBe("Eine Nachricht darf höchstens 2.000 Zeichen haben (diese hat 2001).");
  });
});
