import type { MessageKey } from "~/i18n/translate";

// A person's choice of where their pulses arrive (ADR 047), apart from the rest of the chat module so that the
// account page, which a rep opens, brings none of the Slack and Teams messages' words to the rep's browser
// (app/i18n/scopes.ts).

/** Where a person wants pulses; a person who never chose gets both. */
export const CHAT_CHOICES = ["both", "slack", "email"] as const;
export type ChannelChoice = (typeof CHAT_CHOICES)[number];

/** Each choice's words, said in the reader's language where it is shown (the account page). */
export const CHANNEL_CHOICE_KEYS: Record<ChannelChoice, MessageKey> = {
  both: "account.channelBoth",
  slack: "account.channelSlack",
  email: "account.channelEmail",
};
