/**
 * Candor's default item bank (README, "Pulses and anonymity"): Candor's own paraphrases, keyed like their sources.
 * Never call them "validated": the product shows their reliability (alpha, rwg) instead.
 */

export type Scale = "agree7" | "nps11" | "text";

export interface DimensionDefinition {
  key: string;
  name: string;
  description: string;
  /** False for forecast pressure, where a higher score means more pressure to sandbag. */
  higherIsBetter: boolean;
}

export interface ItemDefinition {
  code: string;
  dimensionKey: string | null;
  text: string;
  reverseKeyed: boolean;
  scale: Scale;
}

/**
 * Each rated item mirrored in the first person from the manager's side, for the manager's
 * self-assessment (PS2 "I can raise problems…" → "My team members can raise problems… with me"). The
 * keying stays the item's, so a manager's score and the team's mean are on the same scale.
 */
export const MANAGER_TEXTS: Record<string, string> = {
  PS1: "When a member of my team gets something wrong, it counts against them afterwards.",
  PS2: "My team members can raise problems and difficult topics with me.",
  PS3: "Team members who are different from the rest sometimes get left out on my team.",
  PS4: "My team members can try something risky without worrying about how it will look to me.",
  PS5: "Asking each other for help feels awkward on my team.",
  PS6: "My team members trust that nobody on the team would intentionally work against them.",
  PS7: "I recognize each team member's particular strengths and put them to use.",
  CO1: "My team members share deal information with each other openly and promptly.",
  CO2: "My team coordinates hand-offs so that nothing is duplicated or dropped.",
  CO3: "Everyone on my team contributes their expertise when we work a deal together.",
  CO4: "My team members step in to help when someone is under pressure.",
  CO5: "My team members mostly work their own deals without involving anyone else.",
  KS1: "When my team members learn something new about a customer or competitor, they pass it on to the team.",
  KS2: "My team members' account notes are complete enough that a teammate could pick up their deals.",
  KS3: "When asked, my team members tell each other what they know about an account.",
  KS4: "My team members share lessons from won and lost deals with the whole team.",
  KS5: "People on my team keep useful account information to themselves.",
  FP1: "On my team it is safer to forecast low and beat it than to forecast accurately.",
  FP2: "My team members feel pressure to keep deals out of their commit until they are nearly certain.",
  FP3: "My team members hold back deals to protect next period's numbers or quota.",
  FP4: "If a deal my team members forecast slips, they expect to be penalized for it.",
  FP5: "I respect an accurate call on a deal, even when the news is bad.",
  FP6: "I want my team members' honest best estimate, not a padded number.",
  EPS1: "If a member of my team makes a mistake, it is often held against them.",
  EPS2: "Members of my team are able to bring up problems and tough issues.",
  EPS3: "People on my team sometimes reject others for being different.",
  EPS4: "It is safe for my team members to take a risk on this team.",
  EPS5: "It is difficult for members of my team to ask each other for help.",
  EPS6: "No one on my team would deliberately act in a way that undermines a teammate's efforts.",
  EPS7: "Working on my team, each member's unique skills and talents are valued and utilized.",
};

export const DEFAULT_DIMENSIONS: DimensionDefinition[] = [
  {
    key: "psychological_safety",
    name: "Psychological safety",
    description: "Whether people can raise problems, take risks and ask for help without it counting against them.",
    higherIsBetter: true,
  },
  {
    key: "collaboration",
    name: "Collaboration",
    description: "Whether the team works deals together: shared information, clean hand-offs, help under pressure.",
    higherIsBetter: true,
  },
  {
    key: "intel_sharing",
    name: "Account-intelligence sharing",
    description: "Whether what people learn about customers, competitors and deals reaches the rest of the team.",
    higherIsBetter: true,
  },
  {
    key: "forecast_pressure",
    name: "Forecast-honesty pressure",
    description: "How much pressure people feel to forecast low and hold deals back (sandbagging). Higher is worse.",
    higherIsBetter: false,
  },
];

export const DEFAULT_ITEMS: ItemDefinition[] = [
  {
    code: "PS1",
    dimensionKey: "psychological_safety",
    text: "When someone on this team gets something wrong, it counts against them afterwards.",
    reverseKeyed: true,
    scale: "agree7",
  },
  { code: "PS2", dimensionKey: "psychological_safety", text: "I can raise problems and difficult topics with this team.", reverseKeyed: false, scale: "agree7" },
  { code: "PS3", dimensionKey: "psychological_safety", text: "Teammates who are different from the rest of us sometimes get left out.", reverseKeyed: true, scale: "agree7" },
  { code: "PS4", dimensionKey: "psychological_safety", text: "I can try something risky here without worrying about how it will look.", reverseKeyed: false, scale: "agree7" },
  { code: "PS5", dimensionKey: "psychological_safety", text: "Asking a teammate for help feels awkward on this team.", reverseKeyed: true, scale: "agree7" },
  { code: "PS6", dimensionKey: "psychological_safety", text: "I trust that nobody on this team would intentionally work against me.", reverseKeyed: false, scale: "agree7" },
  { code: "PS7", dimensionKey: "psychological_safety", text: "My particular strengths are recognized and put to use by this team.", reverseKeyed: false, scale: "agree7" },
  { code: "CO1", dimensionKey: "collaboration", text: "Teammates share deal information with each other openly and promptly.", reverseKeyed: false, scale: "agree7" },
  { code: "CO2", dimensionKey: "collaboration", text: "We coordinate hand-offs so that nothing is duplicated or dropped.", reverseKeyed: false, scale: "agree7" },
  { code: "CO3", dimensionKey: "collaboration", text: "Everyone contributes their expertise when we work a deal together.", reverseKeyed: false, scale: "agree7" },
  { code: "CO4", dimensionKey: "collaboration", text: "Teammates step in to help when someone is under pressure.", reverseKeyed: false, scale: "agree7" },
  { code: "CO5", dimensionKey: "collaboration", text: "People here mostly work their own deals without involving anyone else.", reverseKeyed: true, scale: "agree7" },
  {
    code: "KS1",
    dimensionKey: "intel_sharing",
    text: "When I learn something new about a customer or competitor, I pass it on to the team.",
    reverseKeyed: false,
    scale: "agree7",
  },
  { code: "KS2", dimensionKey: "intel_sharing", text: "My account notes are complete enough that a teammate could pick up my deal.", reverseKeyed: false, scale: "agree7" },
  { code: "KS3", dimensionKey: "intel_sharing", text: "When I ask, teammates tell me what they know about an account.", reverseKeyed: false, scale: "agree7" },
  { code: "KS4", dimensionKey: "intel_sharing", text: "Colleagues share lessons from won and lost deals with the whole team.", reverseKeyed: false, scale: "agree7" },
  { code: "KS5", dimensionKey: "intel_sharing", text: "People on this team keep useful account information to themselves.", reverseKeyed: true, scale: "agree7" },
  {
    code: "FP1",
    dimensionKey: "forecast_pressure",
    text: "On this team it is safer to forecast low and beat it than to forecast accurately.",
    reverseKeyed: false,
    scale: "agree7",
  },
  { code: "FP2", dimensionKey: "forecast_pressure", text: "I feel pressure to keep deals out of my commit until they are nearly certain.", reverseKeyed: false, scale: "agree7" },
  { code: "FP3", dimensionKey: "forecast_pressure", text: "Reps here hold back deals to protect next period's numbers or quota.", reverseKeyed: false, scale: "agree7" },
  { code: "FP4", dimensionKey: "forecast_pressure", text: "If a deal I forecast slips, I expect to be penalized for it.", reverseKeyed: false, scale: "agree7" },
  { code: "FP5", dimensionKey: "forecast_pressure", text: "Calling a deal accurately is respected here, even when the news is bad.", reverseKeyed: true, scale: "agree7" },
  { code: "FP6", dimensionKey: "forecast_pressure", text: "My manager wants my honest best estimate, not a padded number.", reverseKeyed: true, scale: "agree7" },
  { code: "ENPS", dimensionKey: null, text: "How likely are you to recommend this team as a place to work?", reverseKeyed: false, scale: "nps11" },
  { code: "COMMENT", dimensionKey: null, text: "One thing that would help this team win more.", reverseKeyed: false, scale: "text" },
];

/** Edmondson's (1999) team psychological safety items: an opt-in set, always shown with its citation. */
export const EDMONDSON_CITATION =
  "Edmondson, A. (1999). Psychological safety and learning behavior in work teams. Administrative Science Quarterly, 44(2), 350–383. https://doi.org/10.2307/2666999";

export const EDMONDSON_DIMENSION: DimensionDefinition = {
  key: "psychological_safety_edmondson",
  name: "Psychological safety (Edmondson 1999)",
  description: `Edmondson's original seven items, as published. ${EDMONDSON_CITATION}`,
  higherIsBetter: true,
};

export const EDMONDSON_ITEMS: ItemDefinition[] = [
  { code: "EPS1", text: "If you make a mistake on this team, it is often held against you.", reverseKeyed: true },
  { code: "EPS2", text: "Members of this team are able to bring up problems and tough issues.", reverseKeyed: false },
  { code: "EPS3", text: "People on this team sometimes reject others for being different.", reverseKeyed: true },
  { code: "EPS4", text: "It is safe to take a risk on this team.", reverseKeyed: false },
  { code: "EPS5", text: "It is difficult to ask other members of this team for help.", reverseKeyed: true },
  { code: "EPS6", text: "No one on this team would deliberately act in a way that undermines my efforts.", reverseKeyed: false },
  { code: "EPS7", text: "Working with members of this team, my unique skills and talents are valued and utilized.", reverseKeyed: false },
].map((item) => ({ ...item, dimensionKey: EDMONDSON_DIMENSION.key, scale: "agree7" as const }));

export const AGREE7_LABELS = ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Agree", "Strongly agree"] as const;

export const COMMENT_MAX_LENGTH = 2000;

/** Seconds a person takes per item, from pulse-survey practice: ~7 s per rating, ~45 s for a comment. */
const SECONDS = { agree7: 7, nps11: 8, text: 45 } as const;

/** The estimated minutes to answer a set of items, rounded up to the half minute. */
export function estimatedMinutes(scales: readonly Scale[]): number {
  const seconds = scales.reduce((sum, scale) => sum + SECONDS[scale], 0);
  return Math.ceil(seconds / 30) / 2;
}

/** Pulses should take 2–3 minutes; past that, response rates fall. */
export const MAX_RECOMMENDED_MINUTES = 3;
