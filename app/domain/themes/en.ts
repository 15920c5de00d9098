import type { Lexicon } from "./lexicon";

/** English. A reviewer may edit any list; the tests in app/domain/themes and the labelled set measure the change. */
export const en: Lexicon = {
  language: "en",
  matching: "words",
  stopwords: ["the", "and", "is", "to", "my", "i", "of", "it", "we", "not", "for", "with", "are", "too", "our", "this", "that", "they", "in", "on", "have", "was", "be", "me", "no", "so", "but", "just", "very", "what", "when", "who", "there", "would", "could", "nobody", "never"],
  themes: {
    forecasting: [
      "forecast*", "commit", "commits", "best case", "upside", "sandbag*", "call a deal", "call deals", "calling deals", "call the deal", "predict*", "projection*",
      "pull deals forward", "pull forward", "at risk", "downgrade*", "roll up", "rollup", "slip", "slips", "slipped",
    ],
    "pipeline-reviews": [
      "pipeline*", "pipe", "pipe review*", "deal review*", "deal inspection*", "inspection*", "opportunity review*", "coverage", "pipegen", "stuck opportunit*", "stuck deal*", "reviews",
      "close dates", "stages",
    ],
    "credit-territory": [
      "territor*", "patch", "split credit", "split rule*", "splits", "comp plan", "commission*", "account assignment*", "named account*", "rules of engagement", "poach*",
      "reassign*", "redrawn", "redraw*", "carve*", "reshuffl*", "inherited", "who owns", "ownership", "credit for deal*", "credit for the", "claiming credit", "claim credit",
      "get credit", "credits", "my accounts", "best accounts", "biggest accounts", "accounts went", "lost two", "inbound leads", "best leads",
    ],
    "manager-behaviour": [
      "manager*", "boss", "leader", "leaders", "leadership", "supervisor", "1:1*", "1 1*", "one on one*", "one-on-one*", "1on1*", "micromanag*", "micro manag*", "coach",
      "coaching", "coaches", "favourit*", "favorit*", "favourites", "yells", "yelled", "yelling",
    ],
    "tools-crm": [
      "crm", "salesforce", "sfdc", "hubspot", "gong", "outreach", "salesloft", "cpq", "tool", "tools", "tooling", "software", "dashboard*", "data entry", "data quality",
      "fields", "mandatory field*", "log* activit*", "integrat*", "app", "mobile app", "quoting", "duplicates", "hygiene", "system", "systems", "double entry", "stack",
      "opportunity record", "version",
    ],
    "workload-quota": [
      "quota*", "target", "targets", "workload", "work load", "overtime", "burnout", "burn out", "burned out", "burnt out", "exhaust*", "overwhelm*", "tired", "stress*",
      "hours a", "hours in the day", "long hours", "extra hours", "hours per", "hours every", "weekend*", "work life", "work-life", "admin", "internal meetings", "too many meetings", "capacity", "ramp", "accelerator*", "not enough people",
      "understaff*", "short on", "keep up", "no time", "time to sell", "selling time", "time to prospect", "rfp*", "travel*", "late calls", "too much work", "the number is",
      "my number", "achievab*", "attainab*", "health",
    ],
    recognition: [
      "recogni*", "recognis*", "appreciated", "appreciation", "unappreciated", "valued", "undervalued", "praise*", "praising", "kudos", "shout-out", "shout out", "shoutout", "celebrat*", "thank you note",
      "acknowledg*", "reward*", "award*", "president s club", "presidents club", "spot bonus", "promotion*", "promoted", "taken for granted", "invisible", "noticed",
      "credit to the team", "gives credit", "as his own", "as her own", "deserve*", "motivating",
    ],
    collaboration: [
      "collaborat*", "teamwork", "team work", "team spirit", "work together", "working with", "work well together", "together", "sharing", "share what", "share anything",
      "shares", "share it", "silo*", "handoff*", "hand off", "hand over", "handover*", "hoard*", "help each other", "helps each other", "each other", "peers",
      "colleague*", "se", "ses", "solution engineer*", "sdr", "sdrs", "customer success", "marketing", "product", "support", "legal", "partner team", "cross team",
      "cross-team", "cooperat*", "jump in", "intel", "talk to each other", "other teams", "ops team", "regions",
    ],
  },
  positive: [
    "great", "good", "love", "loved", "lovely", "i like", "we like", "like the", "like that", "like working", "rewarded", "trust*", "help each other", "helps each other", "less stressful", "enjoy*", "happy", "glad", "helpful", "useful", "better", "best", "improv*", "amazing", "excellent", "fair", "clear",
    "clearer", "clearly", "honest", "appreciat*", "valued", "recognis*", "recogniz*", "supported", "trusts", "thank*", "kudos", "nice", "easy", "well", "motivat*",
    "celebrat*", "proud", "fun", "transparent", "approachable", "faster", "quick*", "keep it up", "make sense", "makes sense", "save", "saves", "attainable", "achievable",
    "fantastic", "awesome", "positive", "grateful", "encourag*", "learn", "meant a lot", "genuinely", "praised", "acknowledged", "closer", "freely", "backed me up",
    "feels good", "feel good", "focused", "real", "worth",
  ],
  negative: [
    "bad", "poor", "terrible", "awful", "hate", "mess", "messy", "unfair", "frustrat*", "stress*", "exhaust*", "burn*", "overwhelm*", "tired", "toxic", "blame*", "yell*",
    "scared", "afraid", "fear*", "pressure", "pushed", "forced", "grill*", "interrogat*", "witch hunt", "shaming", "micromanag*", "favourit*", "favorit*", "waste", "useless",
    "broken", "crash*", "slow", "clunky", "tedious", "painful", "confus*", "unclear", "vague", "never", "nobody", "unrealistic", "impossible", "unachievable", "too much",
    "too many", "too high", "too long", "demoraliz*", "demoralis*", "demotivat*", "punish*", "lost", "lose", "losing", "worse", "worst", "problem*", "difficult", "angry",
    "disconnected", "ignored", "invisible", "undervalued", "sloppy", "duplicates", "taken for granted", "non-existent", "out of reach", "criticism", "lecture", "fantasy",
    "dictated", "top down", "hoard*", "poach*", "dispute*", "argument*", "low", "lack*", "delay*", "worried", "over the wall", "hurting", "unanswered", "blind", "annoy*",
    "cannot", "fail*", "no explanation", "shrank", "cut", "wrong", "only criticism", "afraid", "weakness", "interrogation", "not motivating", "tough", "churned", "empty",
    "late", "sideways", "sandbag*", "as his own", "as her own", "eats into", "eat into", "not enough", "silo*", "duplicat*", "heavy", "blame", "doubled", "nobody s", "redo", "rarely", "disconnected",
  ],
  negators: ["not", "no", "never", "nobody", "without", "cannot", "hardly", "nor", "neither", "none", "lack", "lacks", "zero"],
  contrast: ["but", "though", "although", "however", "yet", "still"],
  wishes: ["would", "could", "should", "maybe", "please", "wish", "hope", "?"],
  neutral: ["no comment*", "nothing to add", "nothing new", "best case", "n a"],
};
