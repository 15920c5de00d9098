import type { ReactNode } from "react";

/**
 * The box a table scrolls sideways in on a narrow screen. It is a labelled region that takes keyboard
 * focus, so that someone without a mouse or touch screen can scroll it with the arrow keys (WCAG 2.1.1).
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
