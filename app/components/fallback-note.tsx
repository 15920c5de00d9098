import { useI18n } from "~/i18n/react";

/**
 * Said under an item shown in another language than the page's, because it has no text in the page's (issue 26,
 * ADR 055): "Not yet translated into German: shown in English." The pulse form, the program form, its preview and
 * the program page say it the same way.
 */
export function FallbackNote({ id, lang }: { id?: string; lang: string }) {
  const { t, locale } = useI18n();
  const names = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames([locale], { type: "language" }) : null;
  const name = (tag: string) => names?.of(tag) ?? tag;
  return (
    <p className="field__hint question__language" id={id}>
      {t("pulse.fallback", { wanted: name(locale), language: name(lang) })}
    </p>
  );
}
