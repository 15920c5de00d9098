import type { Lexicon } from "./lexicon";

/** Spanish (written without accents: á → a, ñ → n). */
export const es: Lexicon = {
  language: "es",
  matching: "words",
  stopwords: ["estoy", "yo", "tambien", "aqui", "nada", "siento", "el", "la", "los", "las", "y", "es", "de", "que", "no", "muy", "mi", "mis", "por", "con", "un", "una", "nos", "hay", "para", "se", "en", "lo", "son", "del", "pero", "me", "al", "su", "sus", "esta", "nuestro", "nuestra", "equipo", "mucho", "siempre"],
  themes: {
    forecasting: ["forecast*", "pronostico*", "prevision*", "commit", "comprometer", "upside", "inflar", "final de trimestre", "cifras", "proyeccion*"],
    "pipeline-reviews": ["pipeline*", "pipe", "revision* de pipeline", "revision* de oportunidad*", "revision*", "oportunidades", "embudo", "reuniones de pipeline"],
    "credit-territory": ["territorio*", "cuentas", "comision*", "ventas compartidas", "venta compartida", "reparto", "reparten", "asignacion*", "cartera*", "zona*"],
    "manager-behaviour": ["jefe*", "jefa*", "gerente*", "manager*", "lider*", "direccion", "micromanag*", "microgestion", "coach*", "feedback", "escucha", "confian", "grita"],
    "tools-crm": ["crm", "salesforce", "hubspot", "herramienta*", "sistema*", "campos", "datos", "software", "actualizando", "dashboard*", "tablero*"],
    "workload-quota": ["cuota*", "objetivo*", "meta*", "carga de trabajo", "carga", "agotado*", "estres*", "horas", "demasiadas reuniones", "muchas reuniones", "tareas administrativas", "vida personal", "inalcanzable", "sobrecarga*"],
    recognition: ["reconoc*", "valorad*", "valora*", "agradec*", "felicit*", "premio*", "recompensa*", "gracias", "ascenso*"],
    collaboration: ["colaboracion", "colabor*", "companeros", "companero*", "comparten", "compartir", "preventa", "marketing", "soporte", "equipo de soporte", "juntos", "trabajo en equipo", "ayuda mutua", "silo*"],
  },
  positive: ["bien", "buen", "realista*", "escucha", "comparten", "comparte", "confian", "buena", "buenos", "muy buena", "excelente*", "genial", "encanta", "apoya", "apoyo", "util", "utiles", "ayudan", "ayuda", "justos", "justo", "justa", "valorado*", "reconoce", "reconocido*", "contento*", "mejor", "honesta", "honesto", "ahorran", "disponibles", "gracias", "feliz"],
  negative: ["presion*", "presionar*", "imposible", "inalcanzable", "agotado*", "excesiva*", "demasiad*", "lento*", "inutiles", "mal", "grita", "micromanagement", "microgestion", "estres*", "injust*", "quito", "problema*", "dificil*", "frustr*", "peor", "nadie", "nunca", "obligan"],
  negators: ["no", "nunca", "jamas", "sin", "ni", "nadie", "ningun", "ninguna", "tampoco"],
  contrast: ["pero", "aunque", "sin embargo", "aun asi"],
  wishes: ["seria", "podria", "deberia", "quizas", "quiza", "por favor", "ojala", "?"],
  neutral: ["sin comentario*", "nada que anadir", "nada mas"],
};
