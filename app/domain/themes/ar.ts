import type { Lexicon } from "./lexicon";

/**
 * Arabic (for the survey pages): patterns are found inside each word, after removing short vowels and
 * tatweel and writing أ إ آ as ا, ة as ه and ى as ي — so the prefixes و، ال، ب، ل، ف do not hide a stem.
 * لا، لم، لن، ليس، غير، عدم، ما before a feeling word turn it round.
 */
export const ar: Lexicon = {
  language: "ar",
  matching: "inside-words",
  stopwords: [],
  themes: {
    forecasting: ["توقع", "تنبو", "فوركاست", "الالتزام بالارقام", "نهايه الربع"],
    "pipeline-reviews": ["مراجعه الصفقات", "مراجعه خط", "خط المبيعات", "بايبلاين", "الفرص البيعيه"],
    "credit-territory": ["منطق", "تقسيم", "توزيع الحسابات", "العمول", "حسابات العملاء"],
    "manager-behaviour": ["مدير", "المدير", "رئيس", "قياد", "يتدخل", "يستمع"],
    "tools-crm": ["crm", "salesforce", "نظام", "ادوات", "الادوات", "اداه", "البيانات", "برنامج"],
    "workload-quota": ["الهدف", "اهداف", "الحصه", "ضغط العمل", "ساعات", "عبء", "مرهق", "ارهاق", "الوقت الكافي"],
    recognition: ["تقدير", "بالتقدير", "شكر", "مكافا", "تكريم"],
    collaboration: ["تعاون", "التعاون", "الفريق", "زملا", "التسويق", "مشارك"],
  },
  positive: ["ممتاز", "جيد", "رائع", "يدعم", "دعم", "سهل", "مفيد", "شكرا", "تقدير", "بالتقدير", "سعيد", "افضل", "يستمع"],
  negative: ["مرتفع جدا", "ضغط", "معقد", "طويل", "غير عادل", "سيء", "سيئ", "صعب", "مرهق", "ارهاق", "يتدخل", "تفرض", "مشكل"],
  negators: ["لا", "لم", "لن", "ليس", "غير", "عدم", "ما"],
  contrast: ["لكن", "ولكن", "بينما"],
  wishes: ["ارجو", "نتمني", "اتمني", "يرجي", "؟", "?"],
  neutral: ["لا توجد ملاحظات", "لا ملاحظات", "لا يوجد تعليق"],
};
