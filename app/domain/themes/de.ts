import type { Lexicon } from "./lexicon";

/** German (written without umlauts: ü → u, ß → ss). Compounds are caught with `*stem*`. */
export const de: Lexicon = {
  language: "de",
  matching: "words",
  stopwords: ["der", "die", "das", "und", "ist", "nicht", "ich", "mit", "zu", "wir", "sind", "ein", "eine", "fur", "mein", "meine", "keine", "kein", "sehr", "auch", "wird", "werden", "uns", "unsere", "im", "den", "dem", "es", "sich", "mich", "zu", "nur", "alles", "gibt", "von"],
  themes: {
    forecasting: ["forecast*", "*prognose*", "commit", "upside", "best case", "sandbag*", "*vorhersage*", "hochrechnung*", "abschlussprognose*", "quartalsende", "zahlen schon"],
    "pipeline-reviews": ["pipeline*", "*pipeline*", "deal review*", "deal-review*", "review*", "*reviews", "ausgefragt", "*chancen*", "opportunit*", "verkaufschancen"],
    "credit-territory": ["*gebiet*", "territor*", "provision*", "*provision*", "geteilt*", "zuordnung", "zugeordnet", "*kundenzuordnung*", "*aufteilung*", "accounts", "kunden sind weg", "besten kunden"],
    "manager-behaviour": ["*fuhrung*", "manager*", "chef*", "vorgesetzt*", "teamleiter*", "*leiter*", "coach*", "*mikromanag*", "micromanag*", "kontroll*", "*kontrolle*", "feedback", "vertraut", "vertrauen"],
    "tools-crm": ["crm*", "salesforce", "hubspot", "tool", "tools", "*tool", "system*", "*datenpflege*", "*pflege*", "daten*", "software", "dashboard*", "felder", "*pflichtfeld*"],
    "workload-quota": ["quote", "quoten", "*quote", "ziel", "ziele", "*ziel", "*arbeitsbelastung*", "belastung", "*stunden*", "uberstunden", "erschopft", "*stress*", "burnout", "abend", "abends", "wochenende*", "*aufwand*", "zu schaffen", "*zielvorgabe*"],
    recognition: ["*anerkennung*", "anerkannt", "*wertgeschatzt*", "*wertschatzung*", "lob", "gelobt", "*lob", "dank", "danke", "belohn*", "*praemie*", "pramie*", "befoerder*", "beforderung*"],
    collaboration: ["*zusammenarbeit*", "zusammen", "team", "kollegen", "kollegin*", "teilen", "geteilt", "*wissen*", "hilft jedem", "gegeneinander", "marketing", "presales*", "*presales*", "support", "*unterstutzung*", "ubergabe*", "silo*", "customer success"],
  },
  positive: ["gut", "gute", "vertrau*", "guten", "super", "toll", "hilf*", "hilfreich", "klar", "fair", "ehrlich", "sachlich", "wertgeschatzt", "*wertgeschatzt*", "danke", "dank", "lob", "unterstutz*", "zufrieden", "erleichter*", "besser", "prima", "weiter so", "gerne", "gern", "sehr gut", "hort zu", "vertraut", "freue", "spass", "motiviert", "deutlich"],
  negative: ["schlecht*", "unfair", "druck", "*druck*", "stress*", "erschopft", "unrealistisch", "albtraum", "langsam", "kontroll*", "*kontrolle*", "mikromanag*", "*mikromanag*", "diktiert", "falsch", "gegeneinander", "ewig", "kaum", "selten", "nie", "niemand", "zu hoch", "zu viel", "nicht zu schaffen", "ohne", "frust*", "unklar", "schwierig", "keine unterstutzung", "verkleinert", "weg", "uberladen", "frisst", "nur ausgefragt", "reine kontrolle", "problem*", "angst", "chaos"],
  negators: ["nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "ohne", "niemand", "kaum"],
  negatorsAfter: ["nicht", "nie"],
  contrast: ["aber", "doch", "jedoch", "trotzdem", "allerdings"],
  wishes: ["wurde", "ware", "konnte", "sollte", "bitte", "vielleicht", "wunsche", "?"],
  neutral: ["keine weiteren anmerkungen", "keine anmerkung*", "nichts hinzuzufugen", "nichts neues", "best case"],
};
