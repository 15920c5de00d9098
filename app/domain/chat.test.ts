import { describe, expect, it } from "vitest";
import { translatorFor } from "~/i18n/catalogues.server";
import { formatsFor } from "./format";
import {
  deliveryChannels,
  looksLikeSlackBotToken,
  parseRetryAfter,
  parseTeamsWebhookUrl,
  retryAt,
  slackPulseMessage,
  slackResultsMessage,
  teamsPulsePost,
  teamsResultsPost,
  type ChannelChoice,
  type TeamsPost,
} from "./chat";

describe("deliveryChannels", () => {
  const reach = (connected: boolean, member: "matched" | "not-found" | null) => ({ connected, member });
  it.each<[ChannelChoice, boolean, "matched" | "not-found" | null, { email: boolean; slack: boolean }]>([
    ["both", true, "matched", { email: true, slack: true }],
    ["both", true, null, { email: true, slack: true }],
    ["both", true, "not-found", { email: true, slack: false }],
    ["both", false, "matched", { email: true, slack: false }],
    ["slack", true, "matched", { email: false, slack: true }],
    ["slack", true, null, { email: false, slack: true }],
    // Slack cannot reach them: the email goes.
    ["slack", true, "not-found", { email: true, slack: false }],
    ["slack", false, "matched", { email: true, slack: false }],
    ["email", true, "matched", { email: true, slack: false }],
  ])("a pulse to someone who chose %s (connected %s, %s)", (choice, connected, member, expected) => {
    expect(deliveryChannels("pulse", choice, reach(connected, member))).toEqual(expected);
  });

  it("sends the results notice in Slack only", () => {
    expect(deliveryChannels("results", "both", reach(true, "matched"))).toEqual({ email: false, slack: true });
    expect(deliveryChannels("results", "email", reach(true, "matched"))).toEqual({ email: false, slack: false });
    expect(deliveryChannels("results", "slack", reach(false, "matched"))).toEqual({ email: false, slack: false });
  });
});

describe("retryAt", () => {
  const now = new Date("2026-09-07T08:00:00Z");
  it("waits 10 minutes after the first failure and 20 after the second", () => {
    expect(retryAt(now, 1).toISOString()).toBe("2026-09-07T08:10:00.000Z");
    expect(retryAt(now, 2).toISOString()).toBe("2026-09-07T08:20:00.000Z");
  });
  it("waits as Retry-After says, between a second and an hour", () => {
    expect(retryAt(now, 1, 30).toISOString()).toBe("2026-09-07T08:00:30.000Z");
    expect(retryAt(now, 1, 0).toISOString()).toBe("2026-09-07T08:00:01.000Z");
    expect(retryAt(now, 1, 86_400).toISOString()).toBe("2026-09-07T09:00:00.000Z");
  });
});

describe("parseRetryAfter", () => {
  const now = new Date("2026-09-07T08:00:00Z");
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("30", now)).toBe(30);
    expect(parseRetryAfter("Mon, 07 Sep 2026 08:01:00 GMT", now)).toBe(60);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

describe("parseTeamsWebhookUrl", () => {
  it("takes a workflow URL and keeps its host", () => {
    const url = "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x";
    expect(parseTeamsWebhookUrl(url)).toEqual({ ok: true, url: url.replace(":443", ""), host: "prod-12.westeurope.logic.azure.com" });
    expect(parseTeamsWebhookUrl("https://default1234.56.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/x")).toMatchObject({ ok: true });
  });
  it.each([
    "http://prod-1.westeurope.logic.azure.com/workflows/x",
    "https://127.0.0.1/x",
    "https://logic.azure.com.evil.example/x",
    "https://a:b@prod-1.logic.azure.com/x",
    "https://prod-1.logic.azure.com:8443/x",
    "nope",
  ])("refuses %s", (url) => {
    expect(parseTeamsWebhookUrl(url).ok).toBe(false);
  });
});

describe("messages", () => {
  const facts = { teamName: "<!channel> & Co", closes: "2026-09-13", minGroupSize: 5, minCommentGroupSize: 7 };
  it("keeps a team's name as text in Slack (no @channel from a team called <!channel>)", () => {
    const message = slackPulseMessage(facts, "https://candor.example/pulse/abc", { t: translatorFor("en").t });
    expect(message.text).toBe("The &lt;!channel&gt; &amp; Co pulse is open until 2026-09-13. It takes about 3 minutes, and you may skip any question.");
    expect(JSON.stringify(message)).not.toContain("<!channel>");
  });
  it("writes a rep's direct message in their language, with the closing day as it is written there", () => {
    const message = slackPulseMessage(facts, "https://candor.example/pulse/abc", { t: translatorFor("de").t, closes: "13. Sept. 2026" });
    expect(message.text).toBe("Der Puls von &lt;!channel&gt; &amp; Co ist bis zum 13. Sept. 2026 geöffnet. Er dauert etwa 3 Minuten, und Sie können jede Frage überspringen.");
    expect(JSON.stringify(message.blocks)).toContain("Puls beantworten");
    expect(JSON.stringify(message.blocks)).toContain("mindestens 5 Personen");
  });
  it("posts to a Teams channel without any personal link", () => {
    expect(JSON.stringify(teamsPulsePost(facts, "https://candor.example/pulses/w1", { t: translatorFor("en").t }))).not.toContain("/pulse/");
  });

  /** A card's text blocks and its button's title. */
  const cardWords = (post: TeamsPost) => {
    const card = post.attachments[0]!.content;
    return [...card.body.map((b) => b.text), card.actions[0]!.title];
  };
  const team = { teamName: "Team A", closes: "2026-09-13", minGroupSize: 5, minCommentGroupSize: 7 };
  const wordsIn = (locale: "en" | "de" | "ja") => ({ t: translatorFor(locale).t, closes: locale === "en" ? undefined : formatsFor(locale).date("2026-09-13") });

  it("keeps the English Teams posts word for word", () => {
    expect(cardWords(teamsPulsePost(team, "https://candor.example/pulses/w1", wordsIn("en")))).toEqual([
      "The Team A pulse is open until 2026-09-13",
      "It takes about 3 minutes, and you may skip any question. Use the personal link you got by email or Slack, or sign in to Candor.",
      "Your answers are anonymous. Nobody — not your manager, not the administrators — can see what you answered. Scores are only shown for groups of at least 5 people.",
      "Answer the pulse",
    ]);
    expect(cardWords(teamsResultsPost({ teamName: "Team A", programName: "Team pulse" }, "https://candor.example/", wordsIn("en")))).toEqual([
      "The pulse “Team pulse” of Team A has closed",
      "Thank you for taking part. The team's manager can now read what Candor may show, when enough people answered to keep every answer anonymous.",
      "Open Candor",
    ]);
  });

  it("writes a Teams post in German and in Japanese, the closing day as each language writes it", () => {
    expect(cardWords(teamsPulsePost(team, "https://candor.example/pulses/w1", wordsIn("de")))).toEqual([
      "Der Puls von Team A ist bis zum 13. Sept. 2026 geöffnet",
      "Er dauert etwa 3 Minuten, und Sie können jede Frage überspringen. Nutzen Sie den persönlichen Link, den Sie per E-Mail oder Slack erhalten haben, oder melden Sie sich bei Candor an.",
      "Ihre Antworten sind anonym. Niemand – weder Ihre Führungskraft noch die Administration – kann sehen, was Sie geantwortet haben. Werte werden nur für Gruppen von mindestens 5 Personen gezeigt.",
      "Puls beantworten",
    ]);
    expect(cardWords(teamsPulsePost(team, "https://candor.example/pulses/w1", wordsIn("ja")))).toEqual([
      "Team A のパルスは 2026年9月13日 まで回答できます",
      "所要時間は約 3 分で、どの設問も飛ばすことができます。メールまたは Slack で届いたあなた専用のリンクを使うか、Candor にサインインしてください。",
      "回答は匿名です。マネージャーも管理者も、誰もあなたの回答を見ることはできません。スコアは 5 人以上のグループについてのみ表示されます。",
      "パルスに回答する",
    ]);
    expect(cardWords(teamsResultsPost({ teamName: "Team A", programName: "Teampuls" }, "https://candor.example/", wordsIn("de")))).toEqual([
      "Der Puls „Teampuls“ von Team A ist beendet",
      "Vielen Dank für Ihre Teilnahme. Die Führungskraft des Teams kann jetzt lesen, was Candor zeigen darf – sofern genug Personen geantwortet haben, damit jede Antwort anonym bleibt.",
      "Candor öffnen",
    ]);
  });

  it("writes a manager's results notice in their language; the English one word for word", () => {
    const words = (locale: "en" | "de" | "ja") => {
      const message = slackResultsMessage({ teamName: "<Team A>", programName: "Team pulse" }, "https://candor.example/teams/t1", wordsIn(locale));
      return [message.text, JSON.stringify(message.blocks)];
    };
    const [english, englishBlocks] = words("en");
    expect(english).toBe("The pulse “Team pulse” of &lt;Team A&gt; has closed: its results are published on Candor.");
    expect(englishBlocks).toContain('"text":"See the results"');
    expect(englishBlocks).toContain("Candor shows a team's scores only when enough people answered to keep every answer anonymous.");
    const [german, germanBlocks] = words("de");
    expect(german).toBe("Der Puls „Team pulse“ von &lt;Team A&gt; ist beendet: Die Ergebnisse sind in Candor veröffentlicht.");
    expect(germanBlocks).toContain('"text":"Ergebnisse ansehen"');
    expect(germanBlocks).toContain("Candor zeigt die Werte eines Teams nur, wenn genug Personen geantwortet haben, damit jede Antwort anonym bleibt.");
    const [japanese, japaneseBlocks] = words("ja");
    expect(japanese).toBe("&lt;Team A&gt; のパルス「Team pulse」が終了しました。結果は Candor で公開されています。");
    expect(japaneseBlocks).toContain('"text":"結果を見る"');
    expect(japaneseBlocks).toContain("Candor がチームのスコアを表示するのは、すべての回答の匿名性を保てるだけの人数が回答した場合に限ります。");
  });
  it("knows a bot token when it sees one", () => {
    expect(looksLikeSlackBotToken("xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy")).toBe(true);
    expect(looksLikeSlackBotToken("xoxp-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy")).toBe(false);
  });
});
