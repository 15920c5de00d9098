/** The coaching playbook: what a play is, the signals it can address, and Candor's default library. */
import { z } from "zod";
import { DEFAULT_DIMENSIONS } from "./instrument";
import { said } from "../i18n/said";

/**
 * The result and CRM signals a play can address. Recommendation rules (app/domain/recommendations.ts)
 * raise these for a team; a play matches when it lists the signal (and, for the three dimension
 * signals, the dimension).
 */
export const SIGNALS = ["low-dimension", "falling-dimension", "blind-spot", "stale-pipeline", "forecast-bias", "low-win-rate"] as const;
export type Signal = (typeof SIGNALS)[number];

/** The signals' words in the page's language (the catalogue's keys). */
export const SIGNAL_KEYS = {
  "low-dimension": "play.signal.lowDimension",
  "falling-dimension": "play.signal.fallingDimension",
  "blind-spot": "play.signal.blindSpot",
  "stale-pipeline": "play.signal.stalePipeline",
  "forecast-bias": "play.signal.forecastBias",
  "low-win-rate": "play.signal.lowWinRate",
} as const satisfies Record<Signal, string>;

/** Signals that are about one culture dimension: a play must also list that dimension to match them. */
export const DIMENSION_SIGNALS: readonly Signal[] = ["low-dimension", "falling-dimension", "blind-spot"];

export function isSignal(value: string): value is Signal {
  return (SIGNALS as readonly string[]).includes(value);
}

/** The dimensions a play may be about: Candor's four. */
export const PLAY_DIMENSIONS: ReadonlyArray<{ key: string; name: string }> = DEFAULT_DIMENSIONS.map((d) => ({ key: d.key, name: d.name }));

export interface PlayDefinition {
  key: string;
  title: string;
  summary: string;
  dimensionKeys: string[];
  signals: Signal[];
  /** What the manager does, concretely. */
  managerDoes: string;
  /** How often. */
  cadence: string;
  /** What a good result looks like, including which score or CRM metric should move. */
  goodResult: string;
}

/**
 * Candor's default plays, drawn from the problems sales leaders name: pipeline reviews by activity and
 * next committed step, coaching by questions, forecast calls that reward accuracy, deal sharing, win/loss
 * reviews, bringing problems early, clear improvement plans. Keys are stable: an organisation's library
 * is topped up by key, so a play that was renamed or archived there stays as the organisation left it.
 */
export const DEFAULT_PLAYS: readonly PlayDefinition[] = [
  {
    key: "pipeline-review-next-step",
    title: "Pipeline reviews by activity and next committed step",
    summary: "Review deals by what happened and what the buyer agreed to do next, not by stage or gut-feel probability.",
    dimensionKeys: ["forecast_pressure"],
    signals: ["stale-pipeline", "forecast-bias", "low-dimension", "falling-dimension"],
    managerDoes:
      "Run the pipeline review deal by deal on two questions only: what happened since last week (the last activity, with its date), and what is the next step the buyer has committed to, with a date. Do not ask which stage a deal is in. A deal without a buyer-committed next step leaves the review with one action to get one, owned by the rep.",
    cadence: "Weekly, 30–45 minutes for the team; 10 minutes of each 1:1",
    goodResult:
      "Within a quarter, next-step coverage above 80% and stale pipeline (no activity for 14+ days) below 20%; fewer slipped deals. At the next waves, forecast-honesty pressure falls, in particular the pressure to keep deals out of commit until they are nearly certain.",
  },
  {
    key: "after-call-coaching-questions",
    title: "After-call coaching by questions, not by taking over",
    summary: "Debrief calls by asking, so the rep finds the lesson; never take the deal over.",
    dimensionKeys: ["psychological_safety"],
    signals: ["low-dimension", "falling-dimension", "low-win-rate"],
    managerDoes:
      "After a call you joined, ask before you tell: What went as planned? What surprised you? What would you do differently? What is the next step? Stay quiet on the call itself unless the deal is at real risk, and do not take over the deal or the follow-up. End with one thing the rep will try on the next call, chosen by the rep.",
    cadence: "At least two calls per rep a month; 10 minutes, the same day",
    goodResult:
      "Reps name the lesson themselves in most debriefs. At the next waves psychological safety rises, in particular “I can try something risky here without worrying about how it will look”; over two quarters, the win rate of coached reps holds or rises.",
  },
  {
    key: "praise-accurate-calls",
    title: "Forecast calls that praise an accurate bad call",
    summary: "Reward calling a deal accurately, even when the news is bad, so that sandbagging stops paying.",
    dimensionKeys: ["forecast_pressure"],
    signals: ["forecast-bias", "low-dimension", "falling-dimension"],
    managerDoes:
      "In the forecast call, thank by name the rep who takes a deal out of commit early and gives the buyer's reason. At quarter end, show each rep's call against what was won and talk about accuracy, not the size of the number. Never penalise a slip that was flagged early, and say so out loud.",
    cadence: "Every weekly forecast call; an accuracy review at each quarter end",
    goodResult:
      "Over the next two quarters, commit accuracy stays near 100% and upside from known pipeline (won from deals left out of Commit at the quarter's start) falls below 25% of what is won. At the next waves, forecast-honesty pressure falls, in particular the sense that it is safer to forecast low and that a slipped deal will be penalised.",
  },
  {
    key: "deal-sharing-standup",
    title: "Deal-sharing stand-up",
    summary: "A short, regular slot where reps say where they are stuck and what they learned, and get help.",
    dimensionKeys: ["collaboration", "intel_sharing"],
    signals: ["low-dimension", "falling-dimension", "stale-pipeline"],
    managerDoes:
      "Fifteen minutes, standing or cameras on: each rep names one deal where they are stuck and one thing they learned about a customer or competitor this week. Anyone who can help says so, and the two meet afterwards. The manager speaks last and only to connect people.",
    cadence: "Twice a week, 15 minutes",
    goodResult:
      "At the next waves collaboration and account-intelligence sharing rise (sharing deal information openly and passing on what reps learn about customers and competitors in particular), towards 5 of 7 or more; stale pipeline falls because stuck deals get help.",
  },
  {
    key: "win-loss-review",
    title: "Win/loss reviews the whole team learns from",
    summary: "Turn won and lost deals into shared account and competitor intelligence, without blame.",
    dimensionKeys: ["intel_sharing", "collaboration"],
    signals: ["low-dimension", "falling-dimension", "low-win-rate"],
    managerDoes:
      "Once a month, the owners of one won and one lost deal walk the team through why the buyer chose as they did, what the competitor did and what we would repeat or change. Write three lines per deal into a shared page the team can search. Ask what the team learns, never whose fault the loss was.",
    cadence: "Monthly, 45 minutes",
    goodResult:
      "At the next waves account-intelligence sharing rises (sharing lessons from won and lost deals with the whole team in particular); over two quarters the win rate rises, especially against the competitors reviewed.",
  },
  {
    key: "bad-news-first",
    title: "Bad news first in 1:1s",
    summary: "Make it safe, and expected, to bring problems early.",
    dimensionKeys: ["psychological_safety", "forecast_pressure"],
    signals: ["low-dimension", "falling-dimension", "blind-spot"],
    managerDoes:
      "Open every 1:1 with “What is going wrong or at risk?” before any numbers. Answer the first problem with a question (“What do you need from me?”), never with blame, and follow up on what you promised before the next 1:1. When the rep has nothing, share a problem of your own.",
    cadence: "Every weekly 1:1, the first 10 minutes",
    goodResult:
      "At the next waves psychological safety rises (being able to raise problems, and mistakes no longer counting against people, in particular); deal risks surface weeks earlier, so fewer deals slip at quarter end.",
  },
  {
    key: "clear-improvement-plan",
    title: "A clear improvement plan instead of letting under-performance linger",
    summary: "Name the gap, agree measurable targets and support, and decide within 60 days.",
    dimensionKeys: ["psychological_safety", "collaboration"],
    signals: ["low-win-rate", "low-dimension"],
    managerDoes:
      "When a rep has been behind for two months, agree in writing and in private: the specific gap (activity, conversion or deal quality), two or three measurable targets for 60 days, the support you will give (call shadowing, deal reviews, a peer buddy) and a weekly check-in. Say honestly what happens if it does not improve, and keep to it.",
    cadence: "Agreed within two weeks of seeing the gap; weekly check-ins for 60 days",
    goodResult:
      "Within 60 days the rep reaches the targets or a decision is made. Over the next quarter the team's win rate rises, and collaboration holds or rises because others stop carrying the load.",
  },
  {
    key: "share-credit-on-team-deals",
    title: "Share credit on team deals",
    summary: "Name everyone who helped win a deal, and agree credit rules so that helping never costs quota.",
    dimensionKeys: ["collaboration", "intel_sharing"],
    signals: ["low-dimension", "falling-dimension"],
    managerDoes:
      "When a deal closes that others helped with (a peer's introduction, a teammate's account intelligence, the solutions engineer), name every contributor in the win announcement. Before the quarter starts, agree with the team how credit on shared deals is split, and apply it every time.",
    cadence: "At every won deal; the credit rule reviewed each quarter",
    goodResult:
      "At the next waves collaboration rises (everyone contributing their expertise, and fewer reps working their deals alone, in particular); more won deals have more than one contributor.",
  },
  {
    key: "manager-admits-mistakes",
    title: "The manager admits their own mistakes first",
    summary: "Show the team that a mistake is something to learn from, starting with yours.",
    dimensionKeys: ["psychological_safety"],
    signals: ["low-dimension", "falling-dimension", "blind-spot"],
    managerDoes:
      "In the weekly team meeting, name one thing you got wrong (a deal you misjudged, a call you pushed too hard, a decision you would change) and what you learned. Ask the team for one thing you should do differently, and act visibly on one of the answers.",
    cadence: "Weekly, 5 minutes in the team meeting",
    goodResult:
      "At the next waves psychological safety rises (mistakes no longer counting against people in particular), and the manager's self-vs-team gap on psychological safety falls below 1 point.",
  },
  {
    key: "deal-desk-peer-review",
    title: "Deal-desk peer review",
    summary: "Large deals are reviewed by two peers before they go into commit, so the team's knowledge reaches every big deal.",
    dimensionKeys: ["collaboration", "intel_sharing"],
    signals: ["low-win-rate", "low-dimension", "forecast-bias"],
    managerDoes:
      "Before a deal above the team's average size goes into commit, its owner presents it to two peers for 10 minutes: the buyer's reason to act now, the decision process and the risks. The peers ask questions and suggest one action; the manager hears only the summary, so the review is about the deal, not an inspection of the rep.",
    cadence: "A weekly 30-minute slot; every large deal once before commit",
    goodResult:
      "Over two quarters the win rate of reviewed deals is above the team's average and less of what is won comes from deals left out of Commit; at the next waves more reps agree that everyone contributes their expertise and that teammates share what they know about an account.",
  },
  {
    key: "stale-deal-hygiene-hour",
    title: "Stale-deal hygiene hour",
    summary: "A fixed hour to revive, re-date or close every deal that has gone quiet.",
    dimensionKeys: ["forecast_pressure"],
    signals: ["stale-pipeline", "forecast-bias"],
    managerDoes:
      "Block one hour in which the whole team goes through every open deal with no activity for 14 days or more: book a next step with the buyer, move the close date to what the buyer said, or close it as lost. Join to unblock, not to judge, and praise closing a dead deal as much as reviving one.",
    cadence: "Every two weeks, one hour",
    goodResult: "Stale pipeline below 20% within a quarter; fewer slipped deals; forecast accuracy above 85% in the next quarter.",
  },
  {
    key: "agree-commit-criteria",
    title: "Agree with the team what “commit” means",
    summary: "Replace gut feel and self-protection with a few buyer-verified criteria for commit.",
    dimensionKeys: ["forecast_pressure"],
    signals: ["forecast-bias", "low-dimension", "falling-dimension"],
    managerDoes:
      "Write down with the team three or four buyer-verified criteria for commit (for example: the champion confirmed the budget, a decision date, the paper process is known). A deal that meets them goes into commit however “safe” it feels; one that does not, stays out. Check deals against the list in every forecast call.",
    cadence: "Set once; used in every forecast call; reviewed each quarter",
    goodResult:
      "Over the next two quarters, upside from known pipeline below 25% of what is won and commit accuracy near 100%. At the next waves fewer reps feel pressure to keep deals out of commit until they are nearly certain, or to hold deals back.",
  },
  {
    key: "ask-where-you-see-it-differently",
    title: "Ask the team where you see it differently",
    summary: "When you rate the team better than it rates itself, ask what you are missing, and listen.",
    dimensionKeys: ["psychological_safety", "collaboration", "intel_sharing", "forecast_pressure"],
    signals: ["blind-spot"],
    managerDoes:
      "Show the team the shown, aggregated gap: “I rated this higher than you did. What am I missing?” Listen without defending or explaining, write down two concrete examples the team gives, and agree one change you will make before the next wave.",
    cadence: "Once after each wave with a blind spot; 30 minutes",
    goodResult: "At the next wave the gap on that dimension falls below 1 point, and the team's own score on it rises.",
  },
  {
    key: "use-each-reps-strengths",
    title: "Put each rep's strengths to use",
    summary: "Match reps to deals and pairings by what they are best at, and let them teach it.",
    dimensionKeys: ["psychological_safety", "collaboration"],
    signals: ["low-dimension", "low-win-rate"],
    managerDoes:
      "Ask each rep which part of a deal they are best at (discovery, demos, negotiation, a vertical) and use it when you assign deals and pair people. Once a month each rep coaches a peer for 30 minutes on that strength.",
    cadence: "Strengths reviewed each quarter; one peer session per rep a month",
    goodResult:
      "At the next waves more reps agree that their strengths are recognised and put to use, and that everyone contributes their expertise; the win rate of paired deals is above the team's average.",
  },
  {
    key: "account-notes-handover-test",
    title: "Account-notes handover test",
    summary: "Check, as a game, that a teammate could pick up any deal from its notes.",
    dimensionKeys: ["intel_sharing"],
    signals: ["low-dimension", "falling-dimension", "stale-pipeline"],
    managerDoes:
      "Once a month pick one open deal per rep at random and ask a teammate to explain its status and next step from the CRM notes alone. Where they cannot, the owner fills the gap that day. Keep score as a team, never per person.",
    cadence: "Monthly, 20 minutes",
    goodResult: "At the next waves account-intelligence sharing rises, in particular account notes complete enough for a teammate to pick up a deal; next-step coverage above 80%.",
  },
];

/**
 * Earlier wordings of default plays' good results, by key, that named items by their internal codes ("FP2").
 * A stored default play still worded so, and never edited, is brought up to date when the library is read.
 */
export const PREVIOUS_GOOD_RESULTS: Readonly<Record<string, readonly string[]>> = {
  "pipeline-review-next-step": [
    "Within a quarter, next-step coverage above 80% and stale pipeline (no activity for 14+ days) below 20%; fewer slipped deals. At the next waves, forecast-honesty pressure falls (FP2 in particular).",
  ],
  "after-call-coaching-questions": [
    "Reps name the lesson themselves in most debriefs. At the next waves psychological safety rises (PS4, trying something risky, in particular); over two quarters, the win rate of coached reps holds or rises.",
  ],
  "praise-accurate-calls": [
    "Over the next two quarters, commit accuracy stays near 100% and upside from known pipeline (won from deals left out of Commit at the quarter's start) falls below 25% of what is won. At the next waves, forecast-honesty pressure falls: FP1 (safer to forecast low) and FP4 (penalised if a deal slips) in particular.",
  ],
  "deal-sharing-standup": [
    "At the next waves collaboration and account-intelligence sharing rise (CO1 and KS1 in particular), towards 5 of 7 or more; stale pipeline falls because stuck deals get help.",
  ],
  "win-loss-review": [
    "At the next waves account-intelligence sharing rises (KS4, lessons from won and lost deals, in particular); over two quarters the win rate rises, especially against the competitors reviewed.",
  ],
  "bad-news-first": [
    "At the next waves psychological safety rises (PS2, raising problems, and PS1, mistakes counting against you, in particular); deal risks surface weeks earlier, so fewer deals slip at quarter end.",
  ],
  "share-credit-on-team-deals": [
    "At the next waves collaboration rises (CO3, everyone contributes, and CO5, working deals alone, in particular); more won deals have more than one contributor.",
  ],
  "manager-admits-mistakes": [
    "At the next waves psychological safety rises (PS1, mistakes counting against you, in particular), and the manager's self-vs-team gap on psychological safety falls below 1 point.",
  ],
  "deal-desk-peer-review": [
    "Over two quarters the win rate of reviewed deals is above the team's average and less of what is won comes from deals left out of Commit; at the next waves CO3 and KS3 (teammates share what they know) rise.",
  ],
  "agree-commit-criteria": [
    "Over the next two quarters, upside from known pipeline below 25% of what is won and commit accuracy near 100%. At the next waves FP2 (keeping deals out of commit until nearly certain) and FP3 (holding deals back) fall.",
  ],
  "use-each-reps-strengths": ["At the next waves PS7 (strengths recognised and used) and CO3 rise; the win rate of paired deals is above the team's average."],
  "account-notes-handover-test": ["At the next waves KS2 (notes complete enough for a teammate) and account-intelligence sharing rise; next-step coverage above 80%."],
};

/** A text field's errors are said messages (ADR 057): the form shows them in the reader's language. */
const text = (field: PlayTextField, min: number, max: number) =>
  z
    .string({ error: said("play.error.enter", { field }) })
    .trim()
    .min(min, said("play.error.tooShort", { field, min }))
    .max(max, said("play.error.tooLong", { field, max: max + 1 }));

const DIMENSION_KEYS = PLAY_DIMENSIONS.map((d) => d.key);

/** What enablement writes for a play; the same schema checks the form and the service. */
export const PlayInputSchema = z.object({
  title: text("title", 3, 120),
  summary: text("summary", 10, 300),
  dimensionKeys: z
    .array(z.string(), { error: said("play.error.noDimensions") })
    .transform((keys) => [...new Set(keys)])
    .refine((keys) => keys.length > 0, said("play.error.noDimensions"))
    .refine((keys) => keys.every((k) => DIMENSION_KEYS.includes(k)), said("play.error.unknownDimensions")),
  signals: z
    .array(z.string(), { error: said("play.error.unknownSignals") })
    .default([])
    .transform((signals) => [...new Set(signals)])
    .refine((signals) => signals.every(isSignal), said("play.error.unknownSignals"))
    .transform((signals) => signals.filter(isSignal)),
  managerDoes: text("managerDoes", 20, 2000),
  cadence: text("cadence", 3, 200),
  goodResult: text("goodResult", 20, 1000),
});

/** A key for a custom play, from its title: `custom-` and the title's letters and digits, dashed. */
export function customPlayKey(title: string): string {
  const slug = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `custom-${slug || "play"}`;
}

/**
 * Candor's default plays' words in the reader's language (issue 26): Candor's own content, so the catalogue
 * has them. A field the organisation reworded is its own text and shows as stored.
 */
export const DEFAULT_PLAY_TEXT_KEYS = {
  "pipeline-review-next-step": {
    title: "play.default.pipeline-review-next-step.title",
    summary: "play.default.pipeline-review-next-step.summary",
    managerDoes: "play.default.pipeline-review-next-step.managerDoes",
    cadence: "play.default.pipeline-review-next-step.cadence",
    goodResult: "play.default.pipeline-review-next-step.goodResult",
  },
  "after-call-coaching-questions": {
    title: "play.default.after-call-coaching-questions.title",
    summary: "play.default.after-call-coaching-questions.summary",
    managerDoes: "play.default.after-call-coaching-questions.managerDoes",
    cadence: "play.default.after-call-coaching-questions.cadence",
    goodResult: "play.default.after-call-coaching-questions.goodResult",
  },
  "praise-accurate-calls": {
    title: "play.default.praise-accurate-calls.title",
    summary: "play.default.praise-accurate-calls.summary",
    managerDoes: "play.default.praise-accurate-calls.managerDoes",
    cadence: "play.default.praise-accurate-calls.cadence",
    goodResult: "play.default.praise-accurate-calls.goodResult",
  },
  "deal-sharing-standup": {
    title: "play.default.deal-sharing-standup.title",
    summary: "play.default.deal-sharing-standup.summary",
    managerDoes: "play.default.deal-sharing-standup.managerDoes",
    cadence: "play.default.deal-sharing-standup.cadence",
    goodResult: "play.default.deal-sharing-standup.goodResult",
  },
  "win-loss-review": {
    title: "play.default.win-loss-review.title",
    summary: "play.default.win-loss-review.summary",
    managerDoes: "play.default.win-loss-review.managerDoes",
    cadence: "play.default.win-loss-review.cadence",
    goodResult: "play.default.win-loss-review.goodResult",
  },
  "bad-news-first": {
    title: "play.default.bad-news-first.title",
    summary: "play.default.bad-news-first.summary",
    managerDoes: "play.default.bad-news-first.managerDoes",
    cadence: "play.default.bad-news-first.cadence",
    goodResult: "play.default.bad-news-first.goodResult",
  },
  "clear-improvement-plan": {
    title: "play.default.clear-improvement-plan.title",
    summary: "play.default.clear-improvement-plan.summary",
    managerDoes: "play.default.clear-improvement-plan.managerDoes",
    cadence: "play.default.clear-improvement-plan.cadence",
    goodResult: "play.default.clear-improvement-plan.goodResult",
  },
  "share-credit-on-team-deals": {
    title: "play.default.share-credit-on-team-deals.title",
    summary: "play.default.share-credit-on-team-deals.summary",
    managerDoes: "play.default.share-credit-on-team-deals.managerDoes",
    cadence: "play.default.share-credit-on-team-deals.cadence",
    goodResult: "play.default.share-credit-on-team-deals.goodResult",
  },
  "manager-admits-mistakes": {
    title: "play.default.manager-admits-mistakes.title",
    summary: "play.default.manager-admits-mistakes.summary",
    managerDoes: "play.default.manager-admits-mistakes.managerDoes",
    cadence: "play.default.manager-admits-mistakes.cadence",
    goodResult: "play.default.manager-admits-mistakes.goodResult",
  },
  "deal-desk-peer-review": {
    title: "play.default.deal-desk-peer-review.title",
    summary: "play.default.deal-desk-peer-review.summary",
    managerDoes: "play.default.deal-desk-peer-review.managerDoes",
    cadence: "play.default.deal-desk-peer-review.cadence",
    goodResult: "play.default.deal-desk-peer-review.goodResult",
  },
  "stale-deal-hygiene-hour": {
    title: "play.default.stale-deal-hygiene-hour.title",
    summary: "play.default.stale-deal-hygiene-hour.summary",
    managerDoes: "play.default.stale-deal-hygiene-hour.managerDoes",
    cadence: "play.default.stale-deal-hygiene-hour.cadence",
    goodResult: "play.default.stale-deal-hygiene-hour.goodResult",
  },
  "agree-commit-criteria": {
    title: "play.default.agree-commit-criteria.title",
    summary: "play.default.agree-commit-criteria.summary",
    managerDoes: "play.default.agree-commit-criteria.managerDoes",
    cadence: "play.default.agree-commit-criteria.cadence",
    goodResult: "play.default.agree-commit-criteria.goodResult",
  },
  "ask-where-you-see-it-differently": {
    title: "play.default.ask-where-you-see-it-differently.title",
    summary: "play.default.ask-where-you-see-it-differently.summary",
    managerDoes: "play.default.ask-where-you-see-it-differently.managerDoes",
    cadence: "play.default.ask-where-you-see-it-differently.cadence",
    goodResult: "play.default.ask-where-you-see-it-differently.goodResult",
  },
  "use-each-reps-strengths": {
    title: "play.default.use-each-reps-strengths.title",
    summary: "play.default.use-each-reps-strengths.summary",
    managerDoes: "play.default.use-each-reps-strengths.managerDoes",
    cadence: "play.default.use-each-reps-strengths.cadence",
    goodResult: "play.default.use-each-reps-strengths.goodResult",
  },
  "account-notes-handover-test": {
    title: "play.default.account-notes-handover-test.title",
    summary: "play.default.account-notes-handover-test.summary",
    managerDoes: "play.default.account-notes-handover-test.managerDoes",
    cadence: "play.default.account-notes-handover-test.cadence",
    goodResult: "play.default.account-notes-handover-test.goodResult",
  },
} as const satisfies Record<string, Record<PlayTextField, string>>;

/** The fields of a play that are words (the rest are keys and lists). */
export const PLAY_TEXT_FIELDS = ["title", "summary", "managerDoes", "cadence", "goodResult"] as const;
export type PlayTextField = (typeof PLAY_TEXT_FIELDS)[number];
