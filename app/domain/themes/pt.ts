import type { Lexicon } from "./lexicon";

/** Portuguese (Brazil), written without accents: ã → a, ç → c. */
export const pt: Lexicon = {
  language: "pt",
  matching: "words",
  stopwords: ["estou", "eu", "pela", "pelo", "nas", "tambem", "aqui", "nada", "sinto", "ja", "o", "os", "as", "e", "de", "que", "nao", "muito", "meu", "minha", "por", "com", "um", "uma", "nos", "para", "em", "do", "da", "dos", "das", "esta", "sao", "ha", "voce", "ao", "isso", "mas", "time", "sem", "nossa", "nosso", "foi", "so", "todos"],
  themes: {
    forecasting: ["forecast*", "previs*", "commit", "upside", "fim de trimestre", "projecao*", "comprometer"],
    "pipeline-reviews": ["pipeline*", "pipe", "revisao de pipeline", "revisoes de oportunidade*", "revis*", "oportunidade*", "funil", "reunioes de pipeline"],
    "credit-territory": ["territorio*", "carteira*", "contas", "comissao*", "comissoes", "venda compartilhada", "divisao*", "distribuicao", "regiao*", "atribuicao*"],
    "manager-behaviour": ["gestor*", "gestora*", "chefe*", "gerente*", "lider*", "lideranca", "microgerenci*", "micromanag*", "coach*", "feedback*", "escuta", "apoiar", "apoia"],
    "tools-crm": ["crm", "salesforce", "hubspot", "ferramenta*", "sistema*", "campos", "dados", "software", "preenchendo", "preencher", "dashboard*", "painel", "paineis"],
    "workload-quota": ["meta", "metas", "cota*", "carga de trabalho", "carga", "esgotad*", "estresse", "horas", "hora extra", "horas extras", "insustentavel", "sobrecarga*", "entregar", "estrutura para"],
    recognition: ["reconhec*", "valorizad*", "valoriza*", "obrigad*", "agradec*", "parabeniz*", "premi*", "recompensa*", "promoc*"],
    collaboration: ["colaboracao", "colabor*", "unido", "unidos", "compartilham", "compartilhar", "pre-vendas", "pre vendas", "prevendas", "marketing", "suporte", "juntos", "trabalho em equipe", "conversam", "colegas", "silo*"],
  },
  positive: ["bom", "boa", "escuta", "compartilham", "bem", "otimo*", "otima*", "excelente*", "gostando", "gosto", "ajuda*", "ajudam", "apoia", "justas", "justos", "justa", "alcancaveis", "valorizado*", "obrigado", "obrigada", "transparencia", "unido", "unidos", "muito presente", "feliz", "melhor", "incrivel"],
  negative: ["pressao", "cobranca", "cobrar", "injusta*", "injusto*", "confuso*", "lento*", "esgotad*", "insustentavel", "imposto", "errado", "demais", "perdemos", "perdi", "reclamam", "ruim", "pessim*", "microgerenci*", "demora*", "dificil", "problema*", "ninguem", "nunca", "frustr*", "cheio", "aumentou", "diminuiu", "so para cobrar", "estresse"],
  negators: ["nao", "nunca", "jamais", "sem", "nem", "ninguem", "nenhum", "nenhuma"],
  contrast: ["mas", "porem", "embora", "contudo", "no entanto"],
  wishes: ["seria", "poderia", "deveria", "talvez", "por favor", "tomara", "?"],
  neutral: ["nada a acrescentar", "sem comentario*", "nada a declarar"],
};
