import type { Lexicon } from "./lexicon";

/** French (written without accents: é → e). "ne … pas": the "ne"/"n'" before the verb negates what follows. */
export const fr: Lexicon = {
  language: "fr",
  matching: "words",
  stopwords: ["le", "la", "les", "et", "est", "des", "je", "pas", "une", "un", "nous", "pour", "du", "mon", "ma", "mes", "sur", "ne", "trop", "c", "l", "d", "qu", "n", "au", "aux", "on", "ce", "ca", "tres", "avec", "sont", "plus", "se", "me", "sans", "il", "elle", "jamais"],
  themes: {
    forecasting: ["forecast*", "prevision*", "commit", "upside", "best case", "sandbag*", "fin de trimestre", "projection*", "chiffres"],
    "pipeline-reviews": ["pipeline*", "pipe", "revue* de deal*", "revue* de pipeline", "revues de deals", "revue*", "points pipeline", "point pipeline", "opportunite*", "affaires en cours"],
    "credit-territory": ["territoire*", "secteur*", "decoupage", "repartition", "comptes", "commission*", "affaires partagees", "partage des", "attribution*", "portefeuille*", "meilleurs clients"],
    "manager-behaviour": ["manager*", "responsable*", "chef*", "direction", "micro-management", "micromanag*", "micro", "coach*", "feedback", "a l ecoute", "ecoute", "disponible", "soutien*", "soutient"],
    "tools-crm": ["crm", "salesforce", "hubspot", "outil*", "logiciel*", "saisie", "champs", "champ*", "donnees", "systeme*", "tableau* de bord", "dashboard*"],
    "workload-quota": ["quota*", "objectif*", "charge de travail", "charge", "epuise*", "fatigue*", "stress*", "heures", "week-end*", "reunions internes", "trop de reunions", "reporting", "burn-out", "burnout", "surcharge*"],
    recognition: ["reconn*", "valoris*", "felicitation*", "merci", "remerci*", "recompense*", "prime*", "promotion*", "apprecie*", "bravo"],
    collaboration: ["collaborat*", "entraide", "equipe avant-vente", "avant-vente", "avant vente", "ensemble", "partage", "partager", "partagent", "partagez", "chacun dans son coin", "dans son coin", "marketing", "customer success", "support", "transfert", "collegue*", "cooperat*", "silo*"],
  },
  positive: ["bien", "bon", "bonne", "tres bien", "super", "excellent*", "genial", "merci", "reconnu*", "valorise*", "felicitation*", "motiv*", "disponible", "a l ecoute", "soutien*", "soutient", "atteignable*", "mieux", "pratique*", "utile*", "clair*", "aide", "aident", "content*", "ambitieux mais", "beaucoup mieux", "concentre"],
  negative: ["pression", "injuste*", "lent*", "trop", "epuise*", "fatigue*", "stress*", "irrealiste*", "interrogatoire", "micro-management", "micromanag*", "jamais", "aucun*", "mal", "sans nous", "ne servent a rien", "rien", "complique*", "enorme", "pesante", "difficile*", "probleme*", "temps fou", "diminue", "toujours aux memes", "frustr*", "nul*", "pire"],
  negators: ["ne", "n", "pas", "jamais", "aucun", "aucune", "sans", "ni", "rien", "plus"],
  contrast: ["mais", "cependant", "pourtant", "toutefois", "quand meme"],
  wishes: ["serait", "pourrait", "devrait", "peut-etre", "peut etre", "svp", "souhait*", "?"],
  neutral: ["pas de commentaire*", "rien a signaler", "rien a ajouter", "best case"],
};
