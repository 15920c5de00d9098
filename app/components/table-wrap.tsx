import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * The box a table scrolls sideways in on a narrow screen. It is a labelled region that takes keyboard
 * focus, so that someone without a mouse or touch screen can scroll it with the arrow keys (WCAG 2.1.1).
 * When the table is wider than the box, a line above it says so (and which way there is more), and
 * shadows at the box's edges show that columns continue beyond them (those need no JavaScript).
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState<{ left: boolean; right: boolean } | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const check = () => {
      const overflow = element.scrollWidth - element.clientWidth > 1;
      setMore(overflow ? { left: element.scrollLeft > 1, right: element.scrollLeft + element.clientWidth < element.scrollWidth - 1 } : null);
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    element.addEventListener("scroll", check, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener("scroll", check);
    };
  }, []);
  const hint = more ? (more.right ? (more.left ? "Scroll sideways for more columns ← →" : "Scroll sideways for more columns →") : "← Scroll back for the first columns") : null;
  return (
    <>
      {hint ? (
        <p className="table-wrap__hint no-print" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div ref={ref} className={`table-wrap${more ? " table-wrap--scrolls" : ""}`} role="region" aria-label={label} aria-describedby={hint ? `${id}-hint` : undefined} tabIndex={0}>
        {children}
      </div>
    </>
  );
}
